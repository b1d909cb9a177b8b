// Shopify's Web Pixels standard events, as crumbtrail events (`crumbtrail/shopify`); and the inbox
// through which a web pixel hands them to the storefront's engine (pixelInbox, drainInbox, below).
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
  const fraction = parts[7] ?? "";
  const sign = parts[8];
  const [y, m, d, hours, minutes, seconds, offsetHours, offsetMinutes] =
    [1, 2, 3, 4, 5, 6, 9, 10].map((i) => Number(parts[i] ?? 0));
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

// ---- The pixel's inbox --------------------------------------------------------------------------
//
// Shopify's checkout runs no theme code: its events reach only web pixels, which run in a sandbox
// apart from the page's Personalizer. A pixel hands them over through the top frame's localStorage
// (Web Pixels' `browser.localStorage`, asynchronous): each event, mapped by fromShopify so that only
// what crumbtrail keeps is written, under a key of its own, `<storageKey>:inbox:<time>:<p|e>:<id>` — one
// write per event, never a read-modify-write that a draining tab could interleave with. The
// storefront's engine drains the inbox when it starts and while it runs: it tracks each event and
// removes its key. A purchase counts once whichever tab drains it, and however often it arrives:
// the profile keeps orders by transaction id, across tabs.

/** Most events the inbox holds; past that the oldest go, purchases last. */
const INBOX_EVENTS = 16;
/** Most items an event keeps in the inbox (a checkout may hold hundreds of lines). */
const INBOX_ITEMS = 20;

const inboxPrefix = (options) => `${typeof options?.storageKey == "string" && options.storageKey ? options.storageKey : "crumbtrail"}:inbox:`;

/** Oldest first, and every other event before any purchase: the order in which they give way. */
const byExpendability = (a, b) => Number(a.includes(":p:")) - Number(b.includes(":p:")) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * In a web pixel: hands Shopify events to the storefront's crumbtrail through `storage`, the
 * pixel's `browser.localStorage` (asynchronous, the top frame's). Returns `add(shopifyEvent)`,
 * which writes the event if crumbtrail uses it and resolves once it is written and the inbox is
 * back within its bound. Writes are made one after the other; nothing rejects or throws.
 *
 * @param {{ setItem(k: string, v: string): Promise<unknown>, removeItem(k: string): Promise<unknown>, key(i: number): Promise<string | null>, length(): Promise<number> }} storage
 * @param {{ storageKey?: string }} [options]
 * @returns {(shopifyEvent: unknown) => Promise<void>}
 */
export function pixelInbox(storage, options) {
  const prefix = inboxPrefix(options);
  let sequence = 0;
  let queue = Promise.resolve();
  const write = async (/** @type {unknown} */ shopifyEvent) => {
    const event = fromShopify(/** @type {any} */ (shopifyEvent));
    if (!event) return;
    if (Array.isArray(event.items) && event.items.length > INBOX_ITEMS) event.items = event.items.slice(0, INBOX_ITEMS);
    const when = typeof event.ts == "number" ? event.ts : Date.now();
    const id = String(at(plain(shopifyEvent), ["id"]) ?? "").replace(/[^\w-]/g, "").slice(0, 40) || `${Date.now()}-${sequence++}`;
    const key = `${prefix}${String(when).padStart(15, "0")}:${event.event == "purchase" ? "p" : "e"}:${id}`;
    await storage.setItem(key, JSON.stringify(event));
    const keys = [];
    for (let i = 0, n = await storage.length(); i < n; i++) {
      const k = await storage.key(i);
      if (typeof k == "string" && k.startsWith(prefix)) keys.push(k);
    }
    for (const k of keys.sort(byExpendability).slice(0, Math.max(0, keys.length - INBOX_EVENTS))) await storage.removeItem(k);
  };
  return (shopifyEvent) => (queue = queue.then(() => write(shopifyEvent)).catch(() => {}));
}

/**
 * On the storefront: tracks what a pixel left in the inbox (see `pixelInbox`) now, whenever
 * another page writes to it (the `storage` event), when the page is shown again, and every
 * `intervalMs` (default 1000: a pixel on this very page writes without a `storage` event here).
 * Each event is removed as it is taken. While the profile's consent is pending the inbox waits;
 * denied, it is emptied unread. `onTracked` is told after each drain that tracked something (e.g.
 * to refresh the slots). Returns `stop`.
 *
 * @param {{ track(event: object): unknown, consent(): { profile: string } }} personalizer
 * @param {{ storageKey?: string, intervalMs?: number, storage?: Storage, onTracked?: (count: number) => void }} [options]
 * @returns {() => void}
 */
export function drainInbox(personalizer, options) {
  const prefix = inboxPrefix(options);
  const storage = options?.storage ?? globalThis.localStorage;
  const drain = () => {
    let tracked = 0;
    try {
      const profile = personalizer.consent().profile;
      if (profile == "pending" || !storage) return;
      const keys = [];
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i);
        if (k?.startsWith(prefix)) keys.push(k);
      }
      for (const key of keys.sort()) {
        const text = storage.getItem(key);
        storage.removeItem(key);
        if (profile != "granted" || text == null) continue;
        try {
          personalizer.track(JSON.parse(text));
          tracked++;
        } catch { /* an unreadable entry is dropped; track reports its own problems */ }
      }
    } catch { /* storage unavailable: nothing to drain */ }
    if (tracked) options?.onTracked?.(tracked);
  };
  const onStorage = (/** @type {StorageEvent} */ e) => (e.key == null || e.key.startsWith(prefix)) && drain();
  const onShow = () => globalThis.document?.visibilityState != "hidden" && drain();
  drain();
  const timer = setInterval(drain, options?.intervalMs ?? 1000);
  globalThis.addEventListener?.("storage", onStorage);
  globalThis.addEventListener?.("pageshow", onShow);
  globalThis.document?.addEventListener?.("visibilitychange", onShow);
  return () => {
    clearInterval(timer);
    globalThis.removeEventListener?.("storage", onStorage);
    globalThis.removeEventListener?.("pageshow", onShow);
    globalThis.document?.removeEventListener?.("visibilitychange", onShow);
  };
}
