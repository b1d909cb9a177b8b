// The consent adapters of crumbtrail/consent in Chromium, each against a stub of its platform's
// documented API (tests/e2e/pages/consent/): the platform answering before crumbtrail loads, after
// it, changing its mind, withdrawing, never loading, and the options that map other purposes.
// After each step: nothing in localStorage without profile consent and nothing left after a
// withdrawal, no exposure without measurement consent, p.consent() as the platform said, each
// problem reported once, nothing thrown into the page. Then two tabs: a withdrawal in one erases
// what the other keeps, without a reload. Firefox and WebKit run the same scenarios through
// tests/engines/ (consent.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";
import { ADAPTERS, timingsOf } from "./pages/consent/scenarios.js";
import { assertScenario, assertTwoTabs } from "./consent-checks.mjs";

const env = pages(new URL("../..", import.meta.url).pathname);

/** Loads the consent page with `query` in a fresh context; resolves to `window.result`. */
async function resultOf(query) {
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    const thrown = [];
    page.on("pageerror", (e) => thrown.push(e.message));
    await page.goto(`${env.server.url}/tests/e2e/pages/consent.html?${query}`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.result);
    return { ...result, pageErrors: [...(result.pageErrors ?? []), ...thrown] };
  } finally {
    await context.close();
  }
}

for (const adapter of ADAPTERS) {
  for (const timing of timingsOf(adapter)) {
    test(`${adapter}: ${timing}`, async () => {
      assertScenario(adapter, timing, await resultOf(`adapter=${adapter}&timing=${timing}`));
    });
  }
}

test("two tabs: withdrawing in one erases what the other keeps, at once and without a reload", async () => {
  const context = await env.browser.newContext();
  try {
    const url = `${env.server.url}/tests/e2e/pages/consent.html?tab`;
    const open = async () => {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => window.result === "ready");
      return page;
    };
    // A fresh context: its storage starts empty.
    const a = await open();
    const b = await open();
    await assertTwoTabs({
      snapshot: (tab) => (tab === "a" ? a : b).evaluate(() => window.tab.snapshot()),
      withdraw: () => a.evaluate(() => window.tab.withdraw()),
      track: (tab) => (tab === "a" ? a : b).evaluate(() => window.tab.track()),
      until: (tab, predicate) => (tab === "a" ? a : b).waitForFunction(predicate, null, { timeout: 5_000 }),
    });
  } finally {
    await context.close();
  }
});

