// A hostile page: JSON, Array.prototype.push and localStorage replaced (storage throwing now and
// then), Object.prototype polluted. crumbtrail keeps working and never throws into the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";

const env = pages(new URL("../..", import.meta.url).pathname);

test("a page that replaced JSON, push and localStorage and polluted Object.prototype keeps working", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${env.server.url}/tests/e2e/pages/hostile.html`);
  await page.waitForFunction(() => window.result !== undefined, null, { timeout: 20_000 });
  const { result, exceptions } = JSON.parse(await page.evaluate(() => window.report()));
  assert.deepEqual(result.thrown, [], "nothing thrown into the page");
  assert.deepEqual(exceptions, []);
  assert.deepEqual(pageErrors, []);
  assert.equal(result.stage, "retention");
  assert.equal(result.orders, 4);
  assert.equal(result.decision, "m");
  assert.equal(result.reasons, true);
  assert.equal(result.rendered, "Again");
  assert.equal(result.signedUp, true, "the dataLayer push was read");
  assert.ok(result.errors >= 1, "the flaky storage was reported through onError");
  await context.close();
});
