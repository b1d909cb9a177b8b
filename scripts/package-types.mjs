// `node scripts/package-types.mjs pkg`: makes the declarations say what the package really does.
// The API's shapes (`Stage`, `PersonalizerOptions`, `Decision`…) are written by hand in
// binding/types/shapes.d.ts; they go at the top of each declaration file wasm-bindgen generates
// (web/ and node/), whose signatures name them (binding/src/types.rs). `--shapes file.d.ts` does
// only that, for a build outside the package (the calibration page).
// wasm-bindgen ends web/crumbtrail.d.ts with its loader's types: `InitOutput`, the raw wasm exports
// typed with `any` under names that scripts/minify-names.mjs has since changed, and `initSync` and
// `__wbg_init` returning it. index.d.ts declares crumbtrail's own `init` and `initSync` instead, so
// that tail is cut down to the two input types they take. And `crumbtrail/crumbtrail_bg.wasm`
// (the wasm for bundlers that turn a file into its URL) gets the declaration of such an import in
// place of wasm-bindgen's list of raw exports.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The names a declaration text declares at its top level. */
const declared = (text) => new Set([...text.matchAll(/^export (?:declare )?(?:type|interface|class|function|const|enum) +(\w+)/gm)].map((m) => m[1]));

/** Puts the shapes after the generated file's header (its two lint comments), once. */
function withShapes(file) {
  const source = readFileSync(new URL("../binding/types/shapes.d.ts", import.meta.url), "utf8");
  // The source's leading `//` lines are a note for whoever edits it; the declarations ship.
  const shapes = source.replace(/^(?:\/\/.*\n|\s*\n)*/, "");
  const text = readFileSync(file, "utf8");
  const header = "/* tslint:disable */\n/* eslint-disable */\n";
  if (!text.startsWith(header)) throw new Error(`package-types: ${file} does not start with wasm-bindgen's header`);
  const twice = [...declared(shapes)].filter((name) => declared(text).has(name));
  if (twice.length) throw new Error(`package-types: ${file} already declares ${twice.join(", ")}`);
  writeFileSync(file, `${header}\n${shapes}\n${text.slice(header.length)}`);
}

if (process.argv[2] === "--shapes") {
  withShapes(process.argv[3]);
  process.exit(0);
}

const pkg = process.argv[2];
for (const dir of ["web", "node"]) withShapes(join(pkg, dir, "crumbtrail.d.ts"));
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
