// Banners at first paint, in Chromium: <crumbtrail-slot> shows the decision kept ready before the
// parser goes past it, with the wasm blocked or not, and the engine that loads after the page
// changes a slot only where it decides differently. Pages are built per test (the three tags a
// storefront without a bundler uses) and served beside the real package; the clock is Playwright's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";
import { DAY, T0, TRAILS, view } from "./trails.mjs";

const env = pages(new URL("../..", import.meta.url).pathname);
const KEY = "crumbtrail";

const en = (title, extra = {}) => ({ title, ...extra });
const STAGES = [
  { id: "welcome", slot: "hero", stages: ["reach"], content: en("Welcome") },
  { id: "first-order", slot: "hero", stages: ["acquisition"], content: en("10% off your first order") },
  { id: "feedback", slot: "hero", stages: ["development"], content: en("How was your first order?") },
  { id: "club", slot: "hero", stages: ["retention"], content: en("Join the club", { href: "/club", cta: "Join" }) },
  { id: "refer", slot: "hero", stages: ["advocacy"], content: en("Give 10, get 10") },
  { id: "win-back", slot: "hero", stages: ["lapsed"], content: en("We have missed you") },
];

const json = (v) => JSON.stringify(v).replaceAll("<", "\\u003c");

/** The storefront page: the classic script in <head>, slots with baseline children and the box
 * their messages use reserved (as the README asks, so that the engine may change them in place),
 * a probe that records what each slot shows the moment the parser has passed it, the config and
 * the module. */
function storefront(config, { engine = true } = {}) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>shop</title>
<style>crumbtrail-slot { display: block; min-height: 8em; }</style>
<script src="/pkg/slot.js"></script>
</head><body>
<crumbtrail-slot name="hero" id="hero"><p class="baseline">Spring collection</p></crumbtrail-slot>
<crumbtrail-slot name="side" id="side"><p class="baseline">Free returns</p></crumbtrail-slot>
<script>
  const seen = (el) => ({ id: el.getAttribute("data-crumbtrail-message"), title: el.shadowRoot?.querySelector(".crumbtrail-title")?.textContent ?? null,
    source: el.getAttribute("data-crumbtrail-source") });
  window.atParse = { hero: seen(document.getElementById("hero")), side: seen(document.getElementById("side")) };
  window.paintsBefore = performance.getEntriesByType("paint").length; // none: what the slots show is in the first paint
  window.seen = seen;
  window.shift = 0;
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (!e.hadRecentInput) window.shift += e.value; }))
    .observe({ type: "layout-shift", buffered: true });
  window.warnings = [];
  const warn = console.warn;
  console.warn = (...a) => { window.warnings.push(a.map(String).join(" ")); warn(...a); };
  document.addEventListener("crumbtrail-ready", (e) => { window.engine = e.detail; });
</script>
<p>Everything else on the page.</p>
<script type="application/json" id="crumbtrail-config">${json(config)}</script>
${engine ? '<script type="module" src="/pkg/auto.js"></script>' : ""}
</body></html>`;
}

/** A page that drives a Personalizer directly: `steps` are [method, argument] pairs, then a flush. */
function driver(config, steps) {
  return `<!doctype html><meta charset="utf-8"><script type="module">
  import init, { Personalizer } from "/pkg/index.js";
  await init();
  window.errors = [];
  const p = new Personalizer({ ...${json(config)}, onError: (e) => window.errors.push(e.message) });
  for (const [method, arg] of ${json(steps)}) p[method](arg);
  p.flush();
  window.p = p;
  window.done = true;
</script>`;
}

/** A shopper: one browser context (one localStorage), its clock set to `t`. */
async function shopper(t = T0) {
  const context = await env.browser.newContext();
  const pagesHtml = new Map();
  await context.route(`${env.server.url}/t/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: pagesHtml.get(new URL(route.request().url()).pathname) }));
  const wasm = { requested: 0, blocked: false };
  await context.route("**/*.wasm", (route) => {
    wasm.requested += 1;
    return wasm.blocked ? route.abort() : route.continue();
  });
  const s = {
    context, wasm, time: t,
    async open(path, html, { wait = "engine" } = {}) {
      wasm.blocked = wait === "blocked";
      pagesHtml.set(path, html);
      const page = await context.newPage();
      page.errors = [];
      page.on("pageerror", (e) => page.errors.push(e.message));
      await page.clock.setFixedTime(s.time);
      await page.goto(`${env.server.url}${path}`);
      if (wait === "engine") await page.waitForFunction(() => window.engine !== undefined || window.warnings.some((w) => w.includes("crumbtrail")));
      if (wait === "done") await page.waitForFunction(() => window.done === true);
      // With the wasm refused (or a page that breaks it), the auto entry warns that it carries on without.
      if (wait === "blocked") await page.waitForFunction(() => window.warnings.some((w) => w.includes("crumbtrail")));
      return page;
    },
    /** Runs `steps` on a Personalizer with `config` at the shopper's time, and closes the page. */
    async drive(config, steps) {
      const page = await s.open("/t/driver.html", driver(config, steps), { wait: "done" });
      const errors = await page.evaluate(() => window.errors);
      await page.close();
      return errors;
    },
    /** The storefront with the wasm blocked: what the slots show at first paint, and no engine. */
    async instant(config) {
      return s.open("/t/shop.html", storefront(config), { wait: "blocked" });
    },
    stored: (page) => page.evaluate((key) => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith(key)).map((k) => [k, localStorage.getItem(k)])), KEY),
  };
  return s;
}

