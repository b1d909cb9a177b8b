// Accessibility of the banners, in Chromium: axe-core at WCAG 2.2 AA over a plain shop page with a
// banner of every shape in every stage and both languages — drawn by <crumbtrail-slot> from the
// kept decision, by the engine after it, and by `render` into the page — and over the demo's pages
// as a shopper walks them. What axe cannot judge is checked by hand in
// tests/e2e/banner-usability.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { pages } from "../js/pages.mjs";
import { MESSAGES as DEMO_MESSAGES } from "../../demo/messages.js";
import { audit, version } from "./axe.mjs";
import { MESSAGES, SLOTS, STAGES, TRAILS, driver, shopPage, shopper, showing } from "./a11y-shop.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const env = pages(repo);
const run = promisify(execFile);
const summary = ({ violations, incomplete, passes }) =>
  `${violations.length} violations, ${passes} rules passed, ${incomplete.length} for review${incomplete.length ? ` (${incomplete.map((r) => r.id).join(", ")})` : ""}`;

test(`axe-core ${version} finds no WCAG 2.2 AA violation in banners of every shape, stage and language, kept, from the engine and rendered`, async () => {
  for (const stage of STAGES) {
    for (const locale of ["en", "nl"]) {
      const config = { messages: MESSAGES, locale };
      const s = await shopper(env.browser, env.server);
      await (await s.open("/t/driver.html", driver(config, TRAILS[stage]))).close();
      const expected = (prefix) => Object.fromEntries(SLOTS.map((slot) => [`${prefix}-${slot}`, slot === "baseline" ? null : `${stage}-${slot}`]));
      // At first paint, before any wasm: the kept decisions in the slots (the rendered elements stay empty).
      const kept = await s.open("/t/shop.html", shopPage(config), { engine: false });
      assert.deepEqual(await showing(kept), { ...expected("slot"), ...Object.fromEntries(SLOTS.map((slot) => [`render-${slot}`, null])) });
      const first = await audit(kept);
      console.log(`axe, plain page, ${stage}, ${locale}, kept: ${summary(first)}`);
      assert.deepEqual(first.violations, [], `${stage} ${locale} kept`);
      // After the engine: the slots it decided and `render`'s elements.
      const engine = await s.open("/t/shop.html", shopPage(config));
      assert.deepEqual(await showing(engine), { ...expected("slot"), ...expected("render") });
      const after = await audit(engine);
      console.log(`axe, plain page, ${stage}, ${locale}, engine and render: ${summary(after)}`);
      assert.deepEqual(after.violations, [], `${stage} ${locale} engine`);
      assert.deepEqual([...kept.errors, ...engine.errors], []);
      await s.context.close();
    }
  }
});

test("the audit sees into the banners: a shop's own low-contrast, shrunken dismiss button is found", async () => {
  const config = { messages: MESSAGES, locale: "en" };
  const s = await shopper(env.browser, env.server);
  await (await s.open("/t/driver.html", driver(config, TRAILS.retention))).close();
  const careless = "crumbtrail-slot::part(body) { color: #b0b0b0; } crumbtrail-slot::part(dismiss) { min-width: 0; min-height: 0; padding: 0; border: 0; font-size: 9px; line-height: 1; }";
  const page = await s.open("/t/shop.html", shopPage(config, { css: careless }), { engine: false });
  const { violations } = await audit(page);
  const found = Object.fromEntries(violations.map((v) => [v.id, v.nodes.length]));
  console.log(`axe, plain page with the shop's careless ::part styles: ${JSON.stringify(found)}`);
  assert.equal(found["color-contrast"], 4, "the bodies inside shadow roots (shapes text, link, body and single)");
  assert.ok(found["target-size"] >= 1, "the shrunken buttons inside shadow roots");
  await s.context.close();
});

