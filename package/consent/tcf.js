// IAB TCF v2.2, through the CMP's `__tcfapi("addEventListener", 2, callback)`. Each purpose needs
// every TCF purpose of its list: `profile` 1, 5 and 6 (store or access information on a device,
// create and use profiles to personalise content), `measurement` 1 and 8 (measure content
// performance), unless the options list others (`{ profile: [1, 3, 4] }`). As a first party, the
// shop reads the consents given to the publisher (`tcData.publisher.consents`); `use: "purposes"`
// reads the purpose consents (`tcData.purpose.consents`) instead. Only a TC string the visitor has
// stood by counts: `eventStatus` "tcloaded" or "useractioncomplete" (what "cmpuishown" carries is
// not a choice yet). Then every purpose consented is `granted`, anything less is `denied`; where
// GDPR does not apply (`gdprApplies === false`) both are `granted`. The listener is removed on
// detach (`removeEventListener` with its `listenerId`).
import { own, start, whenThere } from "./common.js";

/**
 * Sets `personalizer`'s consent from an IAB TCF v2.2 CMP; returns `detach`.
 *
 * @param {{ setConsent(state: object): void }} personalizer
 * @param {{ profile?: number[], measurement?: number[], use?: "publisher" | "purposes",
 *   onError?: (error: Error) => void, waitMs?: number }} [options]
 * @returns {() => void}
 */
export function tcf(personalizer, options) {
  const adapter = start(personalizer, options, "TCF");
  const list = (/** @type {"profile" | "measurement"} */ purpose, /** @type {number[]} */ fallback) => {
    const value = own(options, purpose);
    if (value === undefined) return fallback;
    if (Array.isArray(value) && value.length > 0 && value.every((n) => Number.isInteger(n) && n > 0)) return value;
    adapter.report("invalid_argument", `tcf: options.${purpose} must be a list of TCF purpose numbers, e.g. [1, 5, 6]`, purpose);
    return fallback;
  };
  const needs = { profile: list("profile", [1, 5, 6]), measurement: list("measurement", [1, 8]) };
  const use = own(options, "use") ?? "publisher";
  if (use !== "publisher" && use !== "purposes") adapter.report("invalid_argument", 'tcf: options.use must be "publisher" or "purposes"', "use");
  const field = use === "purposes" ? "purpose" : "publisher";
  let heard = false;
  /** @type {unknown} */
  let listenerId;

  const listener = (/** @type {any} */ tcData, /** @type {boolean} */ success) => {
    heard = true;
    if (success === false) {
      return adapter.report("tcf_unavailable", "TCF: the CMP refused crumbtrail's listener (addEventListener failed); consent stays pending");
    }
    if (tcData === null || typeof tcData !== "object") return;
    if (tcData.listenerId !== undefined) listenerId = tcData.listenerId;
    if (tcData.gdprApplies === false) return adapter.answer({ profile: "granted", measurement: "granted" });
    if (tcData.eventStatus !== "tcloaded" && tcData.eventStatus !== "useractioncomplete") return;
    const consents = own(own(tcData, field), "consents");
    if (field === "publisher" && !(consents && Object.keys(consents).length) && Object.values(own(own(tcData, "purpose"), "consents") ?? {}).includes(true)) {
      adapter.report("consent_unmapped", 'TCF: tcData.publisher.consents is empty but purpose consents are not; if the CMP keeps no publisher purposes, read those with { use: "purposes" }', "use");
    }
    const stateOf = (/** @type {number[]} */ purposes) => (purposes.every((n) => own(consents, n) === true) ? "granted" : "denied");
    adapter.answer({ profile: stateOf(needs.profile), measurement: stateOf(needs.measurement) });
  };

  whenThere(adapter, () => typeof globalThis.__tcfapi === "function" && globalThis.__tcfapi, (api) => {
    try {
      api("addEventListener", 2, (/** @type {any} */ tcData, /** @type {boolean} */ success) => {
        try { listener(tcData, success); } catch { /* never the CMP's problem */ }
      });
    } catch (cause) {
      adapter.report("tcf_unavailable", `TCF: __tcfapi("addEventListener", 2, …) threw (${cause}); consent stays pending`);
    }
    // The CMP that answered may have replaced the stub that was found: the current __tcfapi.
    adapter.onDetach(() => listenerId === undefined || globalThis.__tcfapi("removeEventListener", 2, () => {}, listenerId));
    // A CMP's stub queues the call until its main script arrives: if that never comes, say so.
    adapter.later(() => heard || adapter.report("tcf_unavailable",
      `TCF: __tcfapi did not call back within ${adapter.deadline} ms (only the CMP's stub is there?); consent stays pending`), adapter.deadline);
  }, "tcf_unavailable", "window.__tcfapi (an IAB TCF v2.2 CMP)");
  return adapter.detach;
}