const atParse = (page, slot = "hero") => page.evaluate((slot) => window.atParse[slot], slot);

test("a returning shopper in each stage sees that stage's banner at first paint, with the wasm blocked and no layout shift", async () => {
  const config = { messages: STAGES };
  for (const [stage, trail] of Object.entries(TRAILS)) {
    const s = await shopper();
    assert.deepEqual(await s.drive(config, trail.map((e) => ["track", e])), []);
    const page = await s.instant(config);
    const expected = STAGES.find((m) => m.stages[0] === stage);
    assert.deepEqual(await atParse(page), { id: expected.id, title: expected.content.title, source: "kept" }, stage);
    assert.ok(s.wasm.requested >= 1, "the module asked for the wasm, and was refused");
    assert.equal(await page.evaluate(() => window.engine), undefined, "no engine: the banner came from the kept decision");
    assert.equal(await page.evaluate(() => window.shift), 0, "no layout shift");
    assert.equal(await page.evaluate(() => window.paintsBefore), 0, "the banner was in the page before its first paint");
    assert.deepEqual(page.errors, []);
    await s.context.close();
  }
});

test("a retention shopper who lapsed while away gets the win-back at first paint, and the engine agrees", async () => {
  const s = await shopper();
  const config = { messages: STAGES };
  await s.drive(config, TRAILS.retention.map((e) => ["track", e]));
  s.time = T0 + 31 * DAY; // orders 10 days apart lapse after 30 days without one
  const blocked = await s.instant(config);
  assert.equal((await atParse(blocked)).id, "win-back", "never the stale retention banner");
  const page = await s.open("/t/shop.html", storefront(config));
  assert.equal((await atParse(page)).id, "win-back");
  const after = await page.evaluate(() => ({ ...window.seen(document.getElementById("hero")), stage: window.engine.stage().stage }));
  assert.deepEqual(after, { id: "win-back", title: "We have missed you", source: "kept", stage: "lapsed" }, "kept, not replaced");
  await s.context.close();
});

test("a schedule that ended hides its message at first paint", async () => {
  const s = await shopper();
  const config = { messages: [
    { id: "sale", slot: "hero", priority: 5, end: "2026-03-05", content: en("Spring sale") },
    ...STAGES,
  ] };
  await s.drive(config, [["track", { event: "page_view" }]]);
  assert.equal((await atParse(await s.instant(config))).id, "sale");
  s.time = Date.UTC(2026, 2, 5);
  assert.equal((await atParse(await s.instant(config))).id, "welcome", "the sale ended at midnight UTC");
  await s.context.close();
});

const CAPPED = { messages: [
  { id: "club", slot: "hero", priority: 2, cap: { impressions: 2, days: 7 }, content: en("Join the club") },
  { id: "welcome", slot: "hero", content: en("Welcome") },
] };

test("a full cap is respected across the instant path and the engine, in one tab", async () => {
  const s = await shopper();
  await s.drive(CAPPED, [["track", { event: "page_view" }]]);
  const shown = [];
  for (let i = 0; i < 3; i++) {
    s.time += 60_000;
    shown.push((await atParse(await s.instant(CAPPED))).id);
  }
  assert.deepEqual(shown, ["club", "club", "welcome"], "two impressions, then the cap holds without the engine");
  s.time += 60_000;
  const page = await s.open("/t/shop.html", storefront(CAPPED));
  assert.equal((await atParse(page)).id, "welcome");
  const engine = await page.evaluate(() => ({ decided: window.engine.decide("hero")?.id, source: document.getElementById("hero").dataset.crumbtrailSource }));
  assert.deepEqual(engine, { decided: "welcome", source: "kept" }, "the engine counted the impressions the slot logged");
  const stored = await s.stored(page);
  assert.equal(JSON.parse(stored[KEY]).profile.messages.club.shown.length, 2);
  await s.context.close();
});

