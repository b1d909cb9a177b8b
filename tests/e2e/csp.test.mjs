// The demo storefront under a strict Content-Security-Policy with Trusted Types: everything,
// rendering included, works, and the browser reports no violation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pages } from "../js/pages.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; require-trusted-types-for 'script'";
const env = pages(join(new URL("../..", import.meta.url).pathname, "demo"), { "content-security-policy": CSP });

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
  const go = async (hash) => {
    await page.goto(`${env.server.url}/${hash}`);
    await page.waitForFunction(() => window.trailhead?.ready === true);
  };
  await go("#/");
  assert.equal(await page.textContent("#hero-slot .crumbtrail-title"), "Welcome to Trailhead");
  await go("#/p/ridge-runner");
  await page.click("#add-to-cart");
  await go("#/");
  await page.reload();
  await page.waitForFunction(() => window.trailhead?.ready === true);
  assert.equal(await page.textContent("#hero-slot .crumbtrail-title"), "Your cart is waiting");
  await page.click("#hero-slot .crumbtrail-dismiss");
  await go("#/cart");
  await page.click("#to-checkout");
  await page.click("#place-order");
  await go("#/");
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
