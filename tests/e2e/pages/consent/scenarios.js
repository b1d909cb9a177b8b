// The consent scenarios every adapter of crumbtrail/consent goes through, as data shared by the
// page that runs them (run.js, in the browser) and the tests that assert them (in Node): for each
// adapter and timing, what happens before crumbtrail attaches, then each step — what the platform
// does, and the consent, storage, exposures and errors expected once crumbtrail has heard it.
//
// A step's `act(ctx)` gets `{ stub, say, detach }`: the platform's stub controller, `say(profile,
// measurement)` turning two yes/no answers into the platform's own choice under the adapter's
// default mapping, and the adapter's detach.

export const ADAPTERS = ["consentMode", "shopifyPrivacy", "cookiebot", "oneTrust", "tcf"];

/** The code each adapter reports when its platform never answers. */
export const UNAVAILABLE = {
  consentMode: "consent_mode_unavailable",
  shopifyPrivacy: "shopify_privacy_unavailable",
  cookiebot: "cookiebot_unavailable",
  oneTrust: "onetrust_unavailable",
  tcf: "tcf_unavailable",
};

const g = (yes) => (yes ? "granted" : "denied");

/** Two yes/no answers (profile, measurement) as each platform records them, under the default map. */
export const SAY = {
  consentMode: (profile, measurement) => ({ personalization_storage: g(profile), analytics_storage: g(measurement) }),
  shopifyPrivacy: (profile, measurement) => ({ preferences: profile, analytics: measurement, marketing: false, sale_of_data: false }),
  cookiebot: (profile, measurement) => ({ preferences: profile, statistics: measurement, marketing: false }),
  oneTrust: (profile, measurement) => [profile && "C0003", measurement && "C0002"].filter(Boolean),
  tcf: (profile, measurement) => ({ purposes: [...new Set([...(profile ? [1, 5, 6] : []), ...(measurement ? [1, 8] : [])])].sort((a, b) => a - b) }),
};

/** Each adapter's options mapping other platform purposes to ours, and a choice only they grant. */
const REMAPPED = {
  consentMode: {
    options: { profile: "functionality_storage", measurement: "ad_storage" },
    choice: { functionality_storage: "granted", ad_storage: "granted", personalization_storage: "denied", analytics_storage: "denied" },
  },
  shopifyPrivacy: {
    options: { profile: "analytics", measurement: "marketing" },
    choice: { preferences: false, analytics: true, marketing: true, sale_of_data: false },
  },
  cookiebot: {
    options: { profile: "statistics", measurement: "marketing" },
    choice: { preferences: false, statistics: true, marketing: true },
  },
  oneTrust: { options: { profile: "C0004", measurement: "C0003" }, choice: ["C0004", "C0003"] },
  // Purpose consents only (no publisher consents at all): read with use: "purposes".
  tcf: { options: { profile: [1, 3, 4], use: "purposes" }, choice: { purposes: [1, 3, 4, 8], publisher: [] } },
};

const state = (profile, measurement = profile) => ({ profile, measurement });
const PENDING = state("pending"), GRANTED = state("granted"), DENIED = state("denied");

/** The timings every adapter runs, and those only some platforms have. */
export const TIMINGS = ["before", "after", "mind", "withdraw", "never", "options"];
export const EXTRA = { shopifyPrivacy: ["exempt"], tcf: ["exempt", "stub"] };

export const timingsOf = (adapter) => [...TIMINGS, ...(EXTRA[adapter] ?? [])];

/**
 * The scenario `timing` for `adapter`: `{ stubOptions, options, before(ctx), steps }`, each step
 * `{ name, act?(ctx), consent, errors }` (the adapter's error codes so far). What a step must show
 * besides follows from its consent: storage only with the profile granted, an exposure only with
 * measurement granted.
 */
