// Messaging in real Chromium: the conformance suite through the web build's evalCondition, safe
// rendering of hostile catalogue content, message state across reloads, and decide() timing.
/* global p -- the page's Personalizer, read in page.evaluate */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";
import { growthbookCases as cases } from "../js/growthbook-cases.mjs";

const env = pages(new URL("../..", import.meta.url).pathname);

async function open(context) {
  const page = await context.newPage();
  page.on("pageerror", (e) => page.pageErrors.push(e.message));
  page.pageErrors = [];
  await page.goto(`${env.server.url}/tests/e2e/pages/messages.html`);
  await page.waitForFunction(() => window.ready === true);
  assert.deepEqual(await page.evaluate(() => window.errors), []);
  return page;
}

test("every GrowthBook evalCondition case passes through the web build in Chromium", async () => {
  const context = await env.browser.newContext();
  const page = await open(context);
  const failed = await page.evaluate((suite) => {
    const { evalCondition } = window.crumbtrail;
    return suite.filter(([, c, a, expected, groups]) => evalCondition(c, a, groups) !== expected).map(([name]) => name);
  }, cases.evalCondition);
  console.log(`GrowthBook evalCondition conformance in Chromium: ${cases.evalCondition.length - failed.length}/${cases.evalCondition.length} passed`);
  assert.deepEqual(failed, []);
  await context.close();
});

const hostile = [
  { id: "evil", slot: "hero", priority: 9, content: {
    title: '<img src=x onerror="window.pwned = \'title\'">Hello',
    body: "<script>window.pwned = 'body'</script>",
    cta: "<b onmouseover=alert(1)>Shop</b>",
    href: " java\tscript:window.pwned = 'href'",
    dismissLabel: '"><svg onload="window.pwned=1">',
  } },
  { id: "data-link", slot: "pdp", content: { title: "Data", cta: "Open", href: "data:text/html,<script>window.pwned='data'</script>" } },
  { id: "safe", slot: "hero", content: { title: "Safe", body: "Hi {{page.name}}", cta: "See shoes", href: "#shoes" } },
];

test("hostile catalogue content renders inert: text stays text, only http(s) links", async () => {
  const context = await env.browser.newContext();
  const page = await open(context);
  const result = await page.evaluate((messages) => {
    const errors = [];
    window.p = new window.crumbtrail.Personalizer({ storage: "memory", messages, onError: (e) => errors.push(e.message) });
    const hero = document.getElementById("hero");
    const pdp = document.getElementById("pdp");
    const d = p.render("hero", hero, { name: "<i>Eve</i>" });
    p.render("pdp", pdp);
    return {
      id: d.id,
      elements: [...hero.querySelectorAll("*")].map((e) => e.tagName),
      pdpElements: [...pdp.querySelectorAll("*")].map((e) => e.tagName),
      title: hero.querySelector(".crumbtrail-title").textContent,
      body: hero.querySelector(".crumbtrail-body").textContent,
      region: [hero.getAttribute("role"), hero.getAttribute("aria-label")],
      dismissLabel: hero.querySelector("button").getAttribute("aria-label"),
      errors,
    };
  }, hostile);
  assert.equal(result.id, "evil");
  // No link (javascript: dropped), no parsed markup: a title, a body, a dismiss button.
  assert.deepEqual(result.elements, ["P", "P", "BUTTON"]);
  assert.deepEqual(result.pdpElements, ["P", "BUTTON"]);
  assert.equal(result.title, '<img src=x onerror="window.pwned = \'title\'">Hello');
  assert.equal(result.body, "<script>window.pwned = 'body'</script>");
  assert.deepEqual(result.region, ["region", result.title]);
  assert.equal(result.dismissLabel, '"><svg onload="window.pwned=1">');
  // Hover and click everything; nothing runs.
  await page.hover("#hero .crumbtrail-title");
  await page.click("#pdp button");
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  // Dismissing the hostile message (by keyboard) brings the next one, with a safe relative link.
  await page.focus("#hero button");
  await page.keyboard.press("Enter");
  const next = await page.evaluate(() => {
    const hero = document.getElementById("hero");
    const hidden = hero.hidden;
    const d = p.render("hero", hero, { name: "<i>Eve</i>" });
    const a = hero.querySelector("a");
    return { hidden, id: d.id, body: hero.querySelector(".crumbtrail-body").textContent, href: a.href, text: a.textContent };
  });
  assert.equal(next.hidden, true, "a dismissed message is removed");
  assert.equal(next.id, "safe");
  assert.equal(next.body, "Hi <i>Eve</i>");
  assert.equal(next.href, `${env.server.url}/tests/e2e/pages/messages.html#shoes`);
  assert.equal(next.text, "See shoes");
  await page.click("#hero a");
  const log = JSON.parse(await page.evaluate(() => p.export())).crumbtrail.profile.messages;
  assert.equal(log.evil.dismissed > 0, true);
  assert.equal(log.safe.shown.length, 1);
  assert.equal(log.safe.clicked > 0, true);
  assert.equal(log["data-link"].dismissed > 0, true);
  // A message left on the page after its personaliser is freed: clicking it raises nothing.
  await page.evaluate(() => p.free());
  await page.click("#hero a");
  await page.click("#hero button");
  assert.equal(await page.evaluate(() => document.getElementById("hero").hidden), true);
  assert.deepEqual(page.pageErrors, []);
  await context.close();
});

