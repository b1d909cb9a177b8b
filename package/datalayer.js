// GA4's `dataLayer`, read into a Personalizer (`crumbtrail/datalayer`).
//
// Two forms reach a `dataLayer`. The object form, `{ event: "add_to_cart", ecommerce: {…} }`, as
// shops and Google Tag Manager push it: the `ecommerce` object lives in the data layer's model
// across pushes, merged the way Tag Manager merges (objects and arrays recursively, key by key),
// until `{ ecommerce: null }` clears it — which is why Google's documentation pushes that reset
// before every ecommerce event. And the arguments form that `gtag("event", name, params)` pushes
// (an `arguments` object, `{0: "event", 1: name, 2: params}`), which stands alone. Consent Mode's
// `gtag("consent", …)` commands are the Consent Mode adapter's (`crumbtrail/consent`), which
// `consentMode: true` attaches. Every other entry (Tag Manager's own events, `config`, plain data)
// means nothing to crumbtrail. How the array's `push` is wrapped: tap.js.
import { isObject, member, plain, setMember } from "./mapping.js";
import { gtagArguments, tapPush } from "./tap.js";
import { consentMode as readConsentMode } from "./consent/consent-mode.js";

/** The event names crumbtrail understands (core/tests/names.rs checks them against the core's). */
const EVENT_NAMES = [
  "page_view", "view_item_list", "view_item", "add_to_wishlist", "add_to_cart", "remove_from_cart", "view_cart",
  "begin_checkout", "purchase", "refund", "sign_up", "generate_lead", "share", "review", "referral",
];

const isEventName = (name) => typeof name === "string" && EVENT_NAMES.includes(name);

/** The event a `gtag("event", name, params)` call tracks, or nothing.
 * @param {unknown[]} args */
function gtagEvent([command, name, params]) {
  if (command !== "event" || !isEventName(name)) return undefined;
  const event = isObject(params) ? params : {};
  event.event = name;
  return event;
}

/** Tag Manager's merge into the model: objects and arrays key by key, recursively; anything else
 * replaces. Returns the merged value (`into`, updated, or `from`). */
function merge(into, from) {
  if (isObject(into) && isObject(from)) {
    for (const key of Object.keys(from)) setMember(into, key, merge(member(into, key), from[key]));
    return into;
  }
  if (Array.isArray(into) && Array.isArray(from)) {
    for (let i = 0; i < from.length; i++) into[i] = i < into.length ? merge(into[i], from[i]) : from[i];
    return into;
  }
  return from;
}

/**
 * A reader of one `dataLayer`'s entries, keeping the part of its model crumbtrail reads (the
 * current `ecommerce` object). Each call reads one pushed entry and says what it asks of
 * crumbtrail: `["track", event]` (an event still to be validated by `track`), `["consent", state]`
 * (a Consent Mode command's `personalization_storage`), or undefined for nothing.
 *
 */
function dataLayerReader() {
  let ecommerce = null;
  return (raw) => {
    const entry = plain(raw);
    const args = gtagArguments(entry);
    if (args) return gtagEvent(args);
    if (!isObject(entry)) return undefined;
    const update = member(entry, "ecommerce");
    if (update === null) ecommerce = null;
    else if (update !== undefined) ecommerce = merge(ecommerce, update);
    const name = member(entry, "event");
    if (!isEventName(name)) return undefined;
    const event = {};
    for (const key of Object.keys(entry)) {
      if (key !== "ecommerce" && !key.startsWith("gtm.")) setMember(event, key, entry[key]);
    }
    if (ecommerce !== null) event.ecommerce = plain(ecommerce);
    return event;
  };
}

/**
 * Listens to a GA4 `dataLayer` for `personalizer`: reads the entries already there, then every
 * later push, in both the object form (`{ event, ecommerce }`, with `{ ecommerce: null }` resets)
 * and the `gtag()` form. Entries crumbtrail has no use for are ignored; a malformed ecommerce event
 * goes to `track`, which reports it to the Personalizer's `onError`. With `consentMode` (`true`, or
 * the Consent Mode adapter's options), `gtag("consent", …)` commands set consent through that
 * adapter of `crumbtrail/consent`. Returns a
 * function that stops listening. Never throws: what is not a `dataLayer` is reported to the
 * `onError` of these options (default `console.warn`), and nothing is listened to.
 *
 * ```js
 * import { listen } from "crumbtrail/datalayer";
 * const stop = listen(p, (window.dataLayer ??= []), { consentMode: true });
 * ```
 *
 * @param {{ track(event: object): void, setConsent(state: object): void }} personalizer
 * @param {unknown[]} dataLayer the page's `dataLayer` (an array whose `push` is wrapped)
 * @param {{ consentMode?: boolean | object, onError?: (error: Error) => void }} [options]
 * @returns {() => void} detaches: later pushes are no longer read
 */
export function listen(personalizer, dataLayer, options) {
  // Own members only: a page may have polluted Object.prototype, even with throwing getters.
  const consentMode = member(options, "consentMode");
  const onError = member(options, "onError");
  const read = dataLayerReader();
  try {
    if (dataLayer === null || typeof dataLayer !== "object" || typeof dataLayer.push !== "function") {
      throw "expected an array such as window.dataLayer";
    }
    const consent = consentMode === true || isObject(consentMode)
      ? readConsentMode(personalizer, { onError, ...(isObject(consentMode) ? plain(consentMode) : {}), dataLayer })
      : undefined;
    const stop = tapPush(dataLayer, (entry) => {
      const event = read(entry);
      if (event) personalizer.track(event);
    });
    return () => {
      stop();
      consent?.();
    };
  } catch (problem) {
    const why = typeof problem === "string" ? problem : "its push could not be wrapped";
    const error = Object.assign(new Error(`crumbtrail: listen: ${why}`), { code: "invalid_argument" });
    try {
      (typeof onError === "function" ? onError : console.warn)(error);
    } catch { /* never the host's problem */ }
    return () => {};
  }
}
