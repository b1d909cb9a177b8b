// Google Consent Mode v2, read from the page's `dataLayer`: `gtag("consent", "default" | "update",
// { <type>: "granted" | "denied", region?: [...] })`. Each purpose follows one consent type
// (`profile` ← `personalization_storage`, `measurement` ← `analytics_storage` unless the options
// map others). As Google applies them: a default scoped to regions applies only to visitors from
// those regions and beats the global default there (the most specific region first, `US-CA` before
// `US`); an update applies everywhere and beats every default. Without `options.region` the
// adapter cannot know the visitor's region, so the strictest default applies. A type granted is
// `granted`; denied by default only is `pending` (the shopper has not chosen yet); denied by an
// update is `denied` (their choice, which erases). A type the page never sets leaves its purpose
// pending, and is reported once, naming the option that would map another type.
import { nameOr, own, start } from "./common.js";
import { gtagArguments, tapPush } from "../tap.js";

const GRANTED = "granted", DENIED = "denied";

/** `region` as Consent Mode writes it: ISO 3166-1 or 3166-2, upper case (`NL`, `US-CA`). */
const regionCode = (region) => (typeof region === "string" ? region.toUpperCase() : "");

/**
 * Sets `personalizer`'s consent from Consent Mode commands in the `dataLayer`; returns `detach`.
 *
 * @param {{ setConsent(state: object): void }} personalizer
 * @param {{ dataLayer?: unknown[], region?: string, profile?: string, measurement?: string,
 *   onError?: (error: Error) => void, waitMs?: number }} [options]
 * @returns {() => void}
 */
export function consentMode(personalizer, options) {
  const adapter = start(personalizer, options, "Consent Mode");
  const types = {
    profile: nameOr(own(options, "profile"), "personalization_storage"),
    measurement: nameOr(own(options, "measurement"), "analytics_storage"),
  };
  const region = regionCode(own(options, "region"));
  /** Per consent type: the global default, defaults by region, the latest update. */
  const known = new Map();
  const entryOf = (type) => {
    if (!known.has(type)) known.set(type, { global: undefined, regions: new Map(), update: undefined });
    return known.get(type);
  };

  const stateOf = (type) => {
    const entry = known.get(type);
    if (!entry) return "pending";
    if (entry.update) return entry.update === GRANTED ? GRANTED : DENIED;
    let value;
    if (region) {
      value = entry.regions.get(region) ?? entry.regions.get(region.split("-")[0]) ?? entry.global;
    } else {
      const all = [entry.global, ...entry.regions.values()].filter(Boolean);
      value = all.includes(DENIED) ? DENIED : all[0];
    }
    return value === GRANTED ? GRANTED : "pending";
  };

  const read = (raw) => {
    const args = gtagArguments(raw);
    if (!args || args[0] !== "consent" || (args[1] !== "default" && args[1] !== "update")) return;
    const params = args[2];
    if (params === null || typeof params !== "object") return;
    const scopes = args[1] === "default" ? [].concat(own(params, "region") ?? []).map(regionCode).filter(Boolean) : [];
    for (const type of Object.keys(params)) {
      const value = params[type];
      // `region` (an array) and `wait_for_update` (a number) are not consent types.
      if (value !== GRANTED && value !== DENIED) continue;
      const entry = entryOf(type);
      if (args[1] === "update") entry.update = value;
      else if (scopes.length === 0) entry.global = value;
      else for (const scope of scopes) entry.regions.set(scope, value);
    }
    adapter.answer({ profile: stateOf(types.profile), measurement: stateOf(types.measurement) });
  };

  try {
    adapter.onDetach(tapPush(own(options, "dataLayer") ?? (globalThis.dataLayer ??= []), read));
  } catch {
    adapter.report("invalid_argument", "Consent Mode: dataLayer is not an array", "dataLayer");
  }
  // By the deadline: no consent command at all, or a type the commands never set (a mapping to fix).
  adapter.later(() => {
    if (!known.size) {
      adapter.report("consent_mode_unavailable", `Consent Mode: no gtag("consent", …) after ${adapter.deadline} ms; consent stays pending`);
    }
    for (const purpose of /** @type {const} */ (["profile", "measurement"])) {
      if (!known.size || known.has(types[purpose])) continue;
      adapter.report(
        "consent_unmapped",
        `Consent Mode: no command set ${types[purpose]}, so ${purpose} stays pending; map a type the page sets (${[...known.keys()]}), e.g. { ${purpose}: "${[...known.keys()][0]}" }`,
        purpose,
      );
    }
  }, adapter.deadline);
  return adapter.detach;
}