test("render and decide report bad arguments instead of throwing", async () => {
  const context = await env.browser.newContext();
  const page = await open(context);
  const result = await page.evaluate((messages) => {
    const errors = [];
    const p = new window.crumbtrail.Personalizer({ storage: "memory", messages, onError: (e) => errors.push(e.message) });
    const out = [p.render("hero", null), p.render("hero", { nodeType: 1 }), p.decide(undefined)];
    return { out, errors };
  }, hostile);
  assert.deepEqual(result.out, [null, null, null]);
  assert.equal(result.errors.length, 3);
  assert.match(result.errors[0], /render: expected a DOM element/);
  await context.close();
});

test("impressions, dismissals and clicks survive real reloads", async () => {
  const context = await env.browser.newContext();
  let page = await open(context);
  const catalogue = [
    { id: "capped", slot: "hero", priority: 1, cap: { impressions: 1, days: 7 }, content: { title: "Once a week" } },
    { id: "always", slot: "hero", content: { title: "Every time" } },
  ];
  const renderOnce = (messages) => {
    window.p = new window.crumbtrail.Personalizer({ storageKey: "reloads", messages });
    return p.render("hero", document.getElementById("hero")).id;
  };
  assert.equal(await page.evaluate(renderOnce, catalogue), "capped");
  await page.reload();
  await page.waitForFunction(() => window.ready === true);
  assert.equal(await page.evaluate(renderOnce, catalogue), "always");
  await context.close();
});

test("decide() time in Chromium: 50 messages, a profile of 10,000 events (measured, not asserted)", async () => {
  const context = await env.browser.newContext();
  const page = await open(context);
  const timing = await page.evaluate(async () => {
    const { catalogue, trail, CONTEXT: context } = await import(/** @type {string} */ ("/tests/bench/workload.js"));
    const clock = { now: Date.UTC(2026, 0, 1) };
    const p = new window.crumbtrail.Personalizer({ storage: "memory", messages: catalogue(), now: () => clock.now });
    trail(p, clock);
    for (let i = 0; i < 500; i++) p.decide("hero", context);
    // performance.now() ticks every 100 µs in headless Chromium (isolated or not), so 10,000 calls
    // are timed in 100 batches of 100; the median and p95 are over the batches' per-call times.
    const times = [];
    for (let b = 0; b < 100; b++) {
      const t = performance.now();
      for (let i = 0; i < 100; i++) p.decide("hero", context);
      times.push((performance.now() - t) / 100);
    }
    times.sort((a, b) => a - b);
    return { median: times[50], p95: times[95], stage: p.stage().stage, winner: p.decide("hero", context)?.id };
  });
  console.log(`decide() in Chromium, 10,000 calls in batches of 100: median ${(timing.median * 1000).toFixed(1)} µs, p95 ${(timing.p95 * 1000).toFixed(1)} µs; stage ${timing.stage}, winner ${timing.winner}`);
  assert.ok(timing.winner, "the benchmark catalogue has an eligible message");
  await context.close();
});