test("a full cap is respected across the instant path in two tabs open together", async () => {
  const s = await shopper();
  await s.drive(CAPPED, [["track", { event: "page_view" }]]);
  // Two tabs loading in the very same moment can both read the log before either has written to
  // it (localStorage has no transactions): one impression is then lost, as docs/guide/banners.md says.
  const a = await s.instant(CAPPED);
  s.time += 1_000;
  const b = await s.instant(CAPPED);
  assert.deepEqual([(await atParse(a)).id, (await atParse(b)).id], ["club", "club"]);
  assert.equal(a.isClosed() || b.isClosed(), false, "both tabs are open");
  s.time += 60_000;
  const third = await s.instant(CAPPED);
  assert.equal((await atParse(third)).id, "welcome", "both tabs' impressions count");
  await s.context.close();
});

test("a dismissal on the instant path hides the message, the next one shows on the next page, and the engine counts it", async () => {
  const s = await shopper();
  const config = { messages: [
    { id: "club", slot: "hero", priority: 2, content: en("Join the club") },
    { id: "welcome", slot: "hero", content: en("Welcome") },
  ] };
  await s.drive(config, [["track", { event: "page_view" }]]);
  const page = await s.instant(config);
  await page.locator("#hero").locator("button.crumbtrail-dismiss").click();
  assert.deepEqual(await page.evaluate(() => window.seen(document.getElementById("hero"))), { id: null, title: null, source: "kept" });
  assert.equal(await page.locator("#hero .baseline").isVisible(), true, "the baseline is back");
  s.time += 60_000;
  assert.equal((await atParse(await s.instant(config))).id, "welcome");
  const withEngine = await s.open("/t/shop.html", storefront(config));
  assert.equal(await withEngine.evaluate(() => window.engine.decide("hero").id), "welcome", "the dismissal reached the engine");
  await s.context.close();
});

test("consent pending keeps nothing and shows the baseline; denied erases what was kept", async () => {
  const s = await shopper();
  await s.drive({ messages: STAGES, consent: "pending" }, TRAILS.development.map((e) => ["track", e]));
  let page = await s.instant({ messages: STAGES });
  assert.deepEqual(await atParse(page), { id: null, title: null, source: "kept" });
  assert.deepEqual(await s.stored(page), {}, "nothing kept under pending");

  await s.drive({ messages: STAGES }, TRAILS.development.map((e) => ["track", e]));
  page = await s.instant({ messages: STAGES });
  assert.equal((await atParse(page)).id, "feedback");
  await s.drive({ messages: STAGES, consent: "denied" }, []);
  page = await s.instant({ messages: STAGES });
  assert.equal((await atParse(page)).id, null, "the baseline");
  assert.deepEqual(await s.stored(page), {}, "denied erased the kept decisions and the log");
  await s.context.close();
});

test("a corrupt kept decision shows the baseline and is reported once when the engine loads", async () => {
  const s = await shopper();
  await s.drive({ messages: STAGES }, [["track", view]]);
  const bad = await s.instant({ messages: STAGES });
  await bad.evaluate((key) => localStorage.setItem(`${key}:ready`, '{"v":2,"at":5,"slots":{"hero":"garbage"}}'), KEY);
  const page = await s.open("/t/shop.html", storefront({ messages: STAGES }));
  assert.equal((await atParse(page)).id, null, "the baseline at first paint");
  await page.waitForFunction(() => document.getElementById("hero").dataset.crumbtrailMessage === "welcome");
  const warnings = (await page.evaluate(() => window.warnings)).filter((w) => w.includes("kept decisions"));
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.match(warnings[0], /kept decisions are unreadable \(slot "hero" is damaged\): replaced/);
  assert.equal((await atParse(await s.instant({ messages: STAGES }))).id, "welcome", "replaced by a good one");
  await s.context.close();
});

