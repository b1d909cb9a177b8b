// Big inputs through the package's boundary (Node): deep conditions, a 1 MB string, 200 items,
// 1,000 messages — taken in bounded time, or refused with a clear message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Personalizer, evalCondition } from "../../pkg/node.js";

const nested = (levels) => {
  /** @type {import("../../pkg/node/crumbtrail.js").Condition} */
  let c = { orders: { $gte: 1 } };
  for (let i = 2; i < levels; i++) c = { $and: [c] };
  return c;
};

test("a condition nested 100 levels works; 101 is false standalone and an error in a catalogue", () => {
  assert.equal(evalCondition(nested(100), { orders: 2 }), true);
  assert.equal(evalCondition(nested(101), { orders: 2 }), false);
  assert.throws(() => new Personalizer({ storage: "memory", messages: [{ id: "d", slot: "s", when: nested(101), content: {} }] }),
    { message: "messages[0].when: nested deeper than 100 levels" });
});

test("1,000 messages, 200 items and a 1 MB string: bounded and clear", () => {
  const errors = [];
  /** @type {any[]} content fields of the test's own (`t`) */
  const messages = Array.from({ length: 1000 }, (_, i) => ({ id: `m${i}`, slot: `s${i % 10}`, when: { orders: { $gte: i % 3 } }, content: { t: "x" } }));
  let started = performance.now();
  const p = new Personalizer({ storage: "memory", messages, onError: (e) => errors.push(e.message) });
  const built = performance.now() - started;
  assert.throws(() => new Personalizer({ storage: "memory", messages: [...messages, { id: "one-more", slot: "s", content: /** @type {any} */ ({}) }] }), { message: "messages: at most 1000 messages" });
  const items = (n) => Array.from({ length: n }, (_, i) => ({ item_id: `s${i}`, price: 1 }));
  p.track({ event: "add_to_cart", items: items(200) });
  p.track({ event: "add_to_cart", items: items(201) });
  started = performance.now();
  p.track({ event: "view_item", items: [{ item_id: "x".repeat(1 << 20) }] });
  const refused = performance.now() - started;
  assert.equal(p.stage().metrics.cartAdds, 1);
  assert.ok(p.decide("s3", { q: "y".repeat(1 << 20) }));
  assert.deepEqual(errors, [
    'crumbtrail: track("add_to_cart"): items: more than 200 entries',
    'crumbtrail: track("view_item"): items[0].item_id: longer than 256 characters',
  ]);
  console.log(`1,000 messages read in ${built.toFixed(1)} ms; a 1 MB item id refused in ${refused.toFixed(1)} ms`);
});
