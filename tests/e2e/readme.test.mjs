// The documentation's JavaScript examples (the README's and the guides', tests/js/readme-examples.mjs)
// run as written, against the built package, and show what their comments say they show. Each example gets only the lines of set-up it leaves to the reader (a
// `Personalizer` named `p`, the page's `analytics`, …); a new example without a runner here fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pages } from "../js/pages.mjs";
import { example, examples, promised, SHOE_BUYER } from "../js/readme-examples.mjs";

const root = new URL("../..", import.meta.url).pathname;
const env = pages(root);

/** Runs `code` as a module in a fresh page with the examples' import map; returns `window.result`. */
async function inPage(code, { storage = {} } = {}) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "warning" && problems.push(`warning: ${m.text()}`));
  await page.goto(`${env.server.url}/tests/e2e/pages/readme.html`);
  await page.evaluate((items) => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v)), storage);
  await page.addScriptTag({ type: "module", content: code });
  await page.waitForFunction(() => "result" in window || document.title === "failed", null, { timeout: 20_000 }).catch(() => {});
  const result = await page.evaluate(() => window.result);
  await context.close();
  assert.deepEqual(problems, [], "the example raised nothing and warned of nothing");
  return result;
}

const USED = new Set();
const use = (marker, page) => (USED.add(marker), example(marker, page));

test("quick start: one order makes a first-order shopper in development, as its comment says", async () => {
  const code = use("await init(); // fetches", "README.md");
  const result = await inPage(`${code}\nwindow.result = [stage, reasons];`);
  assert.deepEqual(result, promised(code, "const { stage, reasons, metrics } = p.stage();"));
});

test("reasons in the marketer's language: crumbtrail/locale/nl words a first order as the comment says", async () => {
  const code = use('from "crumbtrail/locale/nl"', "docs/guide/messages.md");
  const [imports, ...rest] = code.split("\n");
  const result = await inPage(`${imports}
import init, { Personalizer } from "crumbtrail";
await init();
const p = new Personalizer();
${rest.join("\n")}
window.result = words;`);
  assert.deepEqual(result, promised(code, "const words = "));
});

test("quick start in Node: the Node example runs against the package with a storage object and a clock", () => {
  const code = use("const map = new Map();", "docs/guide/javascript.md");
  const app = mkdtempSync(join(tmpdir(), "crumbtrail-readme-"));
  mkdirSync(join(app, "node_modules"));
  symlinkSync(join(root, "pkg"), join(app, "node_modules", "crumbtrail"));
  writeFileSync(join(app, "example.mjs"), `${code}
p.track({ event: "purchase", transaction_id: "T-1", value: 10, currency: "EUR" });
p.flush();
console.log(JSON.stringify({ stage: p.stage().stage, stored: [...map.keys()], now: p.stage().metrics.lastOrderAt }));`);
  const out = JSON.parse(execFileSync("node", ["example.mjs"], { cwd: app, encoding: "utf8" }));
  assert.deepEqual(out, { stage: "development", stored: ["crumbtrail"], now: Date.UTC(2026, 2, 1) });
});

test("messages: a repeat buyer of shoes gets the decision the comment shows, rendered into #hero", async () => {
  const code = use('p.render("hero"', "docs/guide/messages.md");
  const result = await inPage(`${SHOE_BUYER}\n${code}\nwindow.result = { decision, title: document.querySelector("#hero .crumbtrail-title")?.textContent };`);
  assert.deepEqual([result.decision], promised(code, "const decision = p.render("));
  assert.equal(result.title, "More shoes for you");
});

test("known customers: the shop's records of 3 orders, the last 20 days ago, make a retained shopper on a fresh device", async () => {
  const code = use("p.knownOrders(facts);", "docs/guide/platforms.md");
  const day = 86_400_000;
  const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
  // The page prints the signed-in customer's facts, dated from today so that the example stays true.
  const facts = { count: 3, first: iso(Date.now() - 200 * day), last: iso(Date.now() - 20 * day), revenue: 240, currency: "EUR" };
  const result = await inPage(`const json = document.createElement("script");
json.type = "application/json";
json.id = "known-orders";
json.textContent = ${JSON.stringify(JSON.stringify(facts))};
document.body.append(json);
${code}
window.result = [stage, metrics.orders, metrics.revenue];`);
  assert.deepEqual(result, [...promised(code, "const { stage, metrics } = p.stage();"), 240]);
});