test("hostile catalogue content is inert on the instant path too", async () => {
  const s = await shopper();
  const hostile = { messages: [{ id: "evil", slot: "hero", content: {
    title: '<img src=x onerror="window.pwned=1">Hello', body: "<script>window.pwned=2</script>",
    cta: "<b>Shop</b>", href: " java\tscript:window.pwned=3", dismissLabel: '"><svg onload="window.pwned=4">',
  } }] };
  await s.drive(hostile, [["track", { event: "page_view" }]]);
  const page = await s.instant(hostile);
  const shown = await page.evaluate(() => {
    const root = document.getElementById("hero").shadowRoot;
    return { title: root.querySelector(".crumbtrail-title").textContent, links: root.querySelectorAll("a").length,
      elements: [...root.querySelectorAll("*")].map((e) => e.tagName), label: root.querySelector("button").getAttribute("aria-label"),
      region: root.querySelector("[role=region]").getAttribute("aria-label"), pwned: window.pwned ?? null };
  });
  assert.deepEqual(shown, { title: '<img src=x onerror="window.pwned=1">Hello', links: 0, elements: ["DIV", "P", "P", "BUTTON"],
    label: '"><svg onload="window.pwned=4">', region: '<img src=x onerror="window.pwned=1">Hello', pwned: null });
  await s.context.close();
});

test("the kept decisions never exceed 4 KB, whatever the catalogue", async () => {
  const s = await shopper();
  const long = "x".repeat(700);
  const messages = Array.from({ length: 60 }, (_, i) => ({ id: `m${i}`, slot: `s${i % 6}`, priority: i,
    start: `2026-03-${String(2 + (i % 20)).padStart(2, "0")}`, content: en(long, { body: long }) }));
  await s.drive({ messages }, [["track", { event: "page_view" }]]);
  const page = await s.instant({ messages });
  const kept = (await s.stored(page))[`${KEY}:ready`];
  assert.ok(kept.length <= 4096, `${kept.length} characters`);
  assert.ok(Object.keys(JSON.parse(kept).slots).length > 0);
  await s.context.close();
});

test("the engine changes a slot only where the page context matters, and configures itself from a URL", async () => {
  const s = await shopper();
  const config = { messages: [
    { id: "shoe-page", slot: "side", priority: 2, when: { "page.path": "/t/shoes.html" }, content: en("Shoes on sale") },
    { id: "side-note", slot: "side", priority: 1, content: en("Free returns for you") },
    ...STAGES,
  ] };
  await s.drive(config, [["track", { event: "page_view" }]]);
  await s.context.route(`${env.server.url}/config.json`, (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(config) }));
  const html = storefront({}).replace('id="crumbtrail-config">{}', 'id="crumbtrail-config" data-src="/config.json">');
  const page = await s.open("/t/shoes.html", html);
  assert.deepEqual([(await atParse(page)).id, (await atParse(page, "side")).id], ["welcome", null],
    "the side slot's winner reads the page: the baseline until the engine decides");
  await page.waitForFunction(() => document.getElementById("side").dataset.crumbtrailMessage === "shoe-page");
  const sources = await page.evaluate(() => ["hero", "side"].map((id) => document.getElementById(id).dataset.crumbtrailSource));
  assert.deepEqual(sources, ["kept", "engine"]);
  await s.context.close();
});

test("the auto entry listens to the page's dataLayer, and later slots are decided as they connect", async () => {
  const s = await shopper();
  const page = await s.open("/t/shop.html", storefront({ messages: STAGES }).replace("<script>", "<script>window.dataLayer = [];"));
  await page.evaluate(() => window.dataLayer.push({ event: "add_to_cart", ecommerce: { items: [{ item_id: "S-1", price: 20 }] } }));
  assert.equal(await page.evaluate(() => window.engine.stage().stage), "acquisition");
  const later = await page.evaluate(() => {
    const slot = document.createElement("crumbtrail-slot");
    slot.setAttribute("name", "hero");
    document.body.append(slot);
    return window.seen(slot);
  });
  // The push was tracked and written at once, so the kept decision was already the new one.
  assert.deepEqual(later, { id: "first-order", title: "10% off your first order", source: "kept" });
  const impressions = await page.evaluate((key) => ({
    engine: JSON.parse(window.engine.export())[key].profile.messages["first-order"]?.shown.length ?? 0,
    logged: localStorage.getItem(`${key}:log`),
  }), KEY);
  assert.deepEqual(impressions, { engine: 1, logged: null }, "the engine counted the later slot's impression itself");
  await s.context.close();
});

test("a page that breaks storage and JSON: the slot shows its baseline, and nothing is raised", async () => {
  const s = await shopper();
  await s.drive({ messages: STAGES }, [["track", view]]);
  await s.context.addInitScript(() => {
    Object.defineProperty(window, "localStorage", { get() { throw new DOMException("blocked", "SecurityError"); } });
    JSON.parse = () => { throw new Error("replaced by the page"); };
  });
  const page = await s.instant({ messages: STAGES });
  assert.deepEqual(await atParse(page), { id: null, title: null, source: "kept" });
  assert.deepEqual(page.errors, []);
  await s.context.close();
});
