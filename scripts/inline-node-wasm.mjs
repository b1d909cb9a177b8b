// `node scripts/inline-node-wasm.mjs pkg/node`: puts the Node build's wasm inside its glue, as
// base64, in place of `readFileSync(new URL('crumbtrail_bg.wasm', import.meta.url))`. Bundlers
// that build server code (Next.js with Turbopack or webpack) rewrite that URL into an asset URL,
// and `next build` then fails ("The "path" argument must be of type string … Received an instance
// of URL"); bytes in the module travel with it through any bundler, and the build no longer needs
// `node:fs`. The .wasm file and its declaration are removed: nothing loads them any more.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const glue = join(dir, "crumbtrail.js");
const wasm = join(dir, "crumbtrail_bg.wasm");
let code = readFileSync(glue, "utf8");
const load = "const wasmUrl = new URL('crumbtrail_bg.wasm', import.meta.url);\nconst wasmBytes = readFileSync(wasmUrl);\n";
const fsImport = "import { readFileSync } from 'node:fs';\n";
for (const expected of [load, fsImport]) {
  if (!code.includes(expected)) throw new Error(`inline-node-wasm: the glue no longer contains ${JSON.stringify(expected)}`);
}
const base64 = readFileSync(wasm).toString("base64");
code = code.replace(fsImport, "").replace(load,
  `const wasmBase64 = "${base64}";\n` +
  // Buffer where there is one (Node, Bun, Deno); atob elsewhere.
  "const wasmBytes = typeof Buffer === 'function' ? Buffer.from(wasmBase64, 'base64') : Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));\n");
writeFileSync(glue, code);
rmSync(wasm);
rmSync(`${wasm}.d.ts`, { force: true });
