// crumbtrail/recommend against the Rust reader and scorer it replaces in the storefront:
// tests/data/recommend-parity.json holds what core/tests/recommend_parity.rs works out in Rust (and
// fails on when it drifts): the ranking and scores for 40 shoppers' trails on a generated file
// (long, non-ASCII and tied ids and scores), and the verdict on 396 damaged files. The JavaScript
// module must give the same, through its public functions. And a damaged or hostile file is
// refused quickly, whatever its header claims.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { recommend, useRecommendations } from "../../pkg/recommend.js";

const golden = JSON.parse(readFileSync(new URL("../data/recommend-parity.json", import.meta.url), "utf8"));

/** A stand-in Personalizer: what the module reads from one, with a given request.
 * @returns {any} */
function shopper(request) {
  const p = { hook: null, setRecommender: (f) => (p.hook = f), recommendationRequest: () => request };
  return p;
}

/** Scores equal to the last bit or two: Math.exp and Rust's exp may round their last bit apart. */
const close = (a, b) => Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));

test("the JavaScript scorer ranks as the Rust scorer: same items, same order, same scores", () => {
  assert.equal(golden.cases.length, 40);
  let items = 0;
  for (const [index, { expected, ...request }] of golden.cases.entries()) {
    const { n } = request;
    const p = shopper(request);
    assert.equal(useRecommendations(p, golden.model), 300);
    const got = recommend(p, n);
    assert.deepEqual(got.map(({ id, name, href }) => ({ id, name, href })), expected.map(({ id, name, href }) => ({ id, name, href })), `case ${index}`);
    got.forEach((item, k) => assert.ok(close(item.score, expected[k].score), `case ${index}, item ${k}: ${item.score} vs ${expected[k].score}`));
    // The engine's hook ranks the same way for the attribute's 4.
    const top = p.hook({ ...request, n: 4 }).map((r) => r.id);
    const shared = Math.min(n, 4);
    assert.ok(top.length <= 4);
    assert.deepEqual(top.slice(0, shared), expected.slice(0, shared).map((r) => r.id), `hook, case ${index}`);
    items += got.length;
  }
  assert.ok(items > 200, `${items} items compared`);
});

/** The damaged text, as the Rust test made it (by code points and by lines). */
function damage(text, [name, a, b]) {
  const chars = [...text];
  const lines = text.split("\n");
  switch (name) {
    case "cut": return chars.slice(0, a).join("");
    case "set": chars[a] = b; return chars.join("");
    case "remove": chars.splice(a, 1); return chars.join("");
    case "double": chars.splice(a, 0, chars[a]); return chars.join("");
    case "swap": [lines[a], lines[b]] = [lines[b], lines[a]]; return lines.join("\n");
    case "repeat": lines.splice(a, 0, lines[a]); return lines.join("\n");
    case "header": lines[0] = a; return lines.join("\n");
    case "text": return a;
  }
  throw new Error(`unknown damage ${name}`);
}

test("damaged files: refused with invalid_model and the Rust reader's message (naming the line), or read as it reads them", () => {
  assert.equal(golden.damaged.length, 396);
  const p = shopper(null);
  useRecommendations(p, golden.small);
  const inUse = p.hook;
  for (const { damage: how, items, error } of golden.damaged) {
    const text = damage(golden.small, how);
    if (error === null) {
      assert.equal(useRecommendations(p, text), items, JSON.stringify(how));
      useRecommendations(p, golden.small);
      continue;
    }
    assert.throws(() => useRecommendations(p, text), (/** @type {import("../../pkg/node/crumbtrail.js").CrumbtrailError} */ e) => e instanceof Error && e.code === "invalid_model" && e.message === error, `${JSON.stringify(how)}: ${error}`);
  }
  assert.ok(golden.damaged.filter((d) => d.error?.includes("line ")).length > 200, "most messages name the line");
  useRecommendations(p, golden.small);
  const before = p.hook;
  assert.throws(() => useRecommendations(p, "crumbtrail-recommendations 1 2 5\n"), (/** @type {any} */ e) => e.code === "invalid_model");
  assert.equal(p.hook, before, "a refused file leaves the one in use");
  assert.ok(inUse);
});

test("a hostile file is refused quickly and never allocates out of proportion to its text", () => {
  const started = performance.now();
  const header = (items) => `crumbtrail-recommendations 1 ${items} 5\n`;
  const hostile = [
    header(16_777_216) + "a\n".repeat(1000), // claims 16 million items
    header(100_000) + "x\n".repeat(100_000), // enough lines for ids, none for lists
    header(3) + "a\nb\nc\n" + "A".repeat(1_000_000) + "\n\n\n\n\n", // one very long list line
    header(2) + "a\t" + "n".repeat(100_000) + "\nb\n\n\n\n\n", // a name too long
    header(200_000) + Array.from({ length: 200_000 }, (_, i) => `id${String(i).padStart(7, "0")}`).join("\n") + "\n" + "\n".repeat(399_999) + "x", // trailing text after 200,000 items
  ];
  for (const text of hostile) {
    const before = process.memoryUsage().heapUsed;
    assert.throws(() => useRecommendations(shopper(null), text), (/** @type {any} */ e) => e.code === "invalid_model" && /recommendations: /.test(e.message));
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 40 * text.length + 16e6, `${grown} bytes for ${text.length} characters`);
  }
  assert.throws(() => useRecommendations(shopper(null), /** @type {any} */ (42)), (/** @type {any} */ e) => e.code === "invalid_argument");
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 5000, `${Math.round(elapsed)} ms`);
});
