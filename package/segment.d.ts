import type { TrailEvent } from "./index.js";

/**
 * The crumbtrail event for a Segment ecommerce v2 `track` call (Product Viewed, Product Added,
 * Checkout Started, Order Completed, Order Refunded, Product Reviewed, Product Shared, Signed Up;
 * names match without regard to case), or `null` for one crumbtrail does not use. Never throws;
 * pass the result to `track`, which validates it like any event. Plain JavaScript: no WebAssembly
 * is loaded for it.
 *
 * ```ts
 * import { fromSegment } from "crumbtrail/segment";
 * analytics.on("track", (name, properties) => { const e = fromSegment(name, properties); if (e) p.track(e); });
 * ```
 */
export function fromSegment(name: string, properties: Record<string, unknown>): TrailEvent | null;
