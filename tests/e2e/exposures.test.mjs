// Exposures in Chromium: what `onExposure` and the page's dataLayer hear when messages
// are shown by `render`, by <crumbtrail-slot> elements through `attachSlots`, or by `seen`, when a
// shopper is held out, and on a click — their shape and nothing more, once per message per
// Personalizer, never without consent, and never fed back as crumbtrail events through `listen`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";

const env = pages(new URL("../..", import.meta.url).pathname);

// "promo" is always shown in "hero"; everyone is held out of "control" (so "side" stays empty) and
// of "test" (so "pdp" falls back to "base").
const MESSAGES = [
  { id: "promo", name: "Spring sale", slot: "hero", content: { title: "Spring", cta: "Shop", href: "#spring" } },
  { id: "control", slot: "side", holdout: 1, content: { title: "Never shown" } },
  { id: "test", slot: "pdp", priority: 1, holdout: 1, content: { title: "Test" } },
  { id: "base", slot: "pdp", content: { title: "Base", cta: "See", href: "#base" } },
];

const FIELDS = ["creative_slot", "crumbtrail_arm", "crumbtrail_expected_revenue", "crumbtrail_stage", "event", "promotion_id", "promotion_name"];
const view = (id, name, slot, arm) =>
  ({ event: "view_promotion", promotion_id: id, promotion_name: name, creative_slot: slot, crumbtrail_stage: "reach", crumbtrail_expected_revenue: 0, crumbtrail_arm: arm });
const select = (id, name, slot) => ({ ...view(id, name, slot, "shown"), event: "select_promotion" });

const PAGE = `<!doctype html><meta charset="utf-8"><body>
<div id="hero"></div><div id="side"></div><div id="pdp"></div>
<script type="module">
  import init, * as crumbtrail from "/pkg/index.js";
  import { attachSlots } from "/pkg/slots.js";
  await init();
  window.crumbtrail = crumbtrail;
  window.attachSlots = attachSlots;
  /** A Personalizer whose exposures and errors are collected in window.heard / window.errors. */
  window.make = (options = {}) => {
    window.heard = [];
    window.errors = [];
    return new crumbtrail.Personalizer({ storage: "memory", messages: ${JSON.stringify(MESSAGES)},
      onExposure: (e) => window.heard.push(e), onError: (e) => window.errors.push(e.message), ...options });
  };
  window.ready = true;
</script>`;

async function open(html = PAGE) {
  const context = await env.browser.newContext();
  await context.route(`${env.server.url}/t/**`, (route) => route.fulfill({ contentType: "text/html", body: html }));
  const page = await context.newPage();
  page.pageErrors = [];
  page.on("pageerror", (e) => page.pageErrors.push(e.message));
  await page.goto(`${env.server.url}/t/page.html`);
  await page.waitForFunction(() => window.ready === true);
  return { context, page };
}

