// The integration modules against their sources' documentation: GA4 dataLayer pushes as in
// Google's, Shopify Web Pixels payloads and Segment ecommerce v2 calls written from their
// documented schemas, mapped by crumbtrail/datalayer, /shopify and /segment and fed to a
// Personalizer, with the resulting stage and metrics checked. (These mappings were once Rust, and
// these cases core/tests/integrations.rs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { Personalizer } from "../../pkg/node.js";
import { listen } from "../../pkg/datalayer.js";
import { fromShopify } from "../../pkg/shopify.js";
import { fromSegment } from "../../pkg/segment.js";

const DAY = 86_400_000;
const T0 = 1_750_000_000_000;

/** A Personalizer with memory storage and a fixed clock; `errors` collects what `onError` hears. */
function make(now = T0, options = {}) {
  const errors = [];
  const p = new Personalizer({ storage: "memory", now: () => now, onError: (e) => errors.push(e.message), ...options });
  return { p, errors };
}

/** Stands in for a Personalizer: records what `listen` asks of it (`track` also goes to `p`, if given). */
function recorder(p) {
  const tracked = [];
  const consents = [];
  return {
    tracked,
    consents,
    track: (event) => (tracked.push(event), p?.track(event)),
    setConsent: (state) => consents.push(state),
  };
}

/** Pushes each entry into a fresh dataLayer listened to for `personalizer`. */
function pushAll(personalizer, entries, options) {
  const dataLayer = [];
  listen(personalizer, dataLayer, options);
  for (const entry of entries) dataLayer.push(entry);
}

// Google's GA4 ecommerce examples (developers.google.com/analytics/devguides/collection/ga4/ecommerce).
const VIEW_ITEM = { event: "view_item", ecommerce: { currency: "USD", value: 30.03, items: [{ item_id: "SKU_12345", item_name: "Stan and Friends Tee", affiliation: "Google Merchandise Store", coupon: "SUMMER_FUN", discount: 2.22, index: 0, item_brand: "Google", item_category: "Apparel", item_category2: "Adult", item_category3: "Shirts", item_category4: "Crew", item_category5: "Short sleeve", item_list_id: "related_products", item_list_name: "Related Products", item_variant: "green", location_id: "ChIJIQBpAG2ahYAR_6128GcTUEo", price: 10.01, quantity: 3 }] } };
const ADD_TO_CART = { event: "add_to_cart", ecommerce: { currency: "USD", value: 30.03, items: [{ item_id: "SKU_12345", item_name: "Stan and Friends Tee", item_category: "Apparel", price: 10.01, quantity: 3 }] } };
const PURCHASE = { event: "purchase", ecommerce: { transaction_id: "T_12345", value: 72.05, tax: 3.60, shipping: 5.99, currency: "USD", coupon: "SUMMER_SALE", items: [{ item_id: "SKU_12345", item_name: "Stan and Friends Tee", item_category: "Apparel", price: 10.01, quantity: 3 }, { item_id: "SKU_12346", item_name: "Google Grey Women's Tee", item_category: "Apparel", price: 21.01, quantity: 2 }] } };

test("GA4 object pushes with ecommerce resets drive the stage", () => {
  const { p, errors } = make();
  pushAll(p, [
    { "gtm.start": 1700000000000, event: "gtm.js" },
    { ecommerce: null },
    VIEW_ITEM,
    { ecommerce: null },
    ADD_TO_CART,
    { event: "gtm.dom" },
    { ecommerce: null },
    PURCHASE,
    { ecommerce: null },
    { event: "purchase", ecommerce: { transaction_id: "T_12345", value: 72.05, currency: "USD" } },
  ]);
  assert.deepEqual(errors, []);
  const r = p.stage();
  assert.equal(r.stage, "development");
  assert.deepEqual([r.metrics.itemViews, r.metrics.cartAdds, r.metrics.orders], [1, 1, 1], "a repeated transaction counts once");
  assert.equal(r.metrics.revenue, 72.05);
  assert.equal(r.metrics.currency, "USD");
  assert.deepEqual(p.attributes().purchasedCategories, ["Apparel"]);
});