test("integrations: the dataLayer example's add_to_cart reaches the profile", async () => {
  const code = use("listen(p, window.dataLayer)", "docs/guide/platforms.md");
  const result = await inPage(`import init, { Personalizer } from "crumbtrail";
await init();
const p = new Personalizer();
${code}
window.result = { cartAdds: p.stage().metrics.cartAdds, stage: p.stage().stage, detached: typeof stop };`);
  assert.deepEqual(result, { cartAdds: 1, stage: "acquisition", detached: "function" });
});

test("integrations: the Shopify example takes consent from the Customer Privacy API and tracks Web Pixels events", async () => {
  const code = use("fromShopify(event)", "docs/guide/platforms.md");
  // What Shopify gives the page: the Customer Privacy API (a stand-in written from its documentation)
  // with the visitor's earlier yes to preferences and analytics, and a pixel's analytics.subscribe.
  const shopify = `import { STUBS } from "/tests/e2e/pages/consent/stubs.js";
STUBS.shopifyPrivacy().load({ preferences: true, analytics: true });
let subscriber;
window.analytics = { subscribe: (name, callback) => { subscriber = callback; } };`;
  const result = await inPage(`${shopify}\n${code}
while (p.consent().profile !== "granted") await new Promise((r) => setTimeout(r, 20));
subscriber({ name: "product_viewed", timestamp: new Date().toISOString(), data: { productVariant: { id: "v-1", title: "42", price: { amount: 90, currencyCode: "EUR" }, product: { id: "p-1", title: "Ridge", type: "shoes" } } } });
p.flush();
window.result = { itemViews: p.stage().metrics.itemViews, stored: localStorage.getItem("crumbtrail") !== null, consent: p.consent() };`);
  assert.deepEqual(result, { itemViews: 1, stored: true, consent: { profile: "granted", measurement: "granted" } });
});

test("integrations: the Segment example turns an Order Completed call into a purchase", async () => {
  const code = use("fromSegment(name, properties)", "docs/guide/platforms.md");
  const result = await inPage(`import init, { Personalizer } from "crumbtrail";
await init();
const p = new Personalizer();
let listener;
const analytics = { on: (type, callback) => { if (type === "track") listener = callback; } };
${code}
listener("Order Completed", { order_id: "50314b8e", total: 27.5, currency: "USD", products: [] });
window.result = { orders: p.stage().metrics.orders, revenue: p.stage().metrics.revenue };`);
  assert.deepEqual(result, { orders: 1, revenue: 27.5 });
});

test("errors: onError hears a refused event's code and path, and the constructor throws one for a bad option", async () => {
  const code = use("onError: (e) => seen.push([e.code, e.path])", "docs/guide/javascript.md");
  const result = await inPage(`${code}\nwindow.result = { seen, thrown };`);
  // The value each comment promises: the JSON on the line after it.
  const promise = (marker) => JSON.parse(code.split(marker)[1].split("\n")[1].replace(/^\/\/ /, ""));
  const [seen, thrown] = [promise("// seen is now:"), promise("// thrown is:")];
  assert.deepEqual(result, { seen, thrown });
});

test("create: resolves to a live Personalizer, and rejects a bad option with the code and path its comment says", async () => {
  const code = use("await Personalizer.create({ messages: [] })", "docs/guide/javascript.md");
  const result = await inPage(`${code}\nwindow.result = { live: p instanceof Personalizer && p.stage().stage === "reach", mistake };`);
  assert.deepEqual(result, { live: true, mistake: promised(code, "const mistake = ")[0] });
});

test("fallback: the example runs where the wasm loads (init resolves, the Personalizer is live)", async () => {
  const code = use("fallback: true", "docs/guide/javascript.md");
  const result = await inPage(`import init, { Personalizer } from "crumbtrail";
const messages = [{ id: "hi", slot: "hero", content: { title: "Hi" } }];
${code}
window.result = p.decide("hero")?.id ?? null;`);
  assert.equal(result, "hi");
});

