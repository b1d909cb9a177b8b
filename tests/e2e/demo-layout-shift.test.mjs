// Layout shift through the demo shop, in Chromium: its home, collection and product pages come as
// HTML (demo/render.mjs, built into demo/en/), the slot script inline in <head>, the banners as
// <crumbtrail-slot> elements around the shop's baseline, and the engine after load. A first-time
// shopper and a returning buyer (two orders, seeded) walk the three pages, on a phone's viewport
// (Lighthouse's) and a desktop's; every layout shift from the start of each page (a buffered
// `layout-shift` PerformanceObserver) until the engine has decided and two more frames were
// painted is collected, and none is allowed. Chromium reports shifts as exact values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pages } from "../js/pages.mjs";
import { returningBuyerPage } from "./trails.mjs";
import { MESSAGES } from "../../demo/messages.js";

const repo = new URL("../..", import.meta.url).pathname;
const env = pages(join(repo, "demo"));
const PAGES = { home: "/en/", collection: "/en/c/shoes.html", product: "/en/p/ridge-runner.html" };
const VIEWPORTS = { phone: { width: 412, height: 823 }, desktop: { width: 1280, height: 900 } };

/** A shopper (one browser context) on `viewport`, every page observed for layout shifts. */
async function shopper(viewport) {
  const context = await env.browser.newContext({ viewport });
  await context.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => window.shifts.push(...list.getEntries().map((/** @type {any} layout-shift entries: not in TypeScript's DOM types */ e) => ({ value: e.value, recent: e.hadRecentInput,
      moved: e.sources.map((s) => s.node?.id || s.node?.className || s.node?.nodeName) }))))
      .observe({ type: "layout-shift", buffered: true });
  });
  const errors = [];
  return {
    context,
    errors,
    /** Opens `path`, waits for the engine and two frames: the shifts and what each slot showed. */
    async open(path) {
      const page = await context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${env.server.url}${path}`);
      await page.waitForFunction(() => window.trailhead?.ready === true);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const seen = await page.evaluate(() => ({
        shifts: window.shifts,
        keptAtParse: window.trailhead.keptAtParse,
        slots: Object.fromEntries([...document.querySelectorAll("crumbtrail-slot")].map((s) => [s.getAttribute("name"),
          [s.getAttribute("data-crumbtrail-message"), s.getAttribute("data-crumbtrail-source")]])),
      }));
      await page.close();
      return seen;
    },
  };
}

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test(`a first-time shopper on a ${device} walks home, collection and product: no layout shift`, async () => {
    const s = await shopper(viewport);
    const seen = {};
    for (const [name, path] of Object.entries(PAGES)) {
      const page = await s.open(path);
      assert.deepEqual(page.shifts, [], `${name}: no layout shift`);
      seen[name] = page.slots;
    }
    // The engine decided every slot; the first page's welcome shows in place (the hero reserves
    // its box), and is kept ready for the pages after it.
    assert.deepEqual(seen.home.hero, ["welcome", "engine"]);
    assert.deepEqual(seen.collection.collection, [null, "kept"], "nothing for a first visit in the collection's slot");
    assert.equal(seen.product.product[0], null, "the product slot keeps its baseline for a first visit");
    assert.deepEqual(s.errors, []);
    await s.context.close();
  });

  test(`a returning buyer on a ${device} sees the kept banners in the first paint on home, collection and product: no layout shift`, async () => {
    const s = await shopper(viewport);
    const seed = await s.context.newPage();
    await s.context.route(`${env.server.url}/seed.html`, (route) => route.fulfill({ contentType: "text/html", body: returningBuyerPage({ messages: MESSAGES, locale: "en" }) }));
    await seed.goto(`${env.server.url}/seed.html`);
    await seed.waitForFunction(() => window.done === true);
    await seed.close();
    const expected = { home: ["hero", "cross-sell-shoes"], collection: ["collection", "members-collection"], product: ["product", "loyalty-club"] };
    for (const [name, path] of Object.entries(PAGES)) {
      const page = await s.open(path);
      const [slot, message] = expected[name];
      assert.deepEqual(page.keptAtParse, [slot], `${name}: the kept banner was in the page as parsed`);
      assert.deepEqual(page.slots[slot], [message, "kept"], `${name}: the engine confirmed the kept banner`);
      assert.deepEqual(page.shifts, [], `${name}: no layout shift`);
    }
    assert.deepEqual(s.errors, []);
    await s.context.close();
  });
}