test("axe finds no WCAG 2.2 AA violation on the demo's pages as a shopper walks every stage, in English and Dutch", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const ready = () => page.waitForFunction(() => window.trailhead?.ready === true);
  let lang = "en";
  /** Opens the page at `path` under the shopper's language's folder (demo/en/ or demo/nl/). */
  const visit = async (path) => {
    await page.goto(`${env.server.url}/demo/${lang}/${path}`);
    await ready();
  };
  const results = [];
  /** Reloads `path` (so that the slots show what was kept, then what the engine decides) and audits it. */
  const check = async (name, path) => {
    await visit(path);
    await page.reload();
    await ready();
    const banners = await page.$$eval("crumbtrail-slot[data-crumbtrail-message]", (slots) => slots.map((s) => s.dataset.crumbtrailMessage));
    const result = await audit(page);
    results.push({ name, banners, ...result });
    console.log(`axe, demo ${name} (${banners.join(", ") || "no banner"}): ${summary(result)}`);
  };
  const order = async (...products) => {
    for (const id of products) {
      await visit(`p/${id}.html`);
      await page.click("#add-to-cart");
    }
    await visit("cart.html");
    await page.click("#to-checkout");
    await page.click("#place-order");
    await page.waitForFunction(() => location.pathname.endsWith("/thanks.html") && window.trailhead?.ready === true);
  };
  const language = async (to) => {
    await Promise.all([page.waitForEvent("load"), page.selectOption("#lang", to)]);
    await ready();
    lang = to;
  };

  await check("home, reach", "");
  await check("collection", "c/shoes.html");
  await check("product", "p/ridge-runner.html");
  await check("review form", "review.html");
  await check("referral", "refer.html");
  await language("nl");
  await check("home, reach, Dutch", "");
  await check("product, Dutch", "p/ridge-runner.html");
  await language("en");
  for (const id of ["drizzle-shell", "summit-30"]) await visit(`p/${id}.html`);
  await check("home, acquisition", "");
  await visit("p/ridge-runner.html");
  await page.click("#add-to-cart");
  await check("home, acquisition, cart open", "");
  await check("cart", "cart.html");
  await check("checkout", "checkout.html");
  await order();
  await check("home, development", "");
  await check("product, development (goes well with)", "p/scree-boot.html");
  await language("nl");
  await check("home, development, Dutch", "");
  await language("en");
  await order("moss-walker");
  await check("home, retention", "");
  await check("product, retention (the club)", "p/trek-55.html");
  await visit("review.html");
  await page.click("#review-form button[type=submit]");
  await check("home, advocacy", "");
  await page.click("text=+120 days");
  await check("home, lapsed", "");
  await language("nl");
  await check("home, lapsed, Dutch", "");
  await page.click("#inspector-toggle");
  await check("home, lapsed, Dutch, inspector hidden", "");

  assert.ok(results.filter((r) => r.banners.length).length >= 10, "banners were showing on most pages");
  assert.deepEqual(results.filter((r) => r.violations.length).map(({ name, violations }) => ({ name, violations })), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the accessibility guide's check-banners.mjs passes the demo's catalogue with its stylesheet, and fails a careless one", async () => {
  const guide = readFileSync(join(repo, "docs/guide/accessibility.md"), "utf8");
  const [script] = [...guide.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => code.includes("check-banners.mjs"));
  const dir = join(repo, "target/accessibility-guide");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "check-banners.mjs"), script); // under the repository: it finds playwright-core and axe-core there
  writeFileSync(join(dir, "catalogue.json"), JSON.stringify({ messages: DEMO_MESSAGES }));
  writeFileSync(join(dir, "welcome.json"), JSON.stringify(DEMO_MESSAGES.filter((m) => m.id === "welcome")));
  const check = async (catalogue, ...stylesheets) => {
    try {
      const { stdout } = await run(process.execPath, [join(dir, "check-banners.mjs"), join(dir, catalogue), `${env.server.url}/pkg/`, "en", ...stylesheets],
        { env: { ...process.env, CHROMIUM: process.env.CHROMIUM ?? "/usr/bin/chromium" } });
      return { code: 0, stdout };
    } catch (e) {
      return { code: e.code, stdout: e.stdout };
    }
  };
  const good = await check("catalogue.json", `${env.server.url}/demo/style.css`);
  const lines = good.stdout.trim().split("\n");
  const variants = DEMO_MESSAGES.reduce((n, m) => n + Object.keys(m.content).length, 0);
  console.log(`check-banners.mjs on the demo's catalogue: ${lines.filter((l) => l.startsWith("✓")).length} of ${variants} message variants without violation, ` +
    `${lines.filter((l) => l.startsWith("-")).length} not shown`);
  assert.equal(good.code, 0, good.stdout);
  assert.equal(lines.length, variants);
  assert.ok(lines.filter((l) => l.startsWith("✓")).length >= variants - 4, good.stdout);
  assert.match(good.stdout, /- goes-well \(en\): not shown/, "its link is a recommendation, which needs a shopper");
  const careless = `data:text/css,${encodeURIComponent("crumbtrail-slot::part(body), crumbtrail-slot::part(title) { color: #c8c8c8; }")}`;
  const bad = await check("welcome.json", careless);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /✗ welcome \(en\):\n {4}color-contrast/);
});
