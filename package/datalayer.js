// GA4's `dataLayer`, read into a Personalizer (`crumbtrail/datalayer`).
//
// Two forms reach a `dataLayer`. The object form, `{ event: "add_to_cart", ecommerce: {…} }`, as
// shops and Google Tag Manager push it: the `ecommerce` object lives in the data layer's model
// across pushes, merged the way Tag Manager merges (objects and arrays recursively, key by key),
// until `{ ecommerce: null }` clears it — which is why Google's documentation pushes that reset
// before every ecommerce event. And the arguments form that `gtag("event", name, params)` pushes
// (an `arguments` object, `{0: "event", 1: name, 2: params}`), which stands alone. `gtag("consent",
// "default" | "update", { personalization_storage })` is a Consent Mode command. Every other entry
// (Tag Manager's own events, `config`, plain data) means nothing to crumbtrail.
//
// Listening wraps the array's `push` without ever breaking the host's own use of it: the wrapper
// calls the `push` it found (Tag Manager's own wrapper, say) with the same `this` and arguments and
// returns its result, then hands the entries to crumbtrail through a queue, so that a push made
// while an entry is being read (from an `onStageChange` callback, say) is read after it rather than
// inside it. Exceptions in crumbtrail's part never reach the caller. Detaching puts the original
// `push` back when nobody wrapped it since, and otherwise leaves the later wrappers in place and
// turns crumbtrail's part off.
import { at, isObject, member, plain, setMember } from "./mapping.js";

/** The event names crumbtrail understands (core/tests/names.rs checks them against the core's). */
const EVENT_NAMES = [
  "page_view", "view_item_list", "view_item", "add_to_wishlist", "add_to_cart", "remove_from_cart", "view_cart",
  "begin_checkout", "purchase", "refund", "sign_up", "generate_lead", "share", "review", "referral",
];

const GTAG_COMMANDS = ["event", "consent", "config", "set", "js", "get"];

const isEventName = (name) => typeof name === "string" && EVENT_NAMES.includes(name);

/**
 * The arguments of a `gtag()` call: an `arguments` object (`{0: …, 1: …}`) or an array, whose
 * first element names a gtag command; otherwise undefined.
 */
function gtagArguments(entry) {
  let args = entry;
  if (isObject(entry) && member(entry, "0") !== undefined) {
    args = [];
    for (let i = 0; member(entry, String(i)) !== undefined; i++) args[i] = entry[i];
  }
  return Array.isArray(args) && GTAG_COMMANDS.includes(args[0]) ? args : undefined;
}

/** What a `gtag()` call asks: `["track", event]`, `["consent", state]`, or nothing. */
function gtag([command, name, params]) {
  if (command === "event" && isEventName(name)) {
    const event = isObject(params) ? params : {};
    event.event = name;
    return ["track", event];
  }
  if (command === "consent" && (name === "default" || name === "update")) {
    const storage = at(params, ["personalization_storage"]);
    if (storage === "granted") return ["consent", "granted"];
    // Before the shopper has chosen, keep to memory (kept if they grant); an update to denied is
    // their choice, and erases.
    if (storage === "denied") return ["consent", name === "default" ? "pending" : "denied"];
  }
  return undefined;
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
    if (args) return gtag(args);
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
    return ["track", event];
  };
}

/** Reads every entry of `target` already there, then every later push, with `onEntry`. */
function tapPush(target, onEntry) {
  const previous = target.push;
  const queue = [];
  let head = 0, active = true, draining = false;
  const drain = () => {
    if (draining) return;
    draining = true;
    try {
      while (head < queue.length) {
        const entry = queue[head];
        queue[head++] = undefined;
        try { onEntry(entry); } catch { /* never the host's problem */ }
      }
      queue.length = head = 0;
    } finally {
      draining = false;
    }
  };
  const wrapper = function () {
    const result = previous.apply(this, arguments);
    if (active) {
      for (let i = 0; i < arguments.length; i++) queue[queue.length] = arguments[i];
      drain();
    }
    return result;
  };
  for (let i = 0; i < target.length; i++) queue[queue.length] = target[i];
  target.push = wrapper;
  drain();
  return () => {
    active = false;
    if (target.push === wrapper) target.push = previous;
  };
}

/**
 * Listens to a GA4 `dataLayer` for `personalizer`: reads the entries already there, then every
 * later push, in both the object form (`{ event, ecommerce }`, with `{ ecommerce: null }` resets)
 * and the `gtag()` form. Entries crumbtrail has no use for are ignored; a malformed ecommerce event
 * goes to `track`, which reports it to the Personalizer's `onError`. With `consentMode: true`,
 * `gtag("consent", "default" | "update", { personalization_storage })` sets consent. Returns a
 * function that stops listening. Never throws: what is not a `dataLayer` is reported to the
 * `onError` of these options (default `console.warn`), and nothing is listened to.
 *
 * ```js
 * import { listen } from "crumbtrail/datalayer";
 * const stop = listen(p, (window.dataLayer ??= []), { consentMode: true });
 * ```
 *
 * @param {{ track(event: object): void, setConsent(state: string): void }} personalizer
 * @param {unknown[]} dataLayer the page's `dataLayer` (an array whose `push` is wrapped)
 * @param {{ consentMode?: boolean, onError?: (error: Error) => void }} [options]
 * @returns {() => void} detaches: later pushes are no longer read
 */
export function listen(personalizer, dataLayer, options) {
  // Own members only: a page may have polluted Object.prototype, even with throwing getters.
  const consentMode = member(options, "consentMode") === true;
  const onError = member(options, "onError");
  const read = dataLayerReader();
  try {
    if (dataLayer === null || typeof dataLayer !== "object" || typeof dataLayer.push !== "function") {
      throw "expected an array such as window.dataLayer";
    }
    return tapPush(dataLayer, (entry) => {
      const [kind, what] = read(entry) ?? [];
      if (kind === "track") personalizer.track(what);
      else if (kind === "consent" && consentMode) personalizer.setConsent(what);
    });
  } catch (problem) {
    const why = typeof problem === "string" ? problem : "its push could not be wrapped";
    const error = Object.assign(new Error(`crumbtrail: listen: ${why}`), { code: "invalid_argument" });
    try {
      (typeof onError === "function" ? onError : console.warn)(error);
    } catch { /* never the host's problem */ }
    return () => {};
  }
}