test("broken platforms and bad options: reported through onError with a code (and a path for options), never thrown into the page", async () => {
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    const thrown = [];
    page.on("pageerror", (e) => thrown.push(e.message));
    await page.goto(`${env.server.url}/tests/e2e/pages/consent.html?clear`);
    await page.waitForFunction(() => window.result === "cleared");
    const seen = await page.evaluate(async () => {
      const { default: init, Personalizer } = await import(/** @type {string} */ ("/pkg/index.js"));
      await init();
      const load = async (file, name) => (await import(`/package/consent/${file}`))[name];
      const adapters = {
        consentMode: await load("consent-mode.js", "consentMode"),
        shopifyPrivacy: await load("shopify-privacy.js", "shopifyPrivacy"),
        cookiebot: await load("cookiebot.js", "cookiebot"),
        oneTrust: await load("onetrust.js", "oneTrust"),
        tcf: await load("tcf.js", "tcf"),
      };
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const clean = () => {
        for (const name of ["Shopify", "Cookiebot", "OneTrust", "OnetrustActiveGroups", "__tcfapi"]) delete window[name];
      };
      /** Attaches `adapter` with `options` after `setup()`, waits, and returns consent and errors. */
      const attempt = async (adapter, options, setup = () => {}) => {
        clean();
        setup();
        const errors = [];
        const p = new Personalizer({ consent: "pending", storage: "memory" });
        let threw = null;
        let detach = () => {};
        try {
          detach = adapters[adapter](p, { waitMs: 50, onError: (e) => errors.push([e.code, e.path ?? null, e.message]), ...options });
        } catch (e) {
          threw = e.message;
        }
        await sleep(400);
        detach();
        return { consent: p.consent(), errors, threw };
      };
      const getterThrows = (name) => () => Object.defineProperty(window, name, { configurable: true, get() { throw new Error(`${name} broke`); } });
      return {
        cookiebotGetterThrows: await attempt("cookiebot", {}, () => {
          window.Cookiebot = { get consent() { return { get preferences() { throw new Error("broken"); } }; }, hasResponse: true };
        }),
        oneTrustThrows: await attempt("oneTrust", {}, () => {
          window.OneTrust = { IsAlertBoxClosed() { throw new Error("broken"); } };
        }),
        globalGetterThrows: await attempt("cookiebot", {}, getterThrows("Cookiebot")),
        tcfThrows: await attempt("tcf", {}, () => {
          window.__tcfapi = () => { throw new Error("broken CMP"); };
        }),
        tcfRefuses: await attempt("tcf", {}, () => {
          window.__tcfapi = (command, version, callback) => callback(null, false);
        }),
        tcfNoPublisherConsents: await attempt("tcf", {}, () => {
          window.__tcfapi = (command, version, callback) => command === "addEventListener" && callback({
            gdprApplies: true, eventStatus: "tcloaded", listenerId: 1,
            purpose: { consents: { 1: true, 5: true, 6: true, 8: true } }, publisher: { consents: {} },
          }, true);
        }),
        shopifyLoadError: await attempt("shopifyPrivacy", {}, () => {
          window.Shopify = { loadFeatures: (features, callback) => callback(new Error("blocked")) };
        }),
        shopifyLoadThrows: await attempt("shopifyPrivacy", {}, () => {
          window.Shopify = { loadFeatures: () => { throw new Error("broken"); } };
        }),
        shopifyNeverCallsBack: await attempt("shopifyPrivacy", {}, () => {
          window.Shopify = { loadFeatures: () => {} };
        }),
        badOptions: {
          cookiebot: await attempt("cookiebot", { profile: "functional" }),
          shopifyPrivacy: await attempt("shopifyPrivacy", { measurement: "statistics" }),
          tcf: await attempt("tcf", { profile: "1,5,6", use: "vendors" }),
        },
      };
    });
    const codes = (r) => r.errors.map(([code, path]) => (path ? `${code} ${path}` : code));
    const PENDING = { profile: "pending", measurement: "pending" };
    for (const [name, r] of Object.entries(seen)) {
      if (name === "badOptions") continue;
      assert.equal(r.threw, null, `${name}: nothing thrown`);
    }
    assert.deepEqual(seen.cookiebotGetterThrows.consent, PENDING);
    assert.deepEqual(codes(seen.cookiebotGetterThrows), []);
    assert.deepEqual(seen.oneTrustThrows.consent, PENDING);
    assert.deepEqual(codes(seen.globalGetterThrows), ["cookiebot_unavailable"]);
    assert.deepEqual(codes(seen.tcfThrows), ["tcf_unavailable"]);
    assert.match(seen.tcfThrows.errors[0][2], /^crumbtrail: TCF: __tcfapi\("addEventListener", 2, …\) threw \(Error: broken CMP\)/);
    assert.deepEqual(codes(seen.tcfRefuses), ["tcf_unavailable"]);
    assert.match(seen.tcfRefuses.errors[0][2], /refused crumbtrail's listener/);
    // Purpose consents only, read as the publisher's by default: denied, and the option to use is named.
    assert.deepEqual(seen.tcfNoPublisherConsents.consent, { profile: "denied", measurement: "denied" });
    assert.deepEqual(codes(seen.tcfNoPublisherConsents), ["consent_unmapped use"]);
    assert.match(seen.tcfNoPublisherConsents.errors[0][2], /\{ use: "purposes" \}/);
    for (const name of ["shopifyLoadError", "shopifyLoadThrows", "shopifyNeverCallsBack"]) {
      assert.deepEqual(seen[name].consent, PENDING, name);
      assert.deepEqual(codes(seen[name]), ["shopify_privacy_unavailable"], name);
    }
    assert.match(seen.shopifyLoadError.errors[0][2], /loadFeatures said: Error: blocked/);
    assert.match(seen.shopifyNeverCallsBack.errors[0][2], /did not call back within 50 ms/);
    assert.deepEqual(codes(seen.badOptions.cookiebot), ["invalid_argument profile", "cookiebot_unavailable"]);
    assert.match(seen.badOptions.cookiebot.errors[0][2], /options\.profile must be one of necessary, preferences, statistics, marketing/);
    assert.deepEqual(codes(seen.badOptions.shopifyPrivacy), ["invalid_argument measurement", "shopify_privacy_unavailable"]);
    assert.deepEqual(codes(seen.badOptions.tcf), ["invalid_argument profile", "invalid_argument use", "tcf_unavailable"]);
    for (const r of Object.values(seen.badOptions)) assert.equal(r.threw, null);
    assert.deepEqual(thrown, []);
  } finally {
    await context.close();
  }
});
