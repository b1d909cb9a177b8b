// The app embed's engine (assets/crumbtrail.js, built by scripts/build from the package): the embed
// imports it after the page's load event. It waits for the browser to be idle (2 s at most), starts
// the WebAssembly, and then:
// - makes the Personalizer from the catalogue (#crumbtrail-config's data-catalogue), consent pending until
//   Shopify's Customer Privacy API answers (the shopifyPrivacy adapter, with the purposes the
//   embed's settings map);
// - gives it the signed-in customer's orders as the shop knows them (#crumbtrail-known-orders);
// - attaches every <crumbtrail-slot>, deciding again when the stage changes;
// - drains the web pixel's inbox: product views, cart additions and checkouts, now and as they come.
// Nothing here throws into the page; problems are warned on the console, and the slots keep what
// they show. `ready` resolves to the Personalizer (or null), and the document hears
// `crumbtrail-ready` with it.
import init, { Personalizer } from "crumbtrail";
import { attachSlots } from "crumbtrail/slots";
import { shopifyPrivacy } from "crumbtrail/consent/shopify-privacy";
import { drainInbox } from "crumbtrail/shopify";

const warn = (what) => console.warn(`crumbtrail: ${what}`);

/** The JSON in the element `id` (its text, or its attribute `attribute`), or undefined when there is none. */
function json(id, attribute) {
  const element = document.getElementById(id);
  if (!element) return undefined;
  return JSON.parse((attribute ? element.getAttribute(attribute) : element.textContent) || "null");
}

const idle = () => new Promise((resolve) => (self.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve)));

export const ready = (async () => {
  try {
    const config = document.getElementById("crumbtrail-config");
    const catalogue = json("crumbtrail-config", "data-catalogue") ?? {};
    // The slot script in <head> reads the default storage key: the catalogue cannot move it.
    const { storageKey, ...options } = Array.isArray(catalogue) ? { messages: catalogue } : catalogue;
    if (storageKey !== undefined) warn("the catalogue's storageKey is ignored: the embed keeps the default key");
    await idle();
    const wasm = config?.getAttribute("data-wasm");
    if ((await init({ fallback: true, ...(wasm ? { module_or_path: new URL(wasm, document.baseURI) } : {}) })) === null) return null;

    let slots = null;
    // In steps, each a task of its own (no long task on a phone).
    const personalizer = await Personalizer.create({
      ...options,
      consent: "pending",
      onStageChange: () => slots?.refresh(),
    });
    // The purposes as the theme editor saved them: the adapter reports a name it does not know.
    /** @typedef {import("crumbtrail/consent/shopify-privacy").ShopifyPrivacyOptions["profile"]} Purpose */
    shopifyPrivacy(personalizer, {
      profile: /** @type {Purpose} */ (config?.getAttribute("data-profile") || undefined),
      measurement: /** @type {Purpose} */ (config?.getAttribute("data-measurement") || undefined),
    });
    const known = json("crumbtrail-known-orders");
    if (known) {
      try {
        personalizer.knownOrders(known);
      } catch (error) {
        warn(`the customer's known orders were not taken (${error?.message ?? error})`);
      }
    }
    slots = attachSlots(personalizer);
    drainInbox(personalizer, { onTracked: () => slots.refresh() });
    document.dispatchEvent(new CustomEvent("crumbtrail-ready", { detail: personalizer }));
    return personalizer;
  } catch (error) {
    warn(`${error?.message ?? error}; the slots keep their kept decisions or baseline.`);
    return null;
  }
})();
