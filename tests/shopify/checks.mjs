// What the Shopify app must do in a browser, written once for every engine: Chromium runs these
// through Playwright (tests/e2e/shopify.test.mjs), Firefox ESR and WebKitGTK through WebDriver
// (tests/engines/shopify.mjs). Each check gets `open()`, which opens a tab on a fresh device (the
// storefront's storage empty) and resolves to { goto(url), run(expression), waitFor(expression,
// what), focus(), close() }, and `shop`, the storefront and CDN of storefront.mjs.
import assert from "node:assert/strict";
import { catalogue, customer, purchaseEvents } from "./storefront.mjs";

/** What a storefront page says about itself once its scripts ran (an expression of the page). */
const STATE = `(() => {
  const slot = document.querySelector("crumbtrail-slot");
  const report = window.p ? window.p.stage() : null;
  return {
    firstPaint: window.firstPaint,
    shown: slot.getAttribute("data-crumbtrail-message"),
    source: slot.getAttribute("data-crumbtrail-source"),
    title: slot.shadowRoot && slot.shadowRoot.querySelector("[part~=title]") ? slot.shadowRoot.querySelector("[part~=title]").textContent : null,
    stage: report && report.stage,
    orders: report && report.metrics.orders,
    inbox: Object.keys(localStorage).filter((k) => k.startsWith("crumbtrail:inbox:")).sort(),
    warnings: window.warnings,
  };
})()`;

/** What the pixel wrote to the top frame's localStorage, [key, value] (the stub's record). */
const WRITTEN = `window.pixelCalls.filter((c) => c[0] === "localStorage" && c[1] === "setItem").map((c) => [c[2], c[3]])`;

const ENGINE_STARTED = "window.p !== undefined";

/** The first paint of a page whose slot showed its baseline with `heading`. */
const baselineFirstPaint = (heading) => [{ name: "hero", source: "kept", message: null, title: null, baseline: heading }];

