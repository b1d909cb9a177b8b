// Integrations in real Chromium: Global Privacy Control, and a page's dataLayer with gtag() and a
// Tag Manager-style wrapper, as a shop's page has them, read through crumbtrail/datalayer.
/* global dataLayer -- the page's, read in page.evaluate */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";

const env = pages(new URL("../..", import.meta.url).pathname);

async function open(gpc) {
  const context = await env.browser.newContext();
  if (gpc) await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  const page = await context.newPage();
  await page.goto(`${env.server.url}/tests/e2e/pages/messages.html`);
  await page.waitForFunction(() => window.ready === true);
  return { context, page };
}

test("Global Privacy Control starts consent denied only when the shop asks to honour it", async () => {
  for (const [gpc, honour, stored] of [[true, true, false], [true, false, true], [false, true, true]]) {
    const { context, page } = await open(gpc);
    const result = await page.evaluate((honour) => {
      localStorage.clear();
      const p = new window.crumbtrail.Personalizer({ storageKey: "gpc", honorGlobalPrivacyControl: honour });
      p.track({ event: "view_item", items: [{ item_id: "A" }] });
      p.flush();
      return { stored: localStorage.getItem("gpc") !== null, views: p.stage().metrics.itemViews, signal: /** @type {Navigator & { globalPrivacyControl?: boolean }} */ (navigator).globalPrivacyControl === true };
    }, honour);
    assert.deepEqual(result, { stored, views: 1, signal: gpc }, `gpc ${gpc}, honour ${honour}`);
    await context.close();
  }
});

test("a page's dataLayer with gtag() and a Tag Manager-style wrapper feeds crumbtrail and keeps working", async () => {
  const { context, page } = await open(false);
  const result = await page.evaluate(async () => {
    const { listen } = await import(/** @type {string} */ ("/pkg/datalayer.js"));
    window.dataLayer = window.dataLayer || [];
    function gtag() { dataLayer.push(arguments); }
    gtag("consent", "default", { ad_storage: "denied", personalization_storage: "denied" });
    gtag("js", new Date());
    // Tag Manager arrives first and wraps push.
    const seen = [];
    const gtmPush = dataLayer.push;
    dataLayer.push = function () { seen.push(...arguments); return gtmPush.apply(this, arguments); };
    localStorage.clear();
    const p = new window.crumbtrail.Personalizer({ storageKey: "dl" });
    const stop = listen(p, window.dataLayer, { consentMode: true });
    dataLayer.push({ ecommerce: null });
    dataLayer.push({ event: "view_item", ecommerce: { currency: "EUR", value: 20, items: [{ item_id: "A", item_category: "Shoes", price: 20 }] } });
    gtag("event", "add_to_cart", { currency: "EUR", items: [{ item_id: "A", price: 20 }] });
    p.flush();
    const storedBefore = localStorage.getItem("dl") !== null;
    gtag("consent", "update", { personalization_storage: "granted" });
    const storedAfter = localStorage.getItem("dl") !== null;
    const stage = p.stage();
    stop();
    const stillGtm = dataLayer.push !== gtmPush && (dataLayer.push({ event: "x" }), seen.length);
    return { storedBefore, storedAfter, stage: stage.stage, views: stage.metrics.itemViews, adds: stage.metrics.cartAdds, seenByGtm: stillGtm, length: dataLayer.length };
  });
  assert.deepEqual(result, { storedBefore: false, storedAfter: true, stage: "acquisition", views: 1, adds: 1, seenByGtm: 5, length: 7 });
  await context.close();
});
