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