export const SHOPIFY_CHECKS = {
  async "Shopify: a signed-in customer with 3 orders, the last 20 days ago, on a fresh device: the baseline at first paint, the retention message once the engine started, kept for the next page's first paint"({ open, shop }) {
    const url = await shop.page("/shop/signed-in.html", { customer: customer([230, 120, 20]) });
    const tab = await open();
    try {
      await tab.goto(url);
      await tab.waitFor(`${ENGINE_STARTED} && document.querySelector("crumbtrail-slot").getAttribute("data-crumbtrail-message")`, "the engine decided the slot");
      const state = await tab.run(STATE);
      assert.deepEqual(state.firstPaint, baselineFirstPaint("New season, new trails"), "a fresh device: the baseline at first paint");
      assert.equal(state.stage, "retention");
      assert.equal(state.orders, 3);
      assert.deepEqual([state.shown, state.source, state.title], ["welcome-back", "engine", "Good to see you again"]);
      assert.deepEqual(state.warnings, []);
      // Consent was given: the decision is kept for the next page, which shows it at first paint.
      await tab.goto(url);
      await tab.waitFor(ENGINE_STARTED, "the engine started on the next page");
      const next = await tab.run(STATE);
      assert.deepEqual(next.firstPaint, [{ name: "hero", source: "kept", message: "welcome-back", title: "Good to see you again", baseline: "New season, new trails" }]);
      assert.equal(next.orders, 3, "the known orders are not counted twice");
    } finally {
      await tab.close();
    }
  },

  async "Shopify: a signed-in customer whose last order was 200 days ago is lapsed: the win-back message"({ open, shop }) {
    const url = await shop.page("/shop/lapsed.html", { customer: customer([400, 300, 200]) });
    const tab = await open();
    try {
      await tab.goto(url);
      await tab.waitFor(`${ENGINE_STARTED} && document.querySelector("crumbtrail-slot").getAttribute("data-crumbtrail-message")`, "the engine decided the slot");
      const state = await tab.run(STATE);
      assert.deepEqual([state.stage, state.orders, state.shown, state.title], ["lapsed", 3, "win-back", "We have missed you"]);
    } finally {
      await tab.close();
    }
  },

  async "Shopify: a guest sees the banner block's baseline at first paint, and keeps it (no message for a new shopper); its texts follow the block's settings, else the shopper's language"({ open, shop }) {
    const guest = await shop.page("/shop/guest.html", { banner: { heading: "Summer walks", text: "Light shoes for long days.", button_label: "Shop summer" } });
    const dutch = await shop.page("/shop/gast.html", { locale: "nl" });
    const tab = await open();
    try {
      await tab.goto(guest);
      await tab.waitFor(ENGINE_STARTED, "the engine started");
      const state = await tab.run(STATE);
      assert.deepEqual(state.firstPaint, baselineFirstPaint("Summer walks"));
      assert.equal(state.stage, "reach");
      assert.equal(state.shown, null, "no message for a new shopper: the baseline stays");
      assert.deepEqual(await tab.run(`[...document.querySelectorAll("crumbtrail-slot p, crumbtrail-slot a")].map((e) => [e.textContent, e.getAttribute("href")])`),
        [["Light shoes for long days.", null], ["Shop summer", "/collections/all"]]);
      await tab.goto(dutch);
      await tab.waitFor("window.firstPaint", "the Dutch page was parsed");
      assert.deepEqual((await tab.run(STATE)).firstPaint, baselineFirstPaint("Nieuw seizoen, nieuwe paden"));
    } finally {
      await tab.close();
    }
  },

  async "Shopify: the web pixel, sandboxed, writes a purchase made in checkout to the inbox; the next storefront page makes the shopper a buyer, once, in every tab, and empties the inbox"({ open, shop }) {
    const options = { embed: { catalogue: catalogue({ id: "first-order", slot: "hero", stages: ["development"], content: { title: "Thank you for your first order" } }) } };
    const home = await shop.page("/shop/home.html", options);
    const next = await shop.page("/shop/next.html", options);
    const other = await open();
    const tab = await open();
    try {
      // A tab left open on the storefront while the shopper checks out in another.
      await other.focus();
      await other.goto(home);
      await other.waitFor(ENGINE_STARTED, "the engine started in the other tab");
      assert.equal((await other.run(STATE)).orders, 0);

      await tab.focus();
      await tab.goto(shop.checkout);
      await tab.waitFor("window.pixel", "the checkout page");
      assert.deepEqual(await tab.run("window.pixel.then((px) => px.subscribed.sort())"),
        ["checkout_completed", "checkout_started", "product_added_to_cart", "product_viewed"]);
      assert.equal(await tab.run(`(() => { try { return frames[0].localStorage, "reachable"; } catch (e) { return e.name; } })()`), "SecurityError",
        "the pixel's frame is sandboxed: the top frame's storage is out of its reach but through browser.localStorage");
      const events = purchaseEvents("1001");
      await tab.run(`window.pixel.then((px) => px.publish(${JSON.stringify(events)}))`);
      // The tab left open drains the inbox as soon as it is written (it hears the storage event).
      const written = await tab.run(WRITTEN);
      assert.deepEqual(written.map(([k, v]) => [k.split(":").slice(0, 2).join(":"), JSON.parse(v).event]),
        [["crumbtrail:inbox", "begin_checkout"], ["crumbtrail:inbox", "purchase"]]);
      assert.equal(JSON.parse(written[1][1]).transaction_id, "gid://shopify/Order/1001");
      assert.doesNotMatch(JSON.stringify(written), /ada@example|Utrecht/, "no e-mail or address reaches the storage");

      // The next storefront page: a buyer, the inbox empty.
      await tab.goto(next);
      await tab.waitFor(`${ENGINE_STARTED} && window.p.stage().metrics.orders === 1`, "the purchase was taken in");
      await tab.waitFor(`document.querySelector("crumbtrail-slot").getAttribute("data-crumbtrail-message") === "first-order"`, "the slot follows");
      let state = await tab.run(STATE);
      assert.deepEqual([state.stage, state.orders, state.inbox], ["development", 1, []]);

      // The tab left open hears of it too, without a reload.
      await other.focus();
      await other.waitFor(`window.p.stage().metrics.orders === 1 && document.querySelector("crumbtrail-slot").getAttribute("data-crumbtrail-message") === "first-order"`, "the other tab");
      assert.deepEqual((await other.run(STATE)).inbox, []);

      // The order status page fires checkout_completed again: still one order.
      await tab.focus();
      await tab.goto(shop.checkout);
      await tab.waitFor("window.pixel", "the checkout page again");
      await tab.run(`window.pixel.then((px) => px.publish(${JSON.stringify(events.slice(1))}))`);
      assert.equal((await tab.run(WRITTEN)).length, 1);
      await tab.goto(next);
      await tab.waitFor(`${ENGINE_STARTED} && window.p.stage().metrics.orders >= 1`, "the engine started");
      await tab.waitFor(`Object.keys(localStorage).every((k) => !k.startsWith("crumbtrail:inbox:"))`, "the inbox drained");
      state = await tab.run(STATE);
      assert.deepEqual([state.stage, state.orders], ["development", 1], "the same transaction counts once");
      await other.focus();
      assert.equal((await other.run(STATE)).orders, 1);
    } finally {
      await tab.close();
      await other.close();
    }
  },
};