test("the ecommerce object persists and merges until reset", () => {
  const seen = recorder();
  const dataLayer = [];
  listen(seen, dataLayer);
  dataLayer.push({ ecommerce: { currency: "EUR", items: [{ item_id: "A" }, { item_id: "B" }] } });
  assert.deepEqual(seen.tracked, []);
  dataLayer.push({ event: "view_item_list", ecommerce: { items: [{ item_id: "C" }] } });
  // As in Tag Manager's model: the array merges index by index, the currency stays.
  assert.deepEqual(seen.tracked, [{ event: "view_item_list", ecommerce: { currency: "EUR", items: [{ item_id: "C" }, { item_id: "B" }] } }]);
  dataLayer.push({ ecommerce: null });
  dataLayer.push({ event: "sign_up", method: "Google" });
  assert.deepEqual(seen.tracked[1], { event: "sign_up", method: "Google" });
  assert.deepEqual(dataLayer[0], { ecommerce: { currency: "EUR", items: [{ item_id: "A" }, { item_id: "B" }] } }, "the page's entries are left as they were");
});

test("gtag arguments and Consent Mode commands", () => {
  const { p, errors } = make();
  const seen = recorder(p);
  const args = (...values) => Object.fromEntries(values.map((v, i) => [String(i), v]));
  pushAll(seen, [
    args("consent", "default", { ad_storage: "denied", analytics_storage: "denied", personalization_storage: "denied" }),
    args("js", "2026-01-01T00:00:00.000Z"),
    args("config", "G-XXXXXXX"),
    args("event", "view_item", { currency: "EUR", value: 20, items: [{ item_id: "A", item_category: "Shoes", price: 20 }] }),
    ["event", "add_to_cart", { currency: "EUR", items: [{ item_id: "A", price: 20 }] }],
    args("event", "login", { method: "Google" }),
    args("consent", "update", { ad_storage: "granted" }),
    args("consent", "update", { personalization_storage: "granted" }),
    args("consent", "update", { personalization_storage: "denied" }),
  ], { consentMode: true });
  // The Consent Mode adapter: pending until the shopper chooses (a default denied), then the profile
  // follows personalization_storage and measurement analytics_storage, which stays denied by default.
  const both = (profile, measurement) => ({ profile, measurement });
  assert.deepEqual(seen.consents, [both("pending", "pending"), both("granted", "pending"), both("denied", "pending")]);
  assert.deepEqual(errors, []);
  const r = p.stage();
  assert.deepEqual([r.stage, r.metrics.itemViews, r.metrics.cartAdds], ["acquisition", 1, 1]);
});

test("a malformed known event is tracked and rejected while unknown entries are ignored", () => {
  const { p, errors } = make();
  const seen = recorder();
  pushAll(seen, [{ event: "gtm.click" }, { foo: 1 }, 42, "text", null, { 0: "set", 1: { x: 1 } }]);
  assert.deepEqual(seen.tracked, []);
  pushAll(seen, [{ event: "purchase", ecommerce: { value: "lots" } }]);
  assert.equal(seen.tracked.length, 1);
  p.track(seen.tracked[0]);
  assert.deepEqual(errors, ['crumbtrail: track("purchase"): ecommerce.value: expected a number, got a string']);
});

test("exposures pushed into a dataLayer are not tracked back by listen", () => {
  // "test" holds everyone out, so "base" is shown in "hero".
  const messages = [
    { id: "test", name: "Spring sale", slot: "hero", priority: 1, holdout: 1, content: { title: "Spring" } },
    { id: "base", slot: "hero", content: { title: "Welcome" } },
  ];
  const exposures = [];
  globalThis.dataLayer = [];
  try {
    const { p, errors } = make(T0, { messages, exposuresToDataLayer: true, onExposure: (x) => exposures.push(x) });
    p.decide("hero");
    p.seen("base");
    p.clicked("base");
    assert.deepEqual(errors, []);
    assert.deepEqual(exposures.map((x) => [x.event, x.promotion_id, x.crumbtrail_arm]),
      [["view_promotion", "test", "held_out"], ["view_promotion", "base", "shown"], ["select_promotion", "base", "shown"]]);
    const seen = recorder();
    const dataLayer = [];
    listen(seen, dataLayer);
    dataLayer.push({ ecommerce: null });
    // The GA4 promotion form crumbtrail pushed (its resets left out), the callback's object, and
    // gtag("event", e.event, e), as a shop may forward it.
    for (const entry of globalThis.dataLayer.filter((e) => e.event)) dataLayer.push(entry);
    for (const x of exposures) dataLayer.push(x, ["event", x.event, x]);
    assert.equal(dataLayer.length, 1 + 3 + 6);
    assert.deepEqual(seen.tracked, []);
    // The promotion fields left in the model do not change the next ecommerce event's fields
    // crumbtrail reads (its items and value), after the shop's own reset as Google documents.
    dataLayer.push({ ecommerce: null });
    dataLayer.push({ event: "add_to_cart", ecommerce: { items: [{ item_id: "A" }] } });
    assert.deepEqual(seen.tracked, [{ event: "add_to_cart", ecommerce: { items: [{ item_id: "A" }] } }]);
  } finally {
    delete globalThis.dataLayer;
  }
});

