// Layout shift, in Chromium: a plain shop page set up as the README says (the slot script's text
// inline in <head>, the hero as a <crumbtrail-slot>'s baseline, the config and the README's loader
// of auto.js) moves
// nothing for a first-time visitor or a returning buyer, whatever the engine decides after the first
// paint. The cumulative layout shift is read from a `layout-shift` PerformanceObserver (buffered, from
// the start of the page) once the engine has decided and two more frames were painted; Chromium
// reports shifts as exact values, so 0 is asserted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pages } from "../js/pages.mjs";
import { returningBuyerPage } from "./trails.mjs";
import { readmeLoader } from "../js/readme-examples.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const env = pages(repo);

const CATALOGUE = { messages: [
  { id: "welcome", slot: "hero", stages: ["reach"], content: { en: { title: "Welcome to the trail shop", body: "Free returns within 30 days, on every order.", cta: "See what is new", href: "/new" } } },
  { id: "more-of-it", slot: "hero", stages: ["development", "retention"], content: { en: { title: "More trail shoes, picked for you", body: "Because you bought from us before.", cta: "Have a look", href: "/shoes" } } },
  { id: "note", slot: "note", stages: ["reach"], content: { en: { title: "Walk with us", body: "Every Saturday, a free guided walk from the shop: the trails our shoes are tested on, with the people who test them." } } },
] };
const json = (v) => JSON.stringify(v).replaceAll("<", "\\u003c");

/** The README's setup on tests/bench/lighthouse/shop.html (whose hero reserves 7rem); `css` is
 * more of the page's CSS, `below` puts a second slot under a screenful of products. */
function shop({ css = "", below = false } = {}) {
  const plain = readFileSync(new URL("../bench/lighthouse/shop.html", import.meta.url), "utf8");
  const slotScript = readFileSync(new URL("../../pkg/slot.js", import.meta.url), "utf8");
  const start = plain.indexOf("<!-- hero -->"), end = plain.indexOf("<!-- /hero -->");
  const section = plain.slice(start, end);
  const baseline = section.slice(section.indexOf(">", section.indexOf("<section")) + 1, section.lastIndexOf("</section>"));
  return plain
    .replace("</style>", `  ${css}\n  </style>\n  <script>${slotScript}</script>`)
    .replace(section, `<crumbtrail-slot name="hero" class="hero" id="hero">${baseline}</crumbtrail-slot>\n    `)
    .replace("</main>", below ? `<div style="height: 150vh"></div><crumbtrail-slot name="note" id="note"><p>Open every day.</p></crumbtrail-slot></main>` : "</main>")
    .replace("</body>", `<script>
  window.shifts = [];
  new PerformanceObserver((list) => window.shifts.push(...list.getEntries().map((e) => e.value))).observe({ type: "layout-shift", buffered: true });
  window.atParse = document.getElementById("hero").getAttribute("data-crumbtrail-message");
  window.decided = [];
  document.addEventListener("crumbtrail-ready", (e) => { window.engine = e.detail; });
</script>
<script type="application/json" id="crumbtrail-config">${json(CATALOGUE)}</script>
<script type="module">${readmeLoader("/pkg/")}</script>
</body>`);
}

/** A returning buyer's trail (two orders), tracked by the engine on a page of the shop. */
const SEED = returningBuyerPage(CATALOGUE);

