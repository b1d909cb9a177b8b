// Integrations through the built package's subpath entries in Node: a GA4 dataLayer
// (crumbtrail/datalayer: object and gtag forms, Tag Manager's push wrapping in both orders,
// re-entrant pushes, detaching, hostile values), Consent Mode, Shopify and Segment payloads
// (crumbtrail/shopify, crumbtrail/segment), amounts given as text, timestamps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Personalizer } from "../../pkg/node.js";
import { listen } from "../../pkg/datalayer.js";
import { fromShopify } from "../../pkg/shopify.js";
import { fromSegment } from "../../pkg/segment.js";

function memoryStorage() {
  const map = new Map();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, String(v)), removeItem: (k) => void map.delete(k) };
}

function make(extra = {}) {
  const errors = [];
  const storage = memoryStorage();
  const p = new Personalizer({ storage, onError: (e) => errors.push(e.message), ...extra });
  return { p, errors, storage };
}

function gtag() {
  globalThis.dataLayer.push(arguments);
}

/** What Tag Manager does to a dataLayer: wraps push, calling the push it found. */
function tagManager(dataLayer, seen) {
  const previous = dataLayer.push;
  dataLayer.push = function (...entries) {
    for (const e of entries) seen.push(e);
    return previous.apply(this, entries);
  };
}

test("entries already there and later pushes, in both forms, with ecommerce resets", () => {
  const { p, errors } = make();
  /** @type {any[]} */
  const dataLayer = (globalThis.dataLayer = [
    { "gtm.start": Date.now(), event: "gtm.js" },
    { ecommerce: null },
    { event: "view_item", ecommerce: { currency: "EUR", value: 20, items: [{ item_id: "A", item_category: "Shoes", price: 20 }] } },
  ]);
  const stop = listen(p, dataLayer);
  assert.equal(p.stage().metrics.itemViews, 1);
  dataLayer.push({ ecommerce: null });
  const length = dataLayer.push({ event: "add_to_cart", ecommerce: { currency: "EUR", items: [{ item_id: "A", price: 20 }] } });
  assert.equal(length, 5, "push returns what Array.prototype.push returns");
  gtag("event", "purchase", { transaction_id: "T1", value: 20, currency: "EUR", items: [{ item_id: "A", item_category: "Shoes" }] });
  gtag("event", "login", { method: "Google" });
  dataLayer.push({ event: "purchase", ecommerce: { value: "lots" } });
  const m = p.stage().metrics;
  assert.deepEqual([m.itemViews, m.cartAdds, m.orders, m.revenue], [1, 1, 1, 20]);
  assert.deepEqual(errors, ['crumbtrail: track("purchase"): ecommerce.value: expected a number, got a string']);
  assert.equal(dataLayer.length, 8, "every entry stays in the dataLayer");
  stop();
  assert.equal(dataLayer.push, Array.prototype.push, "detaching restores the original push");
  dataLayer.push({ event: "view_item", items: [{ item_id: "B" }] });
  assert.equal(p.stage().metrics.itemViews, 1);
});

test("Tag Manager wrapping before or after crumbtrail: both keep working, and detaching keeps the later wrapper", () => {
  for (const order of ["gtm-first", "crumbtrail-first"]) {
    const { p } = make();
    const dataLayer = [];
    const seenByGtm = [];
    if (order === "gtm-first") tagManager(dataLayer, seenByGtm);
    const stop = listen(p, dataLayer);
    if (order === "crumbtrail-first") tagManager(dataLayer, seenByGtm);
    dataLayer.push({ event: "view_item", ecommerce: { items: [{ item_id: "A" }] } });
    dataLayer.push({ event: "gtm.click" });
    assert.equal(seenByGtm.length, 2, order);
    assert.equal(p.stage().metrics.itemViews, 1, order);
    const gtmPush = dataLayer.push;
    stop();
    if (order === "crumbtrail-first") assert.equal(dataLayer.push, gtmPush, "a later wrapper stays in place");
    dataLayer.push({ event: "view_item", ecommerce: { items: [{ item_id: "B" }] } });
    assert.equal(seenByGtm.length, 3, `${order}: Tag Manager still sees pushes`);
    assert.equal(p.stage().metrics.itemViews, 1, `${order}: crumbtrail no longer does`);
  }
});

