// The package in real pages: persistence across reloads, two tabs writing at once, blocked storage.
/* global p -- the page's Personalizer, read in page.evaluate */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";

// CORS, because the sandboxed iframe (an opaque origin) imports the package from this server.
const env = pages(new URL("../..", import.meta.url).pathname, { "access-control-allow-origin": "*" });

async function open(context, key) {
  const page = await context.newPage();
  await page.goto(`${env.server.url}/tests/e2e/pages/track.html?key=${key}`);
  await page.waitForFunction(() => window.ready === true);
  return page;
}

test("what was tracked survives a real reload", async () => {
  const context = await env.browser.newContext();
  const page = await open(context, "reload");
  await page.evaluate(() => {
    p.track({ event: "view_item", items: [{ item_id: "SKU-1", item_category: "Shoes", price: 89 }] });
    p.track({ event: "add_to_cart", items: [{ item_id: "SKU-1", item_category: "Shoes", price: 89 }] });
    p.track({ event: "purchase", ecommerce: { transaction_id: "T-1", value: 89, currency: "EUR" } });
  });
  // no flush: the coalesced write must already have happened, or happen on pagehide
  await page.reload();
  await page.waitForFunction(() => window.ready === true);
  const report = await page.evaluate(() => p.stage());
  assert.equal(report.stage, "development");
  assert.equal(report.metrics.orders, 1);
  assert.equal(report.metrics.itemViews, 1);
  assert.deepEqual(await page.evaluate(() => window.errors), []);
  await context.close();
});

test("two tabs tracking 500 events each at the same time lose none and count none twice", async () => {
  const context = await env.browser.newContext();
  const [a, b] = await Promise.all([open(context, "tabs"), open(context, "tabs")]);
  const burst = (page, tab) =>
    page.evaluate(async (tab) => {
      for (let i = 0; i < 500; i++) {
        p.track({ event: "view_item", items: [{ item_id: `${tab}-${i}`, item_category: tab }] });
        if (i % 7 === 0) await new Promise((r) => setTimeout(r, 0)); // let the other tab's writes interleave
      }
      p.flush();
    }, tab);
  await Promise.all([burst(a, "A"), burst(b, "B")]);
  // each tab has merged the other's writes by now, through storage events and merge-on-write
  await Promise.all([a.evaluate(() => p.flush()), b.evaluate(() => p.flush())]);
  const c = await open(context, "tabs");
  const m = (await c.evaluate(() => p.stage())).metrics;
  assert.equal(m.itemViews, 1000);
  assert.deepEqual([...m.topCategories].sort(), ["A", "B"]);
  const attrs = await c.evaluate(() => p.attributes());
  assert.equal(attrs.itemViews, 1000);
  for (const page of [a, b, c]) assert.deepEqual(await page.evaluate(() => window.errors), []);
  await context.close();
});

test("a tab picks up another tab's events through the storage event", async () => {
  const context = await env.browser.newContext();
  const [a, b] = await Promise.all([open(context, "event"), open(context, "event")]);
  await a.evaluate(() => { p.track({ event: "sign_up" }); p.flush(); });
  await b.waitForFunction(() => p.stage().stage === "acquisition", null, { timeout: 5000 });
  await context.close();
});

test("storage blocked in a sandboxed iframe: memory, one report, no exception", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/tests/e2e/pages/sandboxed.html`);
  const result = await page.evaluate(() => window.result);
  assert.equal(result.thrown, undefined, result.thrown);
  assert.equal(result.pageViews, 2);
  assert.equal(result.errors.length, 1);
  assert.match(result.errors[0], /localStorage unavailable \(SecurityError: .*\): keeping the profile in memory/);
  await context.close();
});
