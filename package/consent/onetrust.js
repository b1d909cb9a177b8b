// OneTrust, read from its SDK's globals: `OneTrust.IsAlertBoxClosed()` (has the visitor answered the
// banner?) and `OnetrustActiveGroups` (",C0001,C0003,": the groups now active). Each purpose follows
// one group (`profile` ← C0003, functional; `measurement` ← C0002, performance; unless the options
// name others, e.g. `{ profile: "C0004" }`). Until the banner is closed both are `pending`; then a
// group active is `granted` and one not active is `denied`. Read when the SDK appears and on every
// `OneTrustGroupsUpdated` event (its `detail` lists the active groups). `OptanonWrapper`, the page's
// own callback, is left to the page.
import { nameOr, on, own, start, whenThere } from "./common.js";

/**
 * Sets `personalizer`'s consent from OneTrust; returns `detach`.
 *
 * @param {{ setConsent(state: object): void }} personalizer
 * @param {{ profile?: string, measurement?: string, onError?: (error: Error) => void, waitMs?: number }} [options]
 * @returns {() => void}
 */
export function oneTrust(personalizer, options) {
  const adapter = start(personalizer, options, "OneTrust");
  const groups = { profile: nameOr(own(options, "profile"), "C0003"), measurement: nameOr(own(options, "measurement"), "C0002") };

  const read = (/** @type {Event | undefined} */ event = undefined) => {
    try {
      const sdk = globalThis.OneTrust;
      if (typeof sdk?.IsAlertBoxClosed !== "function") return;
      const detail = /** @type {CustomEvent | undefined} */ (event)?.detail;
      const active = Array.isArray(detail) ? detail : String(globalThis.OnetrustActiveGroups ?? "").split(",");
      const closed = sdk.IsAlertBoxClosed() === true;
      const stateOf = (/** @type {string} */ group) => (!closed ? "pending" : active.includes(group) ? "granted" : "denied");
      adapter.answer({ profile: stateOf(groups.profile), measurement: stateOf(groups.measurement) });
    } catch { /* an SDK unlike OneTrust's documented one: consent stays as it was */ }
  };

  // Outside a browser (server rendering) there are no events to hear, and nothing to find.
  on(adapter, globalThis, "OneTrustGroupsUpdated", read);
  whenThere(adapter, () => typeof globalThis.OneTrust?.IsAlertBoxClosed === "function", () => read(), "onetrust_unavailable",
    "window.OneTrust.IsAlertBoxClosed (OneTrust's otSDKStub.js)");
  return adapter.detach;
}