// Shopify Web Pixels standard events, as documented (shopify.dev/docs/api/web-pixels-api/standard-events).
const variant = (productId, title, type, price) => ({
  id: `${productId}-v1`, image: { src: "//cdn.shopify.com/x.jpg" }, price: { amount: price, currencyCode: "EUR" },
  product: { id: productId, title, untranslatedTitle: title, url: "/products/x", type, vendor: "Trailhead" },
  sku: `SKU-${productId}`, title: "42 / Red", untranslatedTitle: "42 / Red",
});

const shopify = (name, days, data) => ({
  id: `sh-${name}-${days}`, clientId: "c-1", name, timestamp: `2026-01-${String(1 + days).padStart(2, "0")}T10:00:00.000Z`,
  context: { document: { location: { href: "https://shop.example/products/x" }, title: "Trail shoe" } }, data,
});

const checkout = (order, lines, total) => ({
  checkout: {
    currencyCode: "EUR", ...(order ? { order: { id: order } } : {}), token: "tok-1",
    lineItems: lines.map(([v, quantity]) => ({ id: "line", quantity, title: "x", variant: v, finalLinePrice: { amount: 1, currencyCode: "EUR" } })),
    totalPrice: { amount: total, currencyCode: "EUR" }, subtotalPrice: { amount: total, currencyCode: "EUR" },
  },
});

test("Shopify standard events map and drive the stage", () => {
  const shoe = variant("701", "Ridge Runner", "Shoes", 129);
  const sock = variant("702", "Merino sock", "Socks", 19);
  const events = [
    shopify("page_viewed", 0, {}),
    shopify("collection_viewed", 0, { collection: { id: "c-9", title: "Shoes", productVariants: [shoe, sock] } }),
    shopify("product_viewed", 0, { productVariant: shoe }),
    shopify("product_added_to_cart", 0, { cartLine: { cost: { totalAmount: { amount: 258, currencyCode: "EUR" } }, merchandise: shoe, quantity: 2 } }),
    shopify("checkout_started", 0, checkout(null, [[shoe, 2]], 258)),
    shopify("checkout_completed", 0, checkout("gid://shopify/Order/1001", [[shoe, 2]], 258)),
    shopify("search_submitted", 1, { searchResult: { query: "socks" } }),
    shopify("checkout_completed", 20, checkout("gid://shopify/Order/1002", [[sock, 1]], 19)),
  ];
  const jan1 = 1_767_261_600_000; // 2026-01-01T10:00Z, the first event
  const now = jan1 + 21 * DAY;
  const { p, errors } = make(now);
  const mapped = events.map(fromShopify).filter(Boolean);
  assert.equal(mapped.length, 7, "search_submitted is not used");
  mapped.forEach((e) => p.track(e));
  assert.deepEqual(errors, []);
  assert.deepEqual(fromShopify(events[2]), {
    event: "view_item", ts: 1767261600000, currency: "EUR", value: 129,
    items: [{ item_id: "701", item_name: "Ridge Runner", item_category: "Shoes", item_variant: "42 / Red", price: 129 }],
  });
  const r = p.stage();
  assert.equal(r.stage, "retention");
  assert.deepEqual([r.metrics.orders, r.metrics.revenue, r.metrics.cartAdds], [2, 277, 1]);
  assert.deepEqual([r.metrics.firstSeen, r.metrics.lastOrderAt], [jan1, jan1 + 20 * DAY]);
  assert.deepEqual(p.attributes().purchasedCategories, ["Socks", "Shoes"]);
  const sparse = { name: "checkout_completed", data: { checkout: { token: "t-9", totalPrice: { amount: "12.50" } } } };
  assert.deepEqual(fromShopify(sparse), { event: "purchase", transaction_id: "t-9", value: 12.5 });
});

