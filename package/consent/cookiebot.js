// Cookiebot, read from the `window.Cookiebot` object its script builds. Each purpose follows one of
// Cookiebot's categories (`profile` ← preferences, `measurement` ← statistics unless the options
// map others). Until the visitor has answered (`Cookiebot.hasResponse`), both are `pending`; then a
// category accepted (`Cookiebot.consent.<category>`) is `granted` and one declined is `denied`.
// Read when the object appears and on `CookiebotOnConsentReady`, `CookiebotOnAccept` and
// `CookiebotOnDecline`, so it does not matter which of the two scripts loads first.
import { on, own, start, whenThere } from "./common.js";

const CATEGORIES = ["necessary", "preferences", "statistics", "marketing"];

/**
 * Sets `personalizer`'s consent from Cookiebot; returns `detach`.
 *
 * @param {{ setConsent(state: object): void }} personalizer
 * @param {{ profile?: string, measurement?: string, onError?: (error: Error) => void, waitMs?: number }} [options]
 * @returns {() => void}
 */
export function cookiebot(personalizer, options) {
  const adapter = start(personalizer, options, "Cookiebot");
  const map = (/** @type {"profile" | "measurement"} */ purpose, /** @type {string} */ fallback) => {
    const name = own(options, purpose) ?? fallback;
    if (CATEGORIES.includes(name)) return name;
    adapter.report("invalid_argument", `cookiebot: options.${purpose} must be one of ${CATEGORIES.join(", ")}`, purpose);
    return fallback;
  };
  const types = { profile: map("profile", "preferences"), measurement: map("measurement", "statistics") };

  const read = () => {
    try {
      const bot = globalThis.Cookiebot;
      const consent = bot?.consent;
      if (!consent) return;
      const stateOf = (/** @type {string} */ type) => (!bot.hasResponse ? "pending" : consent[type] === true ? "granted" : "denied");
      adapter.answer({ profile: stateOf(types.profile), measurement: stateOf(types.measurement) });
    } catch { /* an object unlike Cookiebot's documented one: consent stays as it was */ }
  };

  // Outside a browser (server rendering) there are no events to hear: `on` adds nothing there.
  for (const type of ["CookiebotOnConsentReady", "CookiebotOnAccept", "CookiebotOnDecline"]) on(adapter, globalThis, type, read);
  whenThere(adapter, () => globalThis.Cookiebot?.consent, read, "cookiebot_unavailable", "window.Cookiebot (Cookiebot's uc.js)");
  return adapter.detach;
}
