// The demo storefront under a strict Content-Security-Policy with Trusted Types: everything,
// rendering included, works, and the browser reports no violation. Its pages carry two inline
// scripts in <head>, crumbtrail's slot script and the demo's clock, allowed by their hashes, as a
// shop with such a policy allows the slot script.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pages } from "../js/pages.mjs";
import { DEMO_HEAD_SCRIPT } from "../../demo/render.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const hash = (text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
const INLINE = [hash(readFileSync(join(repo, "pkg/slot.js"), "utf8")), hash(DEMO_HEAD_SCRIPT)].join(" ");
const CSP = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${INLINE}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; require-trusted-types-for 'script'`;
const env = pages(join(repo, "demo"), { "content-security-policy": CSP });

test("the demo works under script-src 'self' 'wasm-unsafe-eval' and require-trusted-types-for 'script'", async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  const go = async (path) => {
    await page.goto(`${env.server.url}/en/${path}`);
    await page.waitForFunction(() => window.trailhead?.ready === true);
  };
  await go("");
  // The kept banners need the slot script, which ran: the element is defined.
  assert.ok(await page.evaluate(() => customElements.get("crumbtrail-slot") !== undefined));
  assert.equal(await page.textContent("#hero-slot .crumbtrail-title"), "Welcome to Trailhead");
  await go("p/ridge-runner.html");
  await page.click("#add-to-cart");
  await go("");
  await page.reload();
  await page.waitForFunction(() => window.trailhead?.ready === true);
  assert.equal(await page.textContent("#hero-slot .crumbtrail-title"), "Your cart is waiting");
  await page.click("#hero-slot .crumbtrail-dismiss");
  await go("cart.html");
  await page.click("#to-checkout");
  await page.click("#place-order");
  await page.waitForFunction(() => location.pathname.endsWith("/thanks.html") && window.trailhead?.ready === true);
  await go("");
  await page.reload();
  await page.waitForFunction(() => window.trailhead?.ready === true);
  assert.equal(await page.getAttribute("#inspector-stage", "data-stage"), "development");
  assert.equal(await page.textContent("#hero-slot .crumbtrail-title"), "How was your first order?");
  await page.click("text=+30 days");
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  // The calibration page too.
  await page.goto(`${env.server.url}/calibrate.html`);
  await page.waitForFunction(() => window.calibrationReady === true);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});
