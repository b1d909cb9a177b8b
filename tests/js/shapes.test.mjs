// The API's TypeScript shapes are written once, in binding/types/shapes.d.ts, and scripts/build
// puts them into both declaration files wasm-bindgen generates: each declaration of the source is
// in pkg/web/crumbtrail.d.ts and pkg/node/crumbtrail.d.ts once, with the same text (whitespace and
// comments aside). tests/package/ compiles against them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
/** Declarations at the top level, by name, with their text (doc comments left out), whitespace folded. */
function declarations(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\/\/.*$/gm, "");
  const found = new Map();
  const starts = [...code.matchAll(/^export (?:declare )?(?:type|interface|class|function|const) +(\w+)/gm)];
  starts.forEach((m, i) => {
    const text = code.slice(m.index, i + 1 < starts.length ? starts[i + 1].index : code.length);
    found.set(m[1], [...(found.get(m[1]) ?? []), text.replace(/\s+/g, " ").trim()]);
  });
  return found;
}

const source = declarations(read("binding/types/shapes.d.ts"));

test("the source declares the shapes the package documents", () => {
  for (const name of ["Stage", "PersonalizerOptions", "TrailEvent", "Decision", "StageReport", "Attributes", "ErrorCode", "Recommender"]) {
    assert.ok(source.has(name), name);
  }
});

for (const dts of ["pkg/web/crumbtrail.d.ts", "pkg/node/crumbtrail.d.ts"]) {
  test(`${dts} carries each shape once, as written`, () => {
    const built = declarations(read(dts));
    for (const [name, [text]] of source) {
      assert.deepEqual(built.get(name), [text], name);
    }
  });
}
