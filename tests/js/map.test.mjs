// docs/DESIGN.md's §2 is the one map of the repository: every top-level folder, every module of the
// two crates (core/src, binding/src) and every subpath the package exports is named in it, so that
// a new folder, module or subpath that the map does not know fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";

const repo = new URL("../..", import.meta.url).pathname;
const design = readFileSync(`${repo}docs/DESIGN.md`, "utf8");

/** §2 of DESIGN.md, up to §3. */
const map = design.slice(design.indexOf("\n## 2. Layout"), design.indexOf("\n## 3. "));
/** The tree in §2's first code block, and that tree's lines from the one that opens `name` to the
 * next top-level entry. */
const tree = map.slice(map.indexOf("```\n") + 4, map.indexOf("```", map.indexOf("```\n") + 4));
function entry(name) {
  const lines = tree.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${name} `) || l === name);
  assert.ok(start >= 0, `the map has an entry for ${name}`);
  const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}
const word = (text, w) => new RegExp(`(^|[^\\w-])${w.replace(/[.*]/g, (c) => `\\${c}`)}([^\\w-]|$)`).test(text);

/** The repository's tracked top-level folders (a clone has these and nothing else). */
const folders = [...new Set(execFileSync("git", ["ls-files"], { cwd: repo, encoding: "utf8" })
  .split("\n").filter((f) => f.includes("/")).map((f) => f.split("/")[0]))].sort();

/** A crate's modules under `src`: `a` for a.rs or a/mod.rs, `a/b` for a/b.rs; lib.rs is the crate. */
function modules(src, prefix = "") {
  return readdirSync(src, { withFileTypes: true }).flatMap((f) => {
    if (f.isDirectory()) return [`${prefix}${f.name}`, ...modules(`${src}/${f.name}`, `${prefix}${f.name}/`)];
    const stem = f.name.replace(/\.rs$/, "");
    return f.name.endsWith(".rs") && stem !== "lib" && stem !== "mod" ? [`${prefix}${stem}`] : [];
  });
}

test("the map's tree has an entry for every top-level folder, and none for a folder that is gone", () => {
  assert.ok(folders.length >= 10, folders.join(" "));
  for (const folder of folders) entry(`${folder}/`);
  const listed = tree.split("\n").filter((l) => /^\S+\/ /.test(l) || /^\S+\/$/.test(l)).map((l) => l.split(" ")[0].replace(/\/$/, ""));
  assert.deepEqual(listed.filter((f) => !folders.includes(f)), [], "folders in the map that the repository lacks");
});

for (const [crate, src] of [["core/", "core/src"], ["binding/", "binding/src"]]) {
  test(`the map names every module of ${src}`, () => {
    const text = entry(crate);
    const missing = modules(`${repo}${src}`).filter((m) => {
      const parts = m.split("/");
      // A module in a folder: the folder as `a/`, and the module's own name, in the crate's entry.
      return parts.length > 1 ? !(text.includes(`${parts.slice(0, -1).join("/")}/`) && word(text, parts.at(-1))) : !word(text, m);
    });
    assert.deepEqual(missing, [], `modules of ${src} the map does not name`);
  });
}

test("the map names every subpath the package exports, as an import names it", () => {
  const { exports } = JSON.parse(readFileSync(`${repo}package/package.json`, "utf8"));
  const subpaths = Object.keys(exports).map((k) => (k === "." ? "crumbtrail" : `crumbtrail${k.slice(1)}`));
  assert.ok(subpaths.length >= 10);
  const missing = subpaths.filter((s) => !map.includes(`\`${s}\``));
  assert.deepEqual(missing, [], "subpaths of package.json's exports that the map's table lacks");
});

test("the layers the map states are the ones core/tests/layers.rs enforces, in its order", () => {
  const rust = readFileSync(`${repo}core/tests/layers.rs`, "utf8");
  for (const [name, crate] of [["CORE", "The core"], ["BINDING", "The binding"]]) {
    const table = rust.slice(rust.indexOf(`const ${name}: &Layers`), rust.indexOf("];", rust.indexOf(`const ${name}: &Layers`)));
    const order = [...table.matchAll(/&\[([^\]]*)\]/g)].map((m) => [...m[1].matchAll(/"(\w+)"/g)].map((n) => n[1]));
    assert.ok(order.length >= 4, name);
    const stated = map.slice(map.indexOf(`- ${crate}, lowest first`));
    const line = stated.slice(0, stated.indexOf("\n- ") < 0 ? undefined : stated.indexOf("\n- "));
    // Each layer's modules are named, and each after every module of the layers below.
    let after = 0;
    for (const layer of order) {
      const at = layer.map((m) => line.search(new RegExp(`\\b${m}\\b`)));
      assert.ok(at.every((i) => i >= 0), `${crate}'s layers in the map name ${layer.join(", ")}`);
      assert.ok(Math.min(...at) >= after, `${crate}'s layer of ${layer.join(", ")} comes after the ones below it`);
      after = Math.max(...at);
    }
  }
});
