// Segment's ecommerce spec (v2), as crumbtrail events (`crumbtrail/segment`).
//
// | Segment | crumbtrail | read |
// |---|---|---|
// | Product Viewed | `view_item` | the product's fields, `currency`, `value` (else `price`) |
// | Product Added | `add_to_cart` | the same |
// | Checkout Started | `begin_checkout` | `products`, `currency`, `value` (else `revenue`) |
// | Order Completed | `purchase` | `order_id`, `products`, `currency`, `total` (else `revenue`, else `value`) |
// | Order Refunded | `refund` | `order_id`, `currency`, `total` (else `value`) |
// | Product Reviewed | `review` | `rating` |
// | Product Shared | `share` | `share_via` as `method` |
// | Signed Up | `sign_up` | `type` as `method` |
//
// A product becomes an item: `product_id` (else `sku`) as `item_id`, `name`, `category`, `price`,
// `quantity`, `variant`, `brand`. Names match without regard to case. Coupons, discounts, tax,
// shipping, affiliations and anything about the person are left out.
import { amount, any, fields, list, mapEvent, plain } from "./mapping.js";

/** The properties themselves, as the one product of the event. */
const product = (p) => [item(p)];
/** `products`, each a product. */
const products = list(["products"], (p) => item(p));
const currency = any(["currency"]);

/** Each event crumbtrail uses, by its Segment name in lower case: its crumbtrail name, its fields. */
const EVENTS = {
  "product viewed": ["view_item", [["currency", currency], ["value", amount(["value"], ["price"])], ["items", product]]],
  "product added": ["add_to_cart", [["currency", currency], ["value", amount(["value"], ["price"])], ["items", product]]],
  "checkout started": ["begin_checkout", [["currency", currency], ["value", amount(["value"], ["revenue"])], ["items", products]]],
  "order completed": ["purchase", [
    ["transaction_id", any(["order_id"])],
    ["currency", currency],
    ["value", amount(["total"], ["revenue"], ["value"])],
    ["items", products],
  ]],
  "order refunded": ["refund", [["transaction_id", any(["order_id"])], ["currency", currency], ["value", amount(["total"], ["value"])]]],
  "product reviewed": ["review", [["rating", amount(["rating"])]]],
  "product shared": ["share", [["method", any(["share_via"])], ["items", product]]],
  "signed up": ["sign_up", [["method", any(["type"])]]],
};

/** A Segment product as a GA4 item. */
const ITEM = [
  ["item_id", any(["product_id"], ["sku"])],
  ["item_name", any(["name"])],
  ["item_category", any(["category"])],
  ["item_variant", any(["variant"])],
  ["item_brand", any(["brand"])],
  ["price", amount(["price"])],
  ["quantity", amount(["quantity"])],
];

const item = (p) => fields(ITEM, p);

/**
 * The crumbtrail event for a Segment ecommerce v2 `track` call (Product Viewed, Product Added,
 * Checkout Started, Order Completed, Order Refunded, Product Reviewed, Product Shared, Signed Up;
 * names match without regard to case), or `null` for one crumbtrail does not use. Never throws;
 * pass the result to `track`, which validates it like any event.
 *
 * @param {unknown} name the event name of the `track` call
 * @param {unknown} properties its properties
 * @returns {object | null} a crumbtrail event, or null
 */
export function fromSegment(name, properties) {
  // Lower case for ASCII letters only, as the names are English.
  const key = typeof name === "string" ? name.trim().replace(/[A-Z]/g, (c) => c.toLowerCase()) : "";
  return mapEvent(EVENTS, key, plain(properties));
}