export function scenario(adapter, timing) {
  const none = [];
  const unavailable = [UNAVAILABLE[adapter]];
  switch (timing) {
    case "before": // the platform answered (a returning visitor's choice) before crumbtrail loads
      return {
        before: ({ stub, say }) => stub.load(adapter === "tcf" ? { previous: say(true, true) } : say(true, true)),
        steps: [{ name: "attached after the platform answered", consent: GRANTED, errors: none }],
      };
    case "after": // crumbtrail first; the platform loads, shows its banner, then the visitor accepts
      return {
        steps: [
          { name: "attached before the platform is there", consent: PENDING, errors: none },
          { name: "the platform loads and shows its banner", act: ({ stub }) => stub.load(), consent: PENDING, errors: none },
          { name: "the visitor accepts", act: ({ stub, say }) => stub.choose(say(true, true)), consent: GRANTED, errors: none },
        ],
      };
    case "mind": // no, then yes, then each purpose changes its mind; detached, the platform is no longer heard
      return {
        steps: [
          { name: "the platform loads and shows its banner", act: ({ stub }) => stub.load(), consent: PENDING, errors: none },
          { name: "the visitor declines", act: ({ stub, say }) => stub.choose(say(false, false)), consent: DENIED, errors: none },
          { name: "the visitor accepts after all", act: ({ stub, say }) => stub.choose(say(true, true)), consent: GRANTED, errors: none },
          { name: "measurement taken back", act: ({ stub, say }) => stub.choose(say(true, false)), consent: state("granted", "denied"), errors: none },
          { name: "profile taken back, measurement given", act: ({ stub, say }) => stub.choose(say(false, true)), consent: state("denied", "granted"), errors: none },
          {
            name: "detached, then the platform grants everything",
            act: ({ stub, say, detach }) => { detach(); stub.choose(say(true, true)); },
            consent: state("denied", "granted"),
            errors: none,
          },
        ],
      };
    case "withdraw": // everything granted, then withdrawn through the platform
      return {
        steps: [
          { name: "the platform loads and shows its banner", act: ({ stub }) => stub.load(), consent: PENDING, errors: none },
          { name: "the visitor accepts", act: ({ stub, say }) => stub.choose(say(true, true)), consent: GRANTED, errors: none },
          { name: "the visitor withdraws", act: ({ stub }) => stub.withdraw(), consent: DENIED, errors: none },
        ],
      };
    case "never": // the platform's script never arrives
      return {
        steps: [
          { name: "the platform never answers", consent: PENDING, errors: unavailable, wait: "error" },
          { name: "still nothing, reported once", consent: PENDING, errors: unavailable, wait: "long" },
        ],
      };
    case "options": // the shop maps other platform purposes to ours
      return {
        options: REMAPPED[adapter].options,
        steps: [
          { name: "the platform loads and shows its banner", act: ({ stub }) => stub.load(), consent: PENDING, errors: none },
          { name: "the visitor grants only the purposes the options map", act: ({ stub }) => stub.choose(REMAPPED[adapter].choice), consent: GRANTED, errors: none },
        ],
      };
    case "exempt": // the platform says consent is not needed for this visitor
      return adapter === "tcf"
        ? { steps: [{ name: "GDPR does not apply", act: ({ stub }) => stub.load({ gdprApplies: false }), consent: GRANTED, errors: none }] }
        : {
          stubOptions: { required: false },
          steps: [{ name: "no banner is needed in the visitor's region", act: ({ stub }) => stub.load(), consent: GRANTED, errors: none }],
        };
    case "stub": // the CMP's stub is there, its main script late: reported, then heard when it comes
      return {
        before: ({ stub }) => stub.stub(),
        steps: [
          { name: "only the CMP's stub answers", consent: PENDING, errors: unavailable, wait: "error" },
          { name: "the CMP arrives with the visitor's earlier choice", act: ({ stub, say }) => stub.load({ previous: say(true, true) }), consent: GRANTED, errors: unavailable },
        ],
      };
    default:
      throw new Error(`no scenario ${timing}`);
  }
}

/** What `step` (the `index`th) must have recorded, besides its consent and errors. */
export function expected(step, index) {
  return {
    name: step.name,
    consent: step.consent,
    stored: step.consent.profile === "granted",
    exposures: step.consent.measurement === "granted" ? [`m${index}`] : [],
    errors: step.errors,
  };
}
