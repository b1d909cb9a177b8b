// Shopify's Customer Privacy API as a storefront page has it, written from Shopify's documentation:
// `window.Shopify.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], callback)` makes
// `window.Shopify.customerPrivacy` available, then calls back (with an error, or nothing). The
// `…Allowed()` methods combine the merchant's settings, the visitor's region and their consent:
// where consent is required nothing is allowed until given; elsewhere everything is, unless the
// visitor declined. `currentVisitorConsent()` gives each purpose as "yes", "no" or "" (not
// chosen). `setTrackingConsent` records a choice and the document hears `visitorConsentCollected`
// with the `…Allowed` flags in its `detail`.

const PURPOSES = ["preferences", "analytics", "marketing", "sale_of_data"];

/**
 * A Shopify storefront. `required`: whether this visitor's region needs consent (a banner).
 * `load(previous?)` is Shopify's script arriving (with a returning visitor's earlier choice);
 * `choose({ preferences, analytics, marketing, sale_of_data })` is the visitor answering the
 * banner (booleans); `withdraw()` declines every purpose.
 */
export function shopifyStub({ required = true } = {}) {
  const given = Object.fromEntries(PURPOSES.map((p) => [p, ""]));
  const allowed = (purpose) => given[purpose] === "yes" || (!required && given[purpose] !== "no");
  const flags = () => ({
    preferencesAllowed: allowed("preferences"),
    analyticsAllowed: allowed("analytics"),
    marketingAllowed: allowed("marketing"),
    saleOfDataAllowed: allowed("sale_of_data"),
  });
  const record = (choice) => {
    for (const purpose of PURPOSES) if (typeof choice[purpose] === "boolean") given[purpose] = choice[purpose] ? "yes" : "no";
  };
  let loading = false, served = false;
  const customerPrivacy = {
    preferencesProcessingAllowed: () => allowed("preferences"),
    analyticsProcessingAllowed: () => allowed("analytics"),
    marketingAllowed: () => allowed("marketing"),
    saleOfDataAllowed: () => allowed("sale_of_data"),
    currentVisitorConsent: () => ({ ...given }),
    shouldShowBanner: () => required,
    setTrackingConsent(choice, callback) {
      record(choice);
      // Shopify saves the choice, then calls back and tells the page.
      setTimeout(() => {
        if (typeof callback === "function") callback({});
        document.dispatchEvent(new CustomEvent("visitorConsentCollected", { detail: flags() }));
      }, 0);
    },
  };
  return {
    load(previous) {
      if (previous) record(previous);
      window.Shopify = window.Shopify || {};
      loading = true;
      window.Shopify.loadFeatures = (features, callback) => {
        const known = Array.isArray(features) && features.every((f) => f.name === "consent-tracking-api");
        setTimeout(() => {
          if (!known) return callback(new Error("unknown feature"));
          window.Shopify.customerPrivacy = customerPrivacy;
          callback();
          served = true;
        }, 0);
      };
    },
    choose(choice) {
      window.Shopify.customerPrivacy.setTrackingConsent(choice);
    },
    withdraw() {
      window.Shopify.customerPrivacy.setTrackingConsent({ preferences: false, analytics: false, marketing: false, sale_of_data: false });
    },
    /** Whether a reader has loaded the API since Shopify's script arrived (true before it does). */
    looked: () => !loading || served,
  };
}
