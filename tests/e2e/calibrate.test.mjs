// The calibration page computes, in Chromium, exactly what the native fit-priors command prints for
// the same file, and reports bad input with its line and column.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pages } from "../js/pages.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const env = pages(join(repo, "www"));

async function fitInPage(file, { period = "days", end = "" } = {}) {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.url}/calibrate.html`);
  await page.waitForFunction(() => window.calibrationReady === true);
  await page.setInputFiles("#file", file);
  await page.selectOption("#period", period);
  if (end) await page.fill("#end", end);
  await page.click("button[type=submit]");
  await page.waitForFunction(() => /Fitted|Could not/.test(document.getElementById("status").textContent));
  const out = { status: await page.textContent("#status"), result: await page.textContent("#result") };
  await page.close();
  return out;
}

test("the page and the native command give identical priors for the CDNOW sample log", async () => {
  const file = join(repo, "tests/data/cdnow_sample_transactions.csv");
  const native = execFileSync("cargo", ["run", "--quiet", "--example", "fit-priors", "--", file, "--end", "1997-09-30", "--period", "weeks"], { cwd: repo, encoding: "utf8" }).trim();
  const { status, result } = await fitInPage(file, { period: "weeks", end: "1997-09-30" });
  assert.equal(result, native);
  const { priors, customers } = JSON.parse(result);
  assert.equal(customers, 2357);
  assert.ok(Math.abs(priors.alpha / 7 - 4.414) / 4.414 < 0.01);
  console.log(`calibration page: ${status}`);
});

test("bad input is reported with its line and column", async () => {
  const bad = join(repo, "target", "bad-orders.csv");
  execFileSync("sh", ["-c", `mkdir -p "${join(repo, "target")}" && printf 'customer,date,amount\\na,2026-01-01,5\\nb,2026-01-02,-3\\n' > "${bad}"`]);
  const { status, result } = await fitInPage(bad);
  assert.equal(status, "Could not fit: line 3, column 3: negative amount -3");
  assert.equal(result, "");
});