test("a push made from a callback while an entry is read is read next, not lost", () => {
  const dataLayer = [];
  const stages = [];
  const { p, errors } = make({
    onStageChange: (report) => {
      stages.push(report.stage);
      dataLayer.push({ event: "crumbtrail_stage", stage: report.stage }); // re-entrant
      if (report.stage === "acquisition") dataLayer.push({ event: "sign_up", method: "callback" });
    },
  });
  listen(p, dataLayer);
  dataLayer.push({ event: "add_to_cart", ecommerce: { items: [{ item_id: "A" }] } });
  assert.equal(stages.at(-1), "acquisition");
  assert.equal(p.stage().metrics.cartAdds, 1);
  assert.equal(p.attributes().signedUp, true, "the push made inside the callback was read");
  assert.deepEqual(errors, []);
  assert.deepEqual(dataLayer.map((e) => e.event), ["add_to_cart", ...stages.map(() => "crumbtrail_stage"), "sign_up"]);
});

test("Consent Mode drives consent only when asked to", () => {
  for (const consentMode of [true, false]) {
    const { p, storage } = make();
    const dataLayer = [];
    listen(p, dataLayer, { consentMode });
    const cmd = (...args) => dataLayer.push(args);
    cmd("consent", "default", { ad_storage: "denied", personalization_storage: "denied" });
    dataLayer.push({ event: "view_item", ecommerce: { items: [{ item_id: "A" }] } });
    p.flush();
    assert.equal(storage.map.size, consentMode ? 0 : 1, "default denied keeps to memory");
    cmd("consent", "update", { personalization_storage: "granted" });
    p.flush();
    assert.equal(storage.map.size, 1, "granted writes, with what was tracked before");
    assert.equal(JSON.parse(storage.map.get("crumbtrail")).profile.tally !== undefined, true);
    cmd("consent", "update", { personalization_storage: "denied" });
    assert.equal(storage.map.size, consentMode ? 0 : 1, "update to denied erases");
  }
});

test("listen reports what is not a dataLayer instead of throwing", () => {
  const { p } = make();
  const errors = [];
  const onError = (e) => errors.push([e.code, e.message]);
  const stop = listen(p, undefined, { onError });
  assert.equal(typeof stop, "function");
  stop();
  listen(p, /** @type {any} */ ({ length: 0 }), { onError }); // not an array, on purpose
  const frozen = Object.freeze([{ event: "sign_up" }]);
  listen(p, /** @type {any} */ (frozen), { onError });
  const why = "crumbtrail: listen: expected an array such as window.dataLayer";
  assert.deepEqual(errors, [["invalid_argument", why], ["invalid_argument", why], ["invalid_argument", "crumbtrail: listen: its push could not be wrapped"]]);
  assert.equal(p.attributes().signedUp, false, "nothing was read from the array whose push could not be wrapped");
});

