// Shopify's Web Pixels standard events, as crumbtrail events (`crumbtrail/shopify`).
//
// | Shopify | crumbtrail | read |
// |---|---|---|
// | `page_viewed` | `page_view` | `context.document.location.href`, `context.document.title` |
// | `product_viewed` | `view_item` | `data.productVariant` |
// | `collection_viewed` | `view_item_list` | `data.collection.productVariants` |
// | `product_added_to_cart` | `add_to_cart` | `data.cartLine.merchandise`, `.quantity`, `.cost.totalAmount` |
// | `checkout_started` | `begin_checkout` | `data.checkout.lineItems`, `.totalPrice` |
// | `checkout_completed` | `purchase` | `data.checkout.order.id` (else `.token`), `.lineItems`, `.totalPrice` |
//
// A product variant becomes an item: `item_id` the product's id (else the variant's, else its
// SKU), `item_name` the product's title, `item_category` the product's type, `price` the
// variant's price. The event's `timestamp` becomes `ts`. Everything else (vendor, discounts,
// addresses, the customer) is left out: crumbtrail has no use for it and keeps no personal data.
import { amount, any, at, fields, list, mapEvent, plain } from "./mapping.js";

// Readers of their own (mapping.js has the common ones): each takes the event, or a variant, and
// returns one field of the crumbtrail event, or undefined.

/** What is at `path`, as it is, unless it is an empty string. */
const nonEmpty = (path) => (v) => {
  const found = at(v, path);
  return found === "" ? undefined : found;
};
/** The event's `timestamp` (ISO 8601), as milliseconds since the epoch. */
const time = (v) => {
  const timestamp = at(v, ["timestamp"]);
  return typeof timestamp === "string" ? parseIso8601(timestamp) : undefined;
};
/** The product variant at `path`, as the event's one item. */
const variant = (path) => (v) => {
  const found = at(v, path);
  return found === undefined ? undefined : [item(found)];
};
/** The cart line at `path`: its merchandise as the one item, with the line's quantity. */
const cartLine = (path) => (v) => {
  const line = at(v, path);
  const merchandise = at(line, ["merchandise"]);
  return merchandise === undefined ? undefined : [item(merchandise, at(line, ["quantity"]))];
};
/** The product variants at `path`, each an item. */
const variants = (path) => list(path, (v) => item(v));
/** The checkout's line items at `path`, each its variant with the line's quantity. */
const lineItems = (path) => list(path, (line) => item(at(line, ["variant"]) ?? null, at(line, ["quantity"])));

const checkoutCurrency = any(["data", "checkout", "currencyCode"], ["data", "checkout", "totalPrice", "currencyCode"]);
const checkoutValue = amount(["data", "checkout", "totalPrice", "amount"]);
const checkoutItems = lineItems(["data", "checkout", "lineItems"]);

/** Each event crumbtrail uses, by its Shopify name: its crumbtrail name, its fields. */
const EVENTS = {
  page_viewed: ["page_view", [
    ["ts", time],
    ["page_location", any(["context", "document", "location", "href"])],
    ["page_title", any(["context", "document", "title"])],
  ]],
  product_viewed: ["view_item", [
    ["ts", time],
    ["currency", any(["data", "productVariant", "price", "currencyCode"])],
    ["value", amount(["data", "productVariant", "price", "amount"])],
    ["items", variant(["data", "productVariant"])],
  ]],
  collection_viewed: ["view_item_list", [
    ["ts", time],
    ["item_list_id", any(["data", "collection", "id"])],
    ["item_list_name", any(["data", "collection", "title"])],
    ["items", variants(["data", "collection", "productVariants"])],
  ]],
  product_added_to_cart: ["add_to_cart", [
    ["ts", time],
    ["currency", any(["data", "cartLine", "cost", "totalAmount", "currencyCode"])],
    ["value", amount(["data", "cartLine", "cost", "totalAmount", "amount"])],
    ["items", cartLine(["data", "cartLine"])],
  ]],
  checkout_started: ["begin_checkout", [
    ["ts", time], ["currency", checkoutCurrency], ["value", checkoutValue], ["items", checkoutItems],
  ]],
  checkout_completed: ["purchase", [
    ["ts", time],
    ["transaction_id", any(["data", "checkout", "order", "id"], ["data", "checkout", "token"])],
    ["currency", checkoutCurrency],
    ["value", checkoutValue],
    ["items", checkoutItems],
  ]],
};

/** A product variant as a GA4 item (its quantity comes from the line that holds it). */
const ITEM = [
  ["item_id", any(["product", "id"], ["id"], ["sku"])],
  ["item_name", any(["product", "title"], ["title"])],
  ["item_category", nonEmpty(["product", "type"])],
  ["item_variant", any(["title"])],
  ["price", amount(["price", "amount"])],
];

function item(variant, quantity) {
  const found = fields(ITEM, variant);
  if (quantity != null) found.quantity = quantity;
  return found;
}

/**
 * Milliseconds since the epoch for `YYYY-MM-DD` (midnight UTC) or
 * `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`, or undefined. A date-time without an offset is refused:
 * whose midnight would it be?
 */
function parseIso8601(text) {
  const parts = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]+):([0-9]+)(?::([0-9]+)(?:\.([0-9]+))?)?(?:[Zz]|([+-])([0-9]+):([0-9]+)))?$/.exec(text);
  if (!parts) return undefined;
  const [, y, m, d, hours, minutes, seconds, fraction = "", sign, offsetHours, offsetMinutes] =
    parts.map((part, i) => (i === 7 || i === 8 ? part : Number(part ?? 0)));
  const day = new Date(0);
  const midnight = day.setUTCFullYear(y, m - 1, d);
  if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  if (hours > 23 || minutes > 59 || seconds > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  // Milliseconds: the first three digits of the fraction, padded.
  const millis = Number((fraction + "000").slice(0, 3));
  const offset = (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const ms = midnight + ((hours * 60 + minutes - offset) * 60 + seconds) * 1000 + millis;
  return ms >= 0 ? ms : undefined;
}

/**
 * The crumbtrail event for a Shopify Web Pixels standard event (`page_viewed`, `product_viewed`,
 * `collection_viewed`, `product_added_to_cart`, `checkout_started`, `checkout_completed`), or
 * `null` for one crumbtrail does not use. Never throws; pass the result to `track`, which
 * validates it like any event.
 *
 * @param {unknown} shopifyEvent a Web Pixels event, as `analytics.subscribe` hands it over
 * @returns {object | null} a crumbtrail event, or null
 */
export function fromShopify(shopifyEvent) {
  const e = plain(shopifyEvent);
  return mapEvent(EVENTS, at(e, ["name"]), e);
}