test("banners at first paint: the bundler example attaches the engine to the page's slots, with their context", async () => {
  const code = use('import { attachSlots } from "crumbtrail/slots";', "docs/guide/banners.md");
  const messages = `const messages = [{ id: "pdp-note", slot: "pdp", when: { "page.product": "SKU-1" }, content: { title: "Goes well with SKU-1" } }];`;
  const result = await inPage(`${messages}\n${code}
window.result = { shown: document.getElementById("pdp-slot").dataset.crumbtrailMessage, slots: typeof slots.refresh,
  title: document.getElementById("pdp-slot").shadowRoot.querySelector(".crumbtrail-title").textContent };`);
  assert.deepEqual(result, { shown: "pdp-note", slots: "function", title: "Goes well with SKU-1" });
});

test("exposures: the onExposure example forwards one view_promotion to gtag, with the listed fields only", async () => {
  const code = use("onExposure: ({ event, ...params })", "docs/guide/uplift.md");
  const result = await inPage(`import init, { Personalizer } from "crumbtrail";
await init();
const calls = [];
window.gtag = (...args) => calls.push(args);
document.body.append(Object.assign(document.createElement("div"), { id: "banner" }));
${code}
window.result = calls;`);
  assert.equal(result.length, 1);
  const [[command, name, params]] = result;
  assert.deepEqual([command, name], ["event", "view_promotion"]);
  const arm = params.crumbtrail_arm;
  assert.ok(arm === "shown" || arm === "held_out", arm);
  assert.deepEqual(params, { promotion_id: "spring", promotion_name: "Spring sale", creative_slot: "banner", crumbtrail_stage: "reach", crumbtrail_expected_revenue: 0, crumbtrail_arm: arm });
});

test("recommendations: the file fetched from the shop's origin fills the message and ranks the items as the comments say", async () => {
  const code = use("useRecommendations(p, await", "docs/guide/recommendations.md");
  // What the learn step writes for a shop of three items: boot goes with sock and laces.
  const file = ["crumbtrail-recommendations 1 3 5", "boot\tTrail boot\t/p/boot", "lace\tLaces\t/p/lace", "sock\tMerino socks\t/p/sock",
    "C_By", "Ay", "A_", "", "", "", ""].join("\n");
  // The page's fetch, answering for the shop's origin.
  const fetch = `const fetch = async (url) => (url === "/recommendations.txt" ? new Response(${JSON.stringify(file)}) : Response.error());`;
  const result = await inPage(`${fetch}\n${code}\nwindow.result = [items, title, href];`);
  assert.deepEqual(result, promised(code, "const { title, href } = "));
});

test("privacy: the consent example and each one-line alternative in its comment set both purposes from their platform", async () => {
  const code = use("const stop = cookiebot(p);", "docs/guide/privacy.md");
  const alternatives = code.match(/\/\/ or: (.*)$/m)[1].split(/, (?=\w+\()/);
  for (const call of ["cookiebot(p)", ...alternatives]) {
    const name = call.match(/^(\w+)\(/)[1];
    const variant = code.replace("{ cookiebot }", `{ ${name} }`).replace("cookiebot(p)", call);
    // The platform (a stand-in written from its documentation) arrives after crumbtrail, and the
    // shopper allows both purposes.
    const result = await inPage(`import { STUBS, SAY } from "/tests/e2e/pages/consent/stubs.js";
${variant}
const before = { consent: p.consent(), stored: localStorage.getItem("crumbtrail") };
const platform = STUBS.${name}();
platform.load();
// Until the adapter has read the platform that just arrived (Shopify's API loads asynchronously).
while (!platform.looked()) await new Promise((r) => setTimeout(r, 20));
platform.choose(SAY.${name}(true, true));
while (p.consent().profile !== "granted") await new Promise((r) => setTimeout(r, 20));
p.flush();
window.result = { before, after: p.consent(), stored: localStorage.getItem("crumbtrail") !== null, detach: typeof stop };`);
    assert.deepEqual(result, {
      before: { consent: { profile: "pending", measurement: "pending" }, stored: null },
      after: { profile: "granted", measurement: "granted" },
      stored: true,
      detach: "function",
    }, call);
  }
});

test("every JavaScript example of the README and the guides has a runner here", () => {
  const unrun = examples.filter((code) => ![...USED].some((marker) => code.includes(marker)));
  assert.deepEqual(unrun, []);
});