// Segment's ecommerce v2 spec (segment.com/docs/connections/spec/ecommerce/v2).
test("Segment ecommerce events map and drive the stage", () => {
  /** @type {[string, Record<string, unknown>][]} */
  const calls = [
    ["Product Viewed", { product_id: "507f1f77bcf86cd799439011", sku: "G-32", category: "Games", name: "Monopoly: 3rd Edition", brand: "Hasbro", variant: "200 pieces", price: 18.99, quantity: 1, coupon: "MAYDEALS", currency: "usd", position: 3, value: 18.99, url: "https://www.example.com/product/path", image_url: "https://www.example.com/product/path.jpg" }],
    ["Product Added", { cart_id: "skdjsidjsdkdj29j", product_id: "507f1f77bcf86cd799439011", sku: "G-32", category: "Games", name: "Monopoly: 3rd Edition", brand: "Hasbro", variant: "200 pieces", price: 18.99, quantity: 1 }],
    ["Checkout Started", { order_id: "50314b8e9bcf000000000000", affiliation: "Google Store", value: 30, revenue: 25.00, shipping: 3, tax: 2, discount: 2.5, coupon: "hasbros", currency: "USD", products: [{ product_id: "507f1f77bcf86cd799439011", sku: "45790-32", name: "Monopoly: 3rd Edition", price: 19, quantity: 1, category: "Games" }] }],
    ["Order Completed", { checkout_id: "fksdjfsdjfisjf9sdfjsd9f", order_id: "50314b8e9bcf000000000000", affiliation: "Google Store", total: 27.50, subtotal: 22.50, revenue: 25.00, shipping: 3, tax: 2, discount: 2.5, coupon: "hasbros", currency: "USD", products: [{ product_id: "507f1f77bcf86cd799439011", sku: "45790-32", name: "Monopoly: 3rd Edition", price: 19, quantity: 1, category: "Games" }, { product_id: "505bd76785ebb509fc183733", sku: "46493-32", name: "Uno Card Game", price: 3, quantity: 2, category: "Games" }] }],
    ["Order Completed", { order_id: "60314b8e9bcf000000000001", total: "12.00", currency: "USD", products: [{ product_id: "505bd76785ebb509fc183733", name: "Uno Card Game", price: 3, quantity: 4, category: "Games" }] }],
    ["Product Reviewed", { product_id: "507f1f77bcf86cd799439011", review_id: "kdfjrj39fj39jf3", review_body: "I love this product", rating: "5" }],
    ["Product Shared", { share_via: "email", share_message: "Hey, check out this item", recipient: "friend@example.com", product_id: "507f1f77bcf86cd799439011", sku: "G-32", category: "Games", name: "Monopoly: 3rd Edition" }],
    ["Signed Up", { type: "organic", first_name: "Peter", last_name: "Gibbons", email: "peter@example.com", username: "pgibbons" }],
    ["Coupon Applied", { order_id: "50314b8e9bcf000000000000", coupon_id: "d3jsk" }],
    ["Order Refunded", { order_id: "60314b8e9bcf000000000001" }],
  ];
  const { p, errors } = make();
  const mapped = calls.map(([name, properties]) => fromSegment(name, properties)).filter(Boolean);
  assert.equal(mapped.length, 9, "Coupon Applied is not used");
  mapped.forEach((e) => p.track(e));
  assert.deepEqual(errors, []);
  const purchase = fromSegment("order completed", calls[3][1]);
  assert.equal(purchase.value, 27.5);
  assert.equal(purchase.transaction_id, "50314b8e9bcf000000000000");
  assert.deepEqual(fromSegment("Signed Up", calls[7][1]), { event: "sign_up", method: "organic" }, "nothing about the person is kept");
  const r = p.stage();
  // Two orders, one refunded: one order left; the review and the share are advocacy signals.
  assert.deepEqual([r.metrics.orders, r.metrics.revenue], [1, 27.5]);
  assert.equal(r.stage, "development");
  assert.equal(r.metrics.advocacySignal, true);
  assert.equal(r.metrics.reviews, 1);
});