test("Shopify and Segment payloads through the exports", () => {
  const { p, errors } = make();
  const variant = { id: "v1", price: { amount: 129, currencyCode: "EUR" }, product: { id: "701", title: "Ridge Runner", type: "Shoes" }, title: "42" };
  const shopify = [
    { name: "product_viewed", timestamp: new Date().toISOString(), data: { productVariant: variant } },
    { name: "product_added_to_cart", timestamp: new Date().toISOString(), data: { cartLine: { merchandise: variant, quantity: 1, cost: { totalAmount: { amount: 129, currencyCode: "EUR" } } } } },
    { name: "checkout_completed", timestamp: new Date().toISOString(), data: { checkout: { currencyCode: "EUR", order: { id: "1001" }, totalPrice: { amount: 129, currencyCode: "EUR" }, lineItems: [{ quantity: 1, variant }] } } },
    { name: "search_submitted", data: { searchResult: { query: "x" } } },
  ];
  const mapped = shopify.map(fromShopify);
  assert.equal(mapped[3], null);
  assert.equal(mapped[0].event, "view_item");
  mapped.filter(Boolean).forEach((e) => p.track(e));
  const segment = fromSegment("Order Completed", { order_id: "S-1", total: "40.50", currency: "EUR", products: [{ product_id: "9", name: "Sock", category: "Socks", price: 40.5 }] });
  assert.deepEqual(segment, { event: "purchase", transaction_id: "S-1", currency: "EUR", value: 40.5, items: [{ item_id: "9", item_name: "Sock", item_category: "Socks", price: 40.5 }] });
  p.track(segment);
  p.track(fromSegment("Product Reviewed", { product_id: "9", rating: 5 }));
  assert.equal(fromSegment("Coupon Applied", {}), null);
  assert.equal(fromSegment(undefined, null), null);
  assert.equal(fromShopify(null), null);
  const r = p.stage();
  assert.deepEqual([r.stage, r.metrics.orders, r.metrics.revenue], ["advocacy", 2, 169.5]);
  assert.deepEqual(errors, []);
});

test("amounts given as text are read exactly, timestamps with their offsets, names without regard to ASCII case", () => {
  const viewed = (amount, timestamp) => fromShopify({ name: "product_viewed", timestamp, data: { productVariant: { price: { amount } } } });
  for (const [text, value] of /** @type {[string, number][]} */ ([["12.50", 12.5], [" 0.3 ", 0.3], ["-3.5", -3.5], ["12.", 12], ["1.005", 1.005], ["123456789012345", 123456789012345]])) {
    assert.equal(viewed(text).value, value, text);
  }
  for (const text of ["1e3", ".5", "+5", "-", "1234567890123456", "12,50", "NaN"]) assert.equal(viewed(text).value, undefined, text);
  assert.equal(viewed(1, "2026-01-01T10:00:00.250+01:30").ts, Date.UTC(2026, 0, 1, 8, 30, 0, 250));
  assert.equal(viewed(1, "2024-02-29").ts, Date.UTC(2024, 1, 29));
  for (const timestamp of ["2026-01-01T10:00", "2026-02-29", "2026-01-01T24:00Z", "1969-12-31T23:59:59Z", "0050-01-01"]) {
    assert.equal(viewed(1, timestamp).ts, undefined, timestamp);
  }
  assert.equal(fromSegment("  PRODUCT reviewed ", { rating: "5" }).rating, 5);
  assert.equal(fromSegment("PRODUCT REVİEWED", { rating: 5 }), null, "only ASCII letters are lowered");
});

test("hostile values: a polluted prototype, throwing getters and cycles are read as plain data, never thrown", () => {
  const cyclic = { name: "product_viewed", data: { productVariant: { product: { title: "Loop" } } } };
  cyclic.data.productVariant.self = cyclic;
  Object.defineProperty(cyclic.data.productVariant, "price", { get() { throw new Error("hostile getter"); }, enumerable: true });
  /** @type {any} */ (Object.prototype).event = "purchase";
  /** @type {any} */ (Object.prototype).ecommerce = { value: 1 };
  try {
    assert.deepEqual(fromShopify(cyclic), { event: "view_item", items: [{ item_name: "Loop" }] });
    const proxy = new Proxy({}, { ownKeys() { throw new Error("hostile proxy"); } });
    assert.deepEqual(fromSegment("Order Completed", proxy), { event: "purchase" });
    const seen = [];
    const dataLayer = [{ method: "inherits its event" }, { 0: "event", 1: "sign_up", 2: proxy }];
    listen({ track: (e) => seen.push(e), setConsent() {} }, dataLayer);
    assert.deepEqual(seen, [{ event: "sign_up" }]);
    assert.equal(Object.getPrototypeOf(seen[0]), Object.prototype, "the events are ordinary objects");
  } finally {
    delete /** @type {any} */ (Object.prototype).event;
    delete /** @type {any} */ (Object.prototype).ecommerce;
  }
});
