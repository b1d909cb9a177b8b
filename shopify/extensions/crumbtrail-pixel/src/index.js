// crumbtrail's web pixel. Shopify's checkout runs no theme code, and a pixel runs in a sandbox
// apart from the storefront's page; so the pixel writes what crumbtrail uses of the standard
// events — product views, cart additions, checkouts begun and completed, mapped by fromShopify —
// into the top frame's localStorage (Web Pixels' `browser.localStorage`, asynchronous), and the
// storefront's engine takes them in on its next start and while it runs (drainInbox in
// crumbtrail/shopify). A completed checkout makes the shopper a buyer on the next storefront page,
// once: the profile keeps orders by transaction id.
import { register } from "@shopify/web-pixels-extension";
import { pixelInbox } from "crumbtrail/shopify";

/** The standard events the storefront's profile uses. */
const EVENTS = /** @type {const} */ (["product_viewed", "product_added_to_cart", "checkout_started", "checkout_completed"]);

register(({ analytics, browser }) => {
  // The storefront's engine reads the default storage key (the app embed keeps it).
  const add = pixelInbox(browser.localStorage);
  // @ts-expect-error -- crumbtrail/shopify's ShopifyEvent has an index signature, which Shopify's
  // event interfaces lack; the events are the ones pixelInbox reads
  for (const name of EVENTS) analytics.subscribe(name, add);
});
