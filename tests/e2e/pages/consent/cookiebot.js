// Cookiebot as its uc.js script leaves the page, written from Cookiebot's developer documentation:
// a `window.Cookiebot` object whose `consent.necessary / preferences / statistics / marketing`
// say what the visitor accepted, `hasResponse` whether they answered at all, `consented` and
// `declined` how; the methods `submitCustomConsent(preferences, statistics, marketing)`,
// `withdraw()` and `renew()`; and the window events `CookiebotOnLoad`, `CookiebotOnConsentReady`
// (consent known: submitted now or read from the visitor's earlier visit) and `CookiebotOnAccept` /
// `CookiebotOnDecline`.

/**
 * A Cookiebot banner. `load(previous?)` is uc.js arriving (with a returning visitor's earlier
 * choice, `{ preferences, statistics, marketing }`); `choose(categories)` is the visitor submitting
 * the banner; `withdraw()` is their withdrawal, leaving only necessary cookies.
 */
export function cookiebotStub() {
  const fire = (name) => window.dispatchEvent(new Event(name));
  const consent = { necessary: true, preferences: false, statistics: false, marketing: false, method: null };
  let loaded = false, read = false;
  const bot = {
    get consent() {
      read = true;
      return consent;
    },
    consented: false,
    declined: false,
    hasResponse: false,
    doNotTrack: false,
    show() {},
    hide() {},
    submitCustomConsent(preferences, statistics, marketing) {
      record({ preferences, statistics, marketing });
      announce();
    },
    withdraw() {
      record({});
      announce();
    },
    renew() {
      Object.assign(consent, { preferences: false, statistics: false, marketing: false, method: null });
      Object.assign(bot, { consented: false, declined: false, hasResponse: false });
    },
  };
  function record({ preferences = false, statistics = false, marketing = false }) {
    Object.assign(consent, { preferences: !!preferences, statistics: !!statistics, marketing: !!marketing, method: "explicit" });
    bot.hasResponse = true;
    bot.consented = consent.preferences || consent.statistics || consent.marketing;
    bot.declined = !bot.consented;
  }
  function announce() {
    fire("CookiebotOnConsentReady");
    fire(bot.consented ? "CookiebotOnAccept" : "CookiebotOnDecline");
  }
  return {
    load(previous) {
      if (previous) record(previous);
      window.Cookiebot = bot;
      loaded = true;
      fire("CookiebotOnLoad");
      if (previous) announce();
    },
    choose(categories) {
      bot.submitCustomConsent(!!categories.preferences, !!categories.statistics, !!categories.marketing);
    },
    withdraw() {
      bot.withdraw();
    },
    /** Whether a reader has read `Cookiebot.consent` since uc.js arrived (true before it does). */
    looked: () => !loaded || read,
  };
}
