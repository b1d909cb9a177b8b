// The wasm's memory stays bounded over a long session: the allocator (binding/src/alloc.rs) reuses
// freed blocks, so after a warm-up the heap stops growing however long the shopper goes on.
import { test } from "node:test";
import assert from "node:assert/strict";

// The package does not expose the instance; catch its exports as the module instantiates it.
const Instance = WebAssembly.Instance;
/** @type {WebAssembly.Exports & { memory: WebAssembly.Memory }} */
let exports;
// A plain function in place of the class (a constructor called with `new` may return an object).
/** @type {any} */ (WebAssembly).Instance = function (/** @type {[WebAssembly.Module, WebAssembly.Imports]} */ ...args) {
  const instance = new Instance(...args);
  exports = /** @type {typeof exports} */ (instance.exports);
  return instance;
};
const { Personalizer } = await import("../../pkg/node.js");
WebAssembly.Instance = Instance;

const MiB = 1024 * 1024;
const heap = () => exports.memory.buffer.byteLength;

test("300,000 events, decisions and exports: the heap stops growing after the first 30,000", async () => {
  const stored = new Map();
  const storage = { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => stored.set(k, v), removeItem: (k) => stored.delete(k) };
  const messages = Array.from({ length: 50 }, (_, i) => ({
    id: `m${i}`, slot: `slot${i % 5}`, priority: i % 7, cap: { impressions: 3, days: 7 },
    when: { $or: [{ orders: { $gte: i % 4 } }, { purchasedCategories: { $in: [`c${i % 9}`] } }] },
    content: { title: `Hello {{ stage | there }} ${i}` },
  }));
  let now = Date.parse("2026-01-01T00:00:00Z");
  const errors = [];
  const p = new Personalizer({ storage, messages, now: () => now, onError: (e) => errors.push(e.message) });
  // Names that are not ASCII take the glue's re-allocating path into the wasm.
  const item = (i) => ({ item_id: `sku-${i % 5000}-${"x".repeat(i % 200)}`, item_name: `Zoë’s ${"🥾".repeat(i % 7)} ${i % 100}`, item_category: `c${i % 9}`, price: 1 + (i % 90), quantity: 1 + (i % 3) });
  let itemViews = 0;
  let orders = 0;
  const step = (i) => {
    now += 1000 * (1 + (i % 97)) + (i % 1000 === 0 ? 40 * 86400000 : 0);
    switch (i % 10) {
      case 0: orders++; p.track({ event: "purchase", ecommerce: { transaction_id: `t${i}`, value: 10 + (i % 50), currency: "EUR", items: [item(i), item(i + 1)] } }); break;
      case 1: p.track({ event: "add_to_cart", items: Array.from({ length: 1 + (i % 20) }, (_, k) => item(i + k)) }); break;
      case 2: p.track({ event: "page_view", page_location: `https://shop.example/p/${i}`, page_title: "t".repeat(i % 300) }); break;
      case 3: { const d = p.decide(`slot${i % 5}`, { path: `/p/${i}` }); if (d) p.seen(d.id); break; }
      case 4: p.flush(); p.export(); break;
      default: itemViews++; p.track({ event: "view_item", items: [item(i)] });
    }
  };
  // A page yields between events: the writes queued as microtasks run (and free their closures).
  const run = async (from, to) => {
    for (let i = from; i < to; i++) {
      step(i);
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await run(0, 30_000);
  const warm = heap();
  await run(30_000, 300_000);
  const end = heap();
  console.log(`heap ${(warm / MiB).toFixed(2)} MiB after 30,000 steps, ${(end / MiB).toFixed(2)} MiB after 300,000`);
  assert.deepEqual(errors, []);
  // Nothing was lost or garbled on the way: the counts match what was tracked.
  const { metrics } = p.stage();
  assert.equal(metrics.itemViews, itemViews);
  assert.equal(metrics.orders, orders);
  assert.equal(end, warm, "the heap grew after the warm-up");
  assert.ok(end <= 4 * MiB, `heap of ${end} bytes`);
});
