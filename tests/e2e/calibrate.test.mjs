// The calibration page computes, in Chromium, exactly what the native fit-priors command prints for
// the same file, and reports bad input with its line and column.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pages } from "../js/pages.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const env = pages(join(repo, "demo"));

async function fitInPage(file, { period = "days", end = "", holdout = "", chart = false } = {}) {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.url}/calibrate.html`);
  await page.waitForFunction(() => window.calibrationReady === true);
  await page.setInputFiles("#file", file);
  await page.selectOption("#period", period);
  if (end) await page.fill("#end", end);
  if (holdout) await page.fill("#holdout", holdout);
  await page.click("button[type=submit]");
  await page.waitForFunction(() => /Fitted|Could not/.test(document.getElementById("status").textContent));
  const out = { status: await page.textContent("#status"), result: await page.textContent("#result") };
  if (chart) {
    out.bars = await page.$$eval("#chart rect", (rects) =>
      rects.map((r) => ({ frequency: r.dataset.frequency, kind: r.dataset.kind, mean: Number(r.dataset.mean) })));
    out.chartShown = await page.isVisible("#holdout-chart");
  }
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

test("with a holdout, the page prints the native command's comparison and draws it per frequency", async () => {
  const file = join(repo, "tests/data/cdnow_sample_transactions.csv");
  const args = ["--end", "1998-06-30", "--holdout-from", "1997-10-01", "--period", "weeks"];
  const native = execFileSync("cargo", ["run", "--quiet", "--example", "fit-priors", "--", file, ...args], { cwd: repo, encoding: "utf8" }).trim();
  const { result, bars, chartShown } = await fitInPage(file, { period: "weeks", end: "1998-06-30", holdout: "1997-10-01", chart: true });
  // The fit is bit for bit the native one (both use the libm crate); the holdout's predictions use
  // the platform's ln and exp (predict.rs, shared with the storefront), equal to 1e-12 here.
  const [ours, theirs] = [JSON.parse(result), JSON.parse(native)];
  assert.deepEqual([ours.priors, ours.spendPriors], [theirs.priors, theirs.spendPriors]);
  const { holdout } = ours;
  assert.equal(holdout.byFrequency.length, 8);
  for (const [group, reference] of [[holdout, theirs.holdout], ...holdout.byFrequency.map((g, i) => [g, theirs.holdout.byFrequency[i]])]) {
    assert.equal(group.customers, reference.customers);
    assert.equal(group.actual, reference.actual);
    assert.ok(Math.abs(group.predicted - reference.predicted) <= 1e-12 * reference.predicted, `${group.predicted} vs ${reference.predicted}`);
  }
  assert.ok(chartShown);
  assert.equal(bars.length, 16, "two bars for each of 0, 1, … 6, 7+");
  for (const group of holdout.byFrequency) {
    const of = (kind) => bars.find((b) => b.frequency === group.frequency && b.kind === kind).mean;
    assert.ok(Math.abs(of("predicted") - group.predicted / group.customers) < 1e-9);
    assert.ok(Math.abs(of("actual") - group.actual / group.customers) < 1e-9);
  }
});

test("the page learns the same recommendations file as the native command, and names a bad line", async () => {
  const orders = join(repo, "target/demo/orders.en.csv"); // scripts/build generates it for the demo
  const out = join(repo, "target/demo/learned-min-7.txt");
  execFileSync(join(repo, "target/release/examples/learn-recommendations"), [orders, "--out", out, "--no-evaluate", "--min-customers", "7"]);
  const native = readFileSync(out, "utf8");
  const learn = async (file) => {
    const page = await env.browser.newPage();
    await page.goto(`${env.server.url}/calibrate.html`);
    await page.waitForFunction(() => window.calibrationReady === true);
    await page.setInputFiles("#learn-file", file);
    await page.fill("#min-customers", "7");
    await page.click("#learn button[type=submit]");
    await page.waitForFunction(() => /Learned|Could not/.test(document.getElementById("learn-status").textContent));
    const status = await page.textContent("#learn-status");
    const href = await page.getAttribute("#learn-download", "href");
    const text = href ? await page.evaluate((href) => fetch(href).then((r) => r.text()), href) : null;
    await page.close();
    return { status, text };
  };
  const { status, text } = await learn(orders);
  assert.equal(text, native, "the page's file is the command's");
  assert.match(text, /^crumbtrail-recommendations 2 \d+ 7\n/);
  assert.match(status, /^Learned in \d+ ms: \d+ items, [\d,]+ bytes, pairs of at least 7 customers\.$/);
  const bad = await learn({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("Name,Email,Created at,Lineitem sku\n#1,a@x,yesterday,boot\n") });
  assert.match(bad.status, /^Could not learn: line 2, column 3: cannot read "yesterday" as a date/);
});
