// Shopify's Customer Privacy API, `window.Shopify.customerPrivacy`, which the page asks for with
// `Shopify.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], callback)`. Each purpose
// follows one of Shopify's (`profile` ← preferences, `measurement` ← analytics unless the options
// map others): allowed (`preferencesProcessingAllowed()` …) is `granted`; the visitor's explicit no
// (`currentVisitorConsent()` says "no") is `denied`; no choice yet is `pending`, unless Shopify
// says no banner is needed for this visitor (`shouldShowBanner()` is false), which is `granted`.
// Read again on every `visitorConsentCollected` event. Writing consent is Shopify's banner's job.
import { on, own, start, whenThere } from "./common.js";

/** Shopify's purposes, as `currentVisitorConsent()` names them, and the method that says each is allowed. */
const ALLOWED = {
  preferences: "preferencesProcessingAllowed",
  analytics: "analyticsProcessingAllowed",
  marketing: "marketingAllowed",
  sale_of_data: "saleOfDataAllowed",
};
const UNAVAILABLE = "shopify_privacy_unavailable";

/**
 * Sets `personalizer`'s consent from Shopify's Customer Privacy API; returns `detach`.
 *
 * @param {{ setConsent(state: object): void }} personalizer
 * @param {{ profile?: string, measurement?: string, onError?: (error: Error) => void, waitMs?: number }} [options]
 * @returns {() => void}
 */
export function shopifyPrivacy(personalizer, options) {
  const adapter = start(personalizer, options, "Shopify's Customer Privacy API");
  const map = (/** @type {"profile" | "measurement"} */ purpose, /** @type {string} */ fallback) => {
    const name = own(options, purpose) ?? fallback;
    if (Object.prototype.hasOwnProperty.call(ALLOWED, name)) return name;
    adapter.report("invalid_argument", `shopifyPrivacy: options.${purpose} must be one of ${Object.keys(ALLOWED).join(", ")}`, purpose);
    return fallback;
  };
  const types = { profile: map("profile", "preferences"), measurement: map("measurement", "analytics") };

  const read = () => {
    try {
      const api = globalThis.Shopify?.customerPrivacy;
      if (!api) return;
      const given = api.currentVisitorConsent?.() ?? {};
      const stateOf = (/** @type {string} */ type) =>
        given[type] === "no" ? "denied"
        : api[ALLOWED[type]]() === true ? "granted"
        : api.shouldShowBanner?.() === false ? "granted"
        : "pending";
      adapter.answer({ profile: stateOf(types.profile), measurement: stateOf(types.measurement) });
    } catch { /* an API unlike Shopify's documented one: consent stays as it was */ }
  };

  // Outside a browser (server rendering) there are no events to hear, and nothing to find.
  on(adapter, globalThis.document, "visitorConsentCollected", read);
  whenThere(adapter, () => typeof globalThis.Shopify?.loadFeatures === "function" && globalThis.Shopify, (shopify) => {
    let loaded = false;
    try {
      shopify.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], (/** @type {unknown} */ error) => {
        loaded = true;
        if (error) adapter.report(UNAVAILABLE, `Shopify's Customer Privacy API did not load (loadFeatures said: ${error}); consent stays pending`);
        else read();
      });
    } catch (cause) {
      loaded = true;
      adapter.report(UNAVAILABLE, `Shopify.loadFeatures threw (${cause}); consent stays pending`);
    }
    adapter.later(() => loaded || adapter.report(UNAVAILABLE,
      `Shopify.loadFeatures did not call back within ${adapter.deadline} ms: window.Shopify.customerPrivacy was not loaded; consent stays pending`), adapter.deadline);
  }, UNAVAILABLE, 'window.Shopify.loadFeatures (Shopify\'s "consent-tracking-api")');
  return adapter.detach;
}
