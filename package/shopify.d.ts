import type { TrailEvent } from "./index.js";

/** A Shopify Web Pixels event, as `analytics.subscribe` hands it over. */
export interface ShopifyEvent {
  name: string;
  timestamp?: string;
  data?: unknown;
  context?: unknown;
  [field: string]: unknown;
}

/**
 * The crumbtrail event for a Shopify Web Pixels standard event (`page_viewed`, `product_viewed`,
 * `collection_viewed`, `product_added_to_cart`, `checkout_started`, `checkout_completed`), or
 * `null` for one crumbtrail does not use. Never throws; pass the result to `track`, which
 * validates it like any event. Plain JavaScript: no WebAssembly is loaded for it.
 *
 * ```ts
 * import { fromShopify } from "crumbtrail/shopify";
 * analytics.subscribe("all_standard_events", (event) => { const e = fromShopify(event); if (e) p.track(e); });
 * ```
 */
export function fromShopify(event: ShopifyEvent): TrailEvent | null;

/** Web Pixels' `browser.localStorage`: the top frame's storage, asynchronously. */
export interface PixelStorage {
  setItem(key: string, value: string): Promise<unknown>;
  removeItem(key: string): Promise<unknown>;
  key(index: number): Promise<string | null>;
  length(): Promise<number>;
}

/**
 * In a web pixel: hands Shopify events to the storefront's crumbtrail through the top frame's
 * localStorage (the pixel's `browser.localStorage`). Returns `add(event)`: the event, mapped by
 * `fromShopify` (so only what crumbtrail keeps is written), goes under a key of its own,
 * `<storageKey>:inbox:…`; at most 16 wait there, the oldest giving way first and purchases last.
 * Writes are made one after the other; the promise never rejects.
 *
 * ```ts
 * import { register } from "@shopify/web-pixels-extension";
 * import { pixelInbox } from "crumbtrail/shopify";
 * register(({ analytics, browser }) => {
 *   const add = pixelInbox(browser.localStorage);
 *   analytics.subscribe("checkout_completed", add);
 * });
 * ```
 */
export function pixelInbox(storage: PixelStorage, options?: { storageKey?: string }): (event: ShopifyEvent) => Promise<void>;

/** Options of {@link drainInbox}. */
export interface DrainInboxOptions {
  /** The Personalizer's `storageKey`; default `"crumbtrail"`. */
  storageKey?: string;
  /** How often to look for events a pixel on this very page wrote; default 1000 ms. */
  intervalMs?: number;
  /** The storage to drain; default `localStorage`. */
  storage?: Storage;
  /** Told after a drain that tracked something, with how many events (e.g. to refresh the slots). */
  onTracked?: (count: number) => void;
}

/**
 * On the storefront: tracks what a pixel left in the inbox (see {@link pixelInbox}) now, when
 * another page writes to it, when the page is shown again and every `intervalMs`, removing each
 * event as it is taken. A purchase counts once, in every tab: the profile keeps orders by
 * transaction id. While the profile's consent is pending the inbox waits; denied, it is emptied
 * unread. Returns `stop`.
 */
export function drainInbox(
  personalizer: { track(event: TrailEvent): unknown; consent(): { profile: string } },
  options?: DrainInboxOptions,
): () => void;