/** A shopper (one browser context, one localStorage) opening pages of the shop. */
async function shopper() {
  const context = await env.browser.newContext({ viewport: { width: 412, height: 823 } });
  const html = new Map();
  await context.route(`${env.server.url}/t/**`, (route) => route.fulfill({ contentType: "text/html", body: html.get(new URL(route.request().url()).pathname) }));
  return {
    context,
    /** Opens `body` at `path`, waits for the engine and two frames; what the slots showed and the shifts. */
    async open(path, body) {
      html.set(path, body);
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${env.server.url}${path}`);
      await page.waitForFunction(() => window.engine !== undefined);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const seen = await page.evaluate(() => ({
        atParse: window.atParse,
        slots: Object.fromEntries([...document.querySelectorAll("crumbtrail-slot")].map((s) => [s.id,
          [s.getAttribute("data-crumbtrail-message"), s.getAttribute("data-crumbtrail-source"), Math.round(s.getBoundingClientRect().height)]])),
        shifts: window.shifts,
        // auto.js requested only after the first contentful paint, as the README's loader does.
        autoAfterPaint: performance.getEntriesByType("resource").find((r) => r.name.endsWith("/pkg/auto.js"))?.startTime
          >= (performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Infinity),
      }));
      await page.close();
      return { ...seen, errors };
    },
    async seed() {
      html.set("/t/seed.html", SEED);
      const page = await context.newPage();
      await page.goto(`${env.server.url}/t/seed.html`);
      await page.waitForFunction(() => window.done === true);
      await page.close();
    },
  };
}

const heightOf = async (css) => {
  const s = await shopper();
  const page = await s.context.newPage();
  await page.route("**/*.wasm", (route) => route.abort());
  await page.route(`${env.server.url}/t/**`, (route) => route.fulfill({ contentType: "text/html", body: shop({ css }) }));
  await page.goto(`${env.server.url}/t/measure.html`);
  const height = await page.evaluate(() => document.getElementById("hero").getBoundingClientRect().height);
  await s.context.close();
  return Math.round(height);
};

test("a first visit whose welcome needs more room than the hero's box: the welcome waits for the next page, nothing moves", async () => {
  const s = await shopper();
  const first = await s.open("/t/home.html", shop());
  const baselineHeight = first.slots.hero[2];
  // The engine decided the welcome, which does not fit the baseline's box: the hero keeps its baseline.
  assert.deepEqual(first.slots.hero, [null, "kept", baselineHeight]);
  assert.deepEqual(first.shifts, [], "no layout shift at all");
  assert.equal(first.autoAfterPaint, true, "auto.js requested after the first contentful paint");
  // The next page has the welcome kept ready: it is in that page's first paint.
  const second = await s.open("/t/collection.html", shop());
  assert.equal(second.atParse, "welcome");
  assert.deepEqual(second.slots.hero.slice(0, 2), ["welcome", "kept"]);
  assert.deepEqual(second.shifts, []);
  assert.deepEqual([...first.errors, ...second.errors], []);
  await s.context.close();
});

test("a first visit whose hero reserves the box its messages use: the engine shows the welcome in place, nothing moves", async () => {
  const s = await shopper();
  const reserved = ".hero { min-height: 16rem; box-sizing: border-box; }";
  const page = await s.open("/t/home.html", shop({ css: reserved }));
  assert.equal(page.atParse, null, "nothing kept on a first visit: the baseline at first paint");
  assert.deepEqual(page.slots.hero, ["welcome", "engine", await heightOf(reserved)], "the welcome, in the box the baseline had");
  assert.deepEqual(page.shifts, [], "no layout shift at all");
  assert.deepEqual(page.errors, []);
  await s.context.close();
});

test("a returning buyer sees the kept banner at first paint, the engine agrees, nothing moves", async () => {
  const s = await shopper();
  await s.seed();
  for (const path of ["/t/home.html", "/t/product.html"]) {
    const page = await s.open(path, shop());
    assert.equal(page.atParse, "more-of-it", path);
    assert.deepEqual(page.slots.hero.slice(0, 2), ["more-of-it", "kept"], path);
    assert.deepEqual(page.shifts, [], path);
    assert.equal(page.autoAfterPaint, true, path);
    assert.deepEqual(page.errors, []);
  }
  await s.context.close();
});

test("a shorter message keeps the slot's height, and a slot below the viewport may grow: nothing in view moves", async () => {
  const s = await shopper();
  // A tall baseline: the welcome is shorter, and the hero keeps the baseline's height.
  const tall = ".hero h2 { padding-bottom: 20rem; }";
  const page = await s.open("/t/home.html", shop({ css: tall, below: true }));
  const height = await heightOf(tall);
  assert.ok(height > 320, `the baseline is ${height} px high`);
  assert.deepEqual(page.slots.hero, ["welcome", "engine", height], "the welcome in the hero's box, which keeps its height");
  assert.equal(page.slots.note[0], "note", "the slot out of view shows its (taller) message");
  assert.ok(page.slots.note[2] > 30, `the note grew to ${page.slots.note[2]} px`);
  assert.deepEqual(page.shifts, []);
  await s.context.close();
});

test("the banners guide shows the README's loader of auto.js, to the letter", () => {
  const guide = readFileSync(new URL("../../docs/guide/banners.md", import.meta.url), "utf8");
  assert.ok(guide.includes(readmeLoader()), "docs/guide/banners.md has the README's inline module");
});
