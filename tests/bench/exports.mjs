// What each part of the JavaScript API costs the browser's wasm on its own: the build with those
// exports removed (binaryen's wasm-metadce, then the same `wasm-opt -Oz` as scripts/build), against
// the build with all of them, both gzip -9 by Node's zlib. The code a removed export shares with
// the rest stays, so each figure is what leaving that part out of the wasm would save — the
// question "which work belongs in the wasm at all" asks. Used by scripts/bench; on its own:
//   node tests/bench/exports.mjs target/bench/crumbtrail-storefront_bg.wasm
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const bin = new URL("../../node_modules/.bin/", import.meta.url).pathname;
/** The parts measured: a name, and the wasm-bindgen exports that make it up. */
/** @type {[string, RegExp][]} */
export const PARTS = [
  ["decide, seen, clicked, dismissed, exposed (messages)", /^personalizer_(decide|seen|clicked|dismissed|exposed)$/],
  ["render", /^personalizer_render$/],
  ["CompiledCondition, evalCondition (conditions on their own)", /^(compiledcondition_|__wbg_compiledcondition_|evalCondition$)/],
  ["recommendationRequest, setRecommender (the hook of crumbtrail/recommend)", /^personalizer_(recommendationRequest|setRecommender)$/],
  ["stage", /^personalizer_stage$/],
  ["attributes", /^personalizer_attributes$/],
  ["export", /^personalizer_export$/],
  ["forget", /^personalizer_forget$/],
  ["setConsent", /^personalizer_setConsent$/],
  ["track", /^personalizer_track$/],
];

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** gzip -9 of `wasm` (its exports `names`) with those `drop` matches removed, optimised as scripts/build does. */
function without(wasm, names, drop, dir) {
  const graph = names.filter((name) => !drop.test(name)).map((name, i) => ({ name: `e${i}`, export: name, root: true }));
  const input = join(dir, "graph.json");
  writeFileSync(input, JSON.stringify(graph));
  const out = join(dir, "out.wasm");
  execFileSync(`${bin}wasm-metadce`, [wasm, "-f", input, "-o", out], { stdio: ["ignore", "ignore", "inherit"] });
  execFileSync(`${bin}wasm-opt`, ["-Oz", "--low-memory-unused", "--strip-debug", out, "-o", out]);
  return gz(readFileSync(out));
}

/** Rows of { part, exports, savesGzip } for the wasm-bindgen output `wasm` (names not minified). */
export function exportCosts(wasm) {
  const dir = mkdtempSync(join(tmpdir(), "crumbtrail-exports-"));
  try {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasm))).map((e) => e.name);
    const all = without(wasm, names, /^$/, dir);
    const rows = PARTS.map(([part, match]) => ({
      part,
      exports: names.filter((n) => match.test(n)).length,
      savesGzip: all - without(wasm, names, match, dir),
    }));
    return { allGzip: all, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { allGzip, rows } = exportCosts(process.argv[2] ?? "target/bench/crumbtrail-storefront_bg.wasm");
  console.log(`all exports: ${allGzip} B gzip (names not shortened)`);
  for (const r of rows) console.log(`${String(r.savesGzip).padStart(6)} B  ${r.part} (${r.exports} exports)`);
}
