// Google Consent Mode v2 as a page sets it up, written from Google's documentation: the tag's
// snippet defines `gtag`, which pushes its `arguments` onto `window.dataLayer`; the consent banner
// sets every type's default when the page loads and sends an update when the visitor chooses.
// Crumbtrail reads only the dataLayer, so nothing more of gtag.js is needed.

const TYPES = ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
  "functionality_storage", "personalization_storage", "security_storage"];

/**
 * A Consent Mode banner. `load(previous?)` is its script arriving: every type denied by default,
 * then, for a returning visitor, their earlier choice as an update. `choose(types)` is the visitor
 * answering (`{ personalization_storage: "granted", … }`); `withdraw()` denies every type;
 * `looked()` (every stub has it, for the tests to wait on): whether a reader has looked at the
 * platform since it loaded (true while it is not there).
 */
export function consentModeStub() {
  const gtag = function () {
    window.dataLayer.push(arguments);
  };
  const denied = () => Object.fromEntries(TYPES.filter((t) => t !== "security_storage").map((t) => [t, "denied"]));
  return {
    load(previous) {
      window.dataLayer = window.dataLayer || [];
      window.gtag = gtag;
      gtag("consent", "default", { ...denied(), security_storage: "granted", wait_for_update: 500 });
      if (previous) gtag("consent", "update", previous);
    },
    choose(types) {
      gtag("consent", "update", types);
    },
    withdraw() {
      gtag("consent", "update", denied());
    },
    /** Whether the page's reader has looked since the banner loaded: the dataLayer is read as it is pushed. */
    looked: () => true,
  };
}
