// `node scripts/package-types.mjs pkg`: makes the declarations say what the package really does.
// wasm-bindgen ends web/crumbtrail.d.ts with its loader's types: `InitOutput`, the raw wasm exports
// typed with `any` under names that scripts/minify-names.mjs has since changed, and `initSync` and
// `__wbg_init` returning it. index.d.ts declares crumbtrail's own `init` and `initSync` instead, so
// that tail is cut down to the two input types they take. And `crumbtrail/crumbtrail_bg.wasm`
// (the wasm for bundlers that turn a file into its URL) gets the declaration of such an import in
// place of wasm-bindgen's list of raw exports.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const pkg = process.argv[2];
const dts = join(pkg, "web/crumbtrail.d.ts");
const text = readFileSync(dts, "utf8");
const start = text.indexOf("export type InitInput");
if (start < 0) throw new Error("package-types: web/crumbtrail.d.ts has no InitInput");
// Only what is known to be there may be cut: a new declaration in the tail fails the build.
const tail = text.slice(start).replace(/\/\*\*[\s\S]*?\*\//g, "");
const names = [...tail.matchAll(/^export (?:type|interface|function|default function) +(\w+)/gm)].map((m) => m[1]);
const known = ["InitInput", "InitOutput", "SyncInitInput", "initSync", "__wbg_init"];
if (names.join() !== known.join()) throw new Error(`package-types: the loader's declarations changed: ${names.join(", ")}`);
writeFileSync(dts, `${text.slice(0, start)}/** What \`init\` loads the WebAssembly from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What \`initSync\` compiles the WebAssembly from. */
export type SyncInitInput = BufferSource | WebAssembly.Module;
`);
copyFileSync(new URL("../package/crumbtrail_bg.wasm.d.ts", import.meta.url), join(pkg, "web/crumbtrail_bg.wasm.d.ts"));