test("render, seen and a click: view_promotion shown and held_out, select_promotion, each once, with the listed fields only", async () => {
  const { context, page } = await open();
  const { heard, errors } = await page.evaluate(() => {
    const p = window.make();
    const el = (id) => document.getElementById(id);
    for (let i = 0; i < 3; i++) {
      p.render("hero", el("hero"));
      p.render("side", el("side"));
      p.render("pdp", el("pdp"));
    }
    p.seen("promo");
    /** @type {HTMLElement} */ (el("hero").querySelector(".crumbtrail-cta")).click();
    /** @type {HTMLElement | null} */ (el("hero").querySelector(".crumbtrail-cta"))?.click();
    p.clicked("promo");
    p.dismissed("base");
    return { heard: window.heard, errors: window.errors };
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(heard, [
    view("promo", "Spring sale", "hero", "shown"),
    view("control", "control", "side", "held_out"),
    view("test", "test", "pdp", "held_out"),
    view("base", "base", "pdp", "shown"),
    select("promo", "Spring sale", "hero"),
  ]);
  for (const e of heard) assert.deepEqual(Object.keys(e).sort(), FIELDS);
  assert.deepEqual(page.pageErrors, []);
  await context.close();
});

test("every Personalizer (page view) reports its own exposures, and a throwing callback never reaches the page", async () => {
  const { context, page } = await open();
  const result = await page.evaluate(() => {
    const first = window.make();
    first.seen("promo");
    const second = window.make();
    second.seen("promo");
    second.seen("promo");
    const heardSecond = window.heard;
    const throwing = new window.crumbtrail.Personalizer({ storage: "memory", messages: [{ id: "m", slot: "s", content: { title: "M" } }],
      onExposure: () => { throw new Error("the shop's analytics broke"); } });
    const d = throwing.render("s", document.getElementById("hero"));
    return { heardSecond, rendered: d?.id, text: document.querySelector("#hero .crumbtrail-title")?.textContent };
  });
  assert.deepEqual(result.heardSecond, [view("promo", "Spring sale", "hero", "shown")]);
  assert.deepEqual([result.rendered, result.text], ["m", "M"]);
  assert.deepEqual(page.pageErrors, []);
  await context.close();
});

test("nothing is reported while consent is pending or denied; once granted, the next showing is", async () => {
  const { context, page } = await open();
  for (const consent of ["pending", "denied"]) {
    const result = await page.evaluate((consent) => {
      window.dataLayer = [];
      const p = window.make({ consent, exposuresToDataLayer: true });
      const el = (id) => document.getElementById(id);
      p.render("hero", el("hero"));
      p.render("side", el("side"));
      p.decide("pdp");
      p.seen("base");
      /** @type {HTMLElement} */ (el("hero").querySelector(".crumbtrail-cta")).click();
      const before = { heard: [...window.heard], dataLayer: [...window.dataLayer] };
      p.setConsent("granted");
      p.render("hero", el("hero"));
      p.render("side", el("side"));
      return { before, after: window.heard, pushed: window.dataLayer.length, errors: window.errors };
    }, consent);
    assert.deepEqual(result.before, { heard: [], dataLayer: [] }, consent);
    assert.deepEqual(result.after, [view("promo", "Spring sale", "hero", "shown"), view("control", "control", "side", "held_out")], consent);
    assert.equal(result.pushed, 4, `${consent}: a reset and an event for each`);
    assert.deepEqual(result.errors, []);
  }
  assert.deepEqual(page.pageErrors, []);
  await context.close();
});

test("exposuresToDataLayer pushes GA4's promotion form, and listen on the same dataLayer tracks none of it", async () => {
  const { context, page } = await open();
  const result = await page.evaluate(async () => {
    const { listen } = await import(/** @type {string} */ ("/pkg/datalayer.js"));
    window.dataLayer = [{ event: "page_view" }];
    const p = window.make({ exposuresToDataLayer: true, storage: "local" });
    const stop = listen(p, window.dataLayer);
    const metricsBefore = p.stage().metrics;
    const storedBefore = JSON.parse(p.export()).crumbtrail.tally;
    p.render("hero", document.getElementById("hero"));
    p.render("side", document.getElementById("side"));
    /** @type {HTMLElement} */ (document.querySelector("#hero .crumbtrail-cta")).click();
    const metricsAfter = p.stage().metrics;
    const storedAfter = JSON.parse(p.export()).crumbtrail.tally;
    stop();
    return { dataLayer: window.dataLayer, metricsBefore, metricsAfter, storedBefore, storedAfter, heard: window.heard.length, errors: window.errors };
  });
  const ga4 = (event, id, name, slot, arm) =>
    ({ event, ecommerce: { promotion_id: id, promotion_name: name, creative_slot: slot }, crumbtrail_stage: "reach", crumbtrail_expected_revenue: 0, crumbtrail_arm: arm });
  assert.deepEqual(result.dataLayer, [
    { event: "page_view" },
    { ecommerce: null },
    ga4("view_promotion", "promo", "Spring sale", "hero", "shown"),
    { ecommerce: null },
    ga4("view_promotion", "control", "control", "side", "held_out"),
    { ecommerce: null },
    ga4("select_promotion", "promo", "Spring sale", "hero", "shown"),
  ]);
  assert.equal(result.heard, 3, "the callback heard the same three");
  assert.deepEqual(result.metricsAfter, result.metricsBefore, "no exposure was tracked as a crumbtrail event");
  assert.deepEqual(result.storedAfter, result.storedBefore);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(page.pageErrors, []);
  await context.close();
});

test("slot elements through attachSlots report what they show and who is held out, once, and clicks", async () => {
  // The slots reserve the box their messages use: the engine changes them in place.
  const html = PAGE.replace('<div id="hero"></div><div id="side"></div><div id="pdp"></div>',
    '<style>crumbtrail-slot { display: block; min-height: 10em; }</style><crumbtrail-slot name="hero" id="hero"><p>Baseline</p></crumbtrail-slot><crumbtrail-slot name="side"><p>Side</p></crumbtrail-slot><crumbtrail-slot name="pdp" id="pdp"></crumbtrail-slot>');
  const { context, page } = await open(html);
  const result = await page.evaluate(async () => {
    const p = window.make();
    const slots = window.attachSlots(p);
    slots.refresh();
    slots.refresh();
    // A slot connected later (a single-page app's next view) is decided as it connects.
    const later = document.createElement("crumbtrail-slot");
    later.setAttribute("name", "hero");
    document.body.append(later);
    /** @type {HTMLElement} */ (document.getElementById("pdp").shadowRoot.querySelector(".crumbtrail-cta")).click();
    return { heard: window.heard, errors: window.errors, shown: document.getElementById("hero").getAttribute("data-crumbtrail-message") };
  });
  assert.equal(result.shown, "promo");
  assert.deepEqual(result.heard, [
    view("promo", "Spring sale", "hero", "shown"),
    view("control", "control", "side", "held_out"),
    view("test", "test", "pdp", "held_out"),
    view("base", "base", "pdp", "shown"),
    select("base", "base", "pdp"),
  ]);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(page.pageErrors, []);
  await context.close();
});

test("a slot that showed the kept decision at first paint is reported once the engine confirms it, its impression counted once", async () => {
  const messages = JSON.stringify(MESSAGES);
  // The next page of a shopper whose earlier page kept a decision ready: the classic slot script in
  // <head> shows it before the engine loads; attachSlots then confirms it.
  const html = `<!doctype html><meta charset="utf-8"><script src="/pkg/slot.js"></script><body>
<crumbtrail-slot name="hero" id="hero"><p>Baseline</p></crumbtrail-slot>
<script type="module">
  import init, { Personalizer } from "/pkg/index.js";
  import { attachSlots } from "/pkg/slots.js";
  await init();
  window.heard = [];
  window.errors = [];
  window.atPaint = document.getElementById("hero").getAttribute("data-crumbtrail-source");
  if (!localStorage.getItem("crumbtrail")) {
    const first = new Personalizer({ messages: ${messages} });
    first.flush();
    first.free();
    window.firstVisit = true;
  } else {
    const p = new Personalizer({ messages: ${messages}, onExposure: (e) => window.heard.push(e), onError: (e) => window.errors.push(e.message) });
    const slots = attachSlots(p);
    slots.refresh();
    p.flush();
    window.impressions = JSON.parse(localStorage.getItem("crumbtrail")).profile.messages.promo.shown.length;
  }
  window.ready = true;
</script>`;
  const { context, page } = await open(html);
  assert.equal(await page.evaluate(() => window.firstVisit), true);
  await page.reload();
  await page.waitForFunction(() => window.ready === true);
  const result = await page.evaluate(() => ({ atPaint: window.atPaint, heard: window.heard, errors: window.errors,
    shown: document.getElementById("hero").getAttribute("data-crumbtrail-message"), impressions: window.impressions }));
  assert.equal(result.atPaint, "kept", "the kept decision showed before the engine");
  assert.equal(result.shown, "promo");
  assert.deepEqual(result.heard, [view("promo", "Spring sale", "hero", "shown")]);
  assert.equal(result.impressions, 1, "the slot script's logged impression, not a second one");
  assert.deepEqual(result.errors, []);
  assert.deepEqual(page.pageErrors, []);
  await context.close();
});

test("the options are checked, naming the field", async () => {
  const { context, page } = await open();
  const messages = await page.evaluate(() => ["onExposure", "exposuresToDataLayer"].map((name) => {
    try {
      new window.crumbtrail.Personalizer({ storage: "memory", [name]: "yes" });
      return null;
    } catch (e) {
      return e.message;
    }
  }));
  assert.deepEqual(messages, ["onExposure: expected a function", "exposuresToDataLayer: expected a boolean, got a string"]);
  await context.close();
});
