// Holdouts stick through the built package in Node: with a fixed clock (`now: () => T0`), every
// reload over the same storage keeps the visitor id and the holdout arm. Before the fix, about one
// reload in seven gave a fresh id (same-millisecond births, the smaller id won); 80 shoppers with
// 4 reloads each would all pass by chance with probability (6/7)^320, about 1e-21.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Personalizer } from "../../pkg/node.js";

const T0 = 1_750_000_000_000;
/** @type {any[]} content fields of the test's own (`t`) */
const messages = [
  { id: "test", slot: "s", priority: 1, holdout: 0.5, content: { t: "test" } },
  { id: "base", slot: "s", content: { t: "base" } },
];

function memoryStorage() {
  const map = new Map();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, String(v)), removeItem: (k) => void map.delete(k) };
}

const visitorIn = (storage) => JSON.parse(storage.getItem("crumbtrail")).visitor;

test("reloads with a fixed clock keep the visitor id and the holdout arm", () => {
  const arms = new Set();
  for (let shopper = 0; shopper < 80; shopper++) {
    const storage = memoryStorage();
    const errors = [];
    const open = () => new Personalizer({ storage, now: () => T0, messages, onError: (e) => errors.push(e.message) });
    const first = open();
    const arm = first.decide("s").id;
    first.flush();
    const visitor = visitorIn(storage);
    first.free();
    arms.add(arm);
    for (let reload = 1; reload <= 4; reload++) {
      const again = open();
      assert.equal(again.decide("s").id, arm, `shopper ${shopper}, reload ${reload}`);
      again.flush();
      assert.equal(visitorIn(storage), visitor, `shopper ${shopper}, reload ${reload}`);
      again.free();
    }
    assert.deepEqual(errors, []);
  }
  assert.deepEqual([...arms].sort(), ["base", "test"], "both arms were checked");
});

test("consent pending then granted adopts the stored visitor id", () => {
  for (let shopper = 0; shopper < 40; shopper++) {
    const storage = memoryStorage();
    const first = new Personalizer({ storage, now: () => T0, messages });
    first.flush();
    const visitor = visitorIn(storage);
    const arm = first.decide("s").id;
    first.free();
    const later = new Personalizer({ storage, now: () => T0, messages, consent: "pending" });
    later.setConsent("granted");
    assert.equal(visitorIn(storage), visitor, `shopper ${shopper}`);
    assert.equal(later.decide("s").id, arm, `shopper ${shopper}`);
    later.free();
  }
});
