// The web pixel's inbox (crumbtrail/shopify: pixelInbox writes, drainInbox takes in), in Node with
// an asynchronous storage standing in for Web Pixels' `browser.localStorage` and a Map for the
// page's localStorage: what is written and never more of it, the order and exactly-once of what is
// tracked, and consent. In the browsers, tests/shopify/checks.mjs runs the pixel itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import init, { Personalizer } from "../../pkg/node.js";
import { drainInbox, pixelInbox } from "../../pkg/shopify.js";
import { purchaseEvents } from "./storefront.mjs";

await init();

/** A localStorage (synchronous, the page's) and the same storage as a pixel sees it (asynchronous). */
function storages() {
  const map = new Map();
  /** @type {Storage} the part of Storage that drainInbox uses */
  const page = /** @type {any} */ ({
    get length() { return map.size; },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  });
  const later = (f) => new Promise((resolve) => setTimeout(() => resolve(f()), 1));
  const pixel = {
    getItem: (k) => later(() => page.getItem(k)),
    setItem: (k, v) => later(() => page.setItem(k, v)),
    removeItem: (k) => later(() => page.removeItem(k)),
    key: (i) => later(() => page.key(i)),
    length: () => later(() => page.length),
  };
  const inbox = () => [...map.keys()].filter((k) => k.startsWith("crumbtrail:inbox:")).sort();
  return { map, page, pixel, inbox };
}

const T0 = Date.UTC(2026, 11, 1, 12);
const view = (n) => ({
  id: `view-${n}`, name: "product_viewed", timestamp: new Date(T0 + n * 1000).toISOString(),
  data: { productVariant: { id: `v${n}`, price: { amount: 10, currencyCode: "EUR" }, product: { id: `p${n}`, title: `Product ${n}`, type: "Maps" } } },
});

test("the pixel writes what crumbtrail uses, one key per event, nothing personal; events crumbtrail does not use write nothing", async () => {
  const { pixel, map, inbox } = storages();
  const add = pixelInbox(pixel);
  await Promise.all([...purchaseEvents("1001", T0), { id: "s1", name: "search_submitted", data: { searchResult: { query: "boots" } } }, { id: "cv", name: "cart_viewed", data: { cart: null } }].map(add));
  assert.deepEqual(inbox().map((k) => k.split(":").slice(3).join(":")), ["e:sh-1001-1", "p:sh-1001-2"]);
  const purchase = JSON.parse(map.get(inbox()[1]));
  assert.deepEqual(purchase, {
    event: "purchase", ts: T0, transaction_id: "gid://shopify/Order/1001", currency: "EUR", value: 89,
    items: [{ item_id: "gid://shopify/Product/7", item_name: "Trail runner", item_category: "Shoes", item_variant: "43", price: 89, quantity: 1 }],
  });
  assert.doesNotMatch(JSON.stringify([...map]), /ada@example|Utrecht|token-1001/);
});

test("the inbox never holds more than 16 events: the oldest give way, purchases last; a checkout keeps 20 items at most", async () => {
  const { pixel, map, inbox } = storages();
  const add = pixelInbox(pixel);
  const [, first] = purchaseEvents("1", T0 - 5000);
  const [, second] = purchaseEvents("2", T0 + 20_500);
  const writes = [];
  for (let n = 0; n < 40; n++) {
    writes.push(add(view(n)));
    if (n === 3) writes.push(add(first));
    if (n === 20) writes.push(add(second));
  }
  await Promise.all(writes);
  const keys = inbox();
  assert.equal(keys.length, 16);
  assert.deepEqual(keys.filter((k) => k.includes(":p:")).length, 2, "both purchases kept");
  assert.deepEqual(keys.filter((k) => k.includes(":e:")).map((k) => k.split(":").pop()), Array.from({ length: 14 }, (_, i) => `view-${26 + i}`), "the newest views");

  /** @type {any} */
  const [, big] = purchaseEvents("3", T0);
  big.data.checkout.lineItems = Array.from({ length: 50 }, (_, i) => ({ quantity: 1, variant: { id: `v${i}`, price: { amount: 1 }, product: { id: `p${i}`, title: "x" } } }));
  await add(big);
  const stored = JSON.parse(map.get(inbox().find((k) => k.endsWith("sh-3-2"))));
  assert.equal(stored.items.length, 20);
  assert.equal(stored.value, 89, "the order's value is the checkout's total, whatever the items kept");
});

test("drainInbox tracks what waits in time order and removes it; the same purchase written again counts once", async () => {
  const { pixel, page, inbox } = storages();
  const add = pixelInbox(pixel);
  const p = new Personalizer({ storage: "memory", now: () => T0 + 60_000 });
  let told = 0;
  for (const event of [view(1), view(2), ...purchaseEvents("1001", T0 + 10_000)]) await add(event);
  const stop = drainInbox(p, { storage: page, intervalMs: 5, onTracked: (n) => (told += n) });
  assert.deepEqual(inbox(), []);
  assert.equal(told, 4);
  const { metrics, stage } = p.stage();
  assert.deepEqual([stage, metrics.orders, metrics.itemViews], ["development", 1, 2]);
  // The order status page fires checkout_completed again: written again, drained on the next tick.
  await add(purchaseEvents("1001", T0 + 10_000)[1]);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(inbox(), []);
  assert.equal(p.stage().metrics.orders, 1);
  stop();
  await add(view(3));
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(inbox().length, 1, "stopped: nothing drained");
});

test("the inbox waits while the profile's consent is pending, and is emptied unread when it is denied", async () => {
  const { pixel, page, inbox } = storages();
  const add = pixelInbox(pixel);
  const p = new Personalizer({ storage: "memory", consent: "pending", now: () => T0 + 60_000 });
  for (const event of purchaseEvents("7", T0)) await add(event);
  const stop = drainInbox(p, { storage: page, intervalMs: 5 });
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(inbox().length, 2, "pending: it waits");
  p.setConsent("granted");
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual([inbox().length, p.stage().metrics.orders], [0, 1]);
  p.setConsent("denied");
  await add(view(9));
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual([inbox().length, p.stage().metrics.itemViews], [0, 0], "denied: emptied, not tracked");
  stop();
});
