// Shortens the names the web build's wasm and its glue share, in both files at once.
//
//   node scripts/minify-names.mjs <dir>   (a wasm-bindgen --target web output: crumbtrail.js and
//                                           crumbtrail_bg.wasm, already through wasm-opt)
//
// wasm-bindgen names every import after the JavaScript it calls plus a hash
// (`__wbg_removeItem_6db621e167d16a1c`), and each name is written twice, in the wasm's import
// section and as a key in the glue: ≈ 2 KB gzip of hashes. binaryen's
// --minify-imports-and-exports-and-modules renames every import, export and module to a letter or
// two and prints the mapping; this script applies that mapping to the glue and refuses to finish if
// any old name is left.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const wasmPath = join(dir, "crumbtrail_bg.wasm");
const gluePath = join(dir, "crumbtrail.js");
const wasmOpt = new URL("../node_modules/.bin/wasm-opt", import.meta.url).pathname;

const mapping = JSON.parse(
  execFileSync(wasmOpt, ["--minify-imports-and-exports-and-modules", wasmPath, "-o", wasmPath], { encoding: "utf8" }),
);
const fail = (why) => {
  console.error(`minify-names: ${why}`);
  process.exit(1);
};

// All imports end up in one module; the glue builds one object per JavaScript module.
const module = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath)))[0]?.module;
let glue = readFileSync(gluePath, "utf8");
const returned = glue.match(/return \{\s*__proto__: null,((?:\s*"[^"]+": \w+,)+)\s*\};/);
if (!returned) fail("the glue's import object is not where it was expected");
const objects = Object.fromEntries([...returned[1].matchAll(/"([^"]+)": (\w+),/g)].map((m) => [m[1], m[2]]));

// The glue's own imports (`__wbg_…: function`) are renamed where they are defined; a snippet's
// exports keep their names in the snippet and are picked out of its namespace.
const own = objects["./crumbtrail_bg.js"];
const picked = [];
for (const [from, name, short] of mapping.imports) {
  if (from === "./crumbtrail_bg.js") {
    const key = new RegExp(`(\\n\\s*)${name}:`, "g");
    if ((glue.match(key) ?? []).length !== 1) fail(`import ${name} is not defined exactly once`);
    glue = glue.replace(key, (_, lead) => `${lead}${short}:`); // a function: short names may hold "$"
  } else if (objects[from]) {
    picked.push(`${short}: ${objects[from]}.${name}`);
  } else {
    fail(`no object for module ${from}`);
  }
}
glue = glue.replace(returned[0], () => `return { ${JSON.stringify(module)}: Object.assign(${own}, { ${picked.join(", ")} }) };`);

for (const [name, short] of mapping.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${name}\\b`, "g"), () => `wasm.${short}`);
}
const left = [...mapping.imports.map(([, name]) => name).filter((n) => n.startsWith("__wbg")), ...mapping.exports.map(([n]) => n)]
  .filter((name) => new RegExp(`\\bwasm\\.${name}\\b|\\n\\s*${name}:`).test(glue));
if (left.length) fail(`names left in the glue: ${left.join(", ")}`);
writeFileSync(gluePath, glue);
console.log(`minify-names: ${mapping.imports.length} imports and ${mapping.exports.length} exports renamed`);
