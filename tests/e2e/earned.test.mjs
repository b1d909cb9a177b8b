// The demo's page of what each message earned (demo/earned.html) draws sql/uplift.sql's report
// (demo/earned.json, which scripts/uplift-check.py checks against numpy and scipy): per message, the
// plain and the CUPED interval where the report puts them, the planted effect, the return; in
// English and in Dutch, with the stages named by crumbtrail/locale/en and /nl.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pages } from "../js/pages.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const env = pages(join(repo, "demo"));
const report = JSON.parse(readFileSync(join(repo, "demo/earned.json"), "utf8"));
const SHOTS = join(repo, "target/demo-screenshots");

async function open(lang) {
  const page = await env.browser.newPage({ viewport: { width: 900, height: 1400 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${env.server.url}/earned.html?lang=${lang}`);
  await page.waitForSelector("section.message");
  return { page, problems };
}

/** Each message's drawing: the x of both intervals' ends and dots, and of the planted line. */
const drawn = (page) => page.$$eval("section.message", (sections) => sections.map((s) => {
  const ranges = [...s.querySelectorAll("svg:first-of-type line.range")].map((l) => [Number(l.getAttribute("x1")), Number(l.getAttribute("x2"))]);
  const planted = Number(s.querySelector("line.planted").getAttribute("x1"));
  const zero = Number(s.querySelector("svg:first-of-type line.zero").getAttribute("x1"));
  return { id: s.dataset.message, ranges, planted, zero, stages: [...s.querySelectorAll("tbody tr td:first-child")].map((td) => td.textContent),
    verdict: s.querySelector(".verdict").textContent, label: s.querySelector("svg").getAttribute("aria-label") };
}));

test("each message shows its plain and CUPED intervals on one scale, the planted effect between the CUPED bounds", async () => {
  const { page, problems } = await open("en");
  const messages = await drawn(page);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, "earned-en.png"), fullPage: true });
  await page.close();
  assert.deepEqual(problems, []);
  const all = report.rows.filter((r) => r.stage === "all");
  assert.deepEqual(messages.map((m) => m.id).sort(), all.map((r) => r.promotion_id).sort());
  for (const m of messages) {
    const r = all.find((x) => x.promotion_id === m.id);
    const [plain, cuped] = m.ranges;
    // The scale is linear and shared: pixels per euro from the plain interval.
    const perEuro = (plain[1] - plain[0]) / (r.revenue_uplift_30d_high - r.revenue_uplift_30d_low);
    const at = (euros) => m.zero + euros * perEuro;
    for (const [px, euros] of [[plain[0], r.revenue_uplift_30d_low], [cuped[0], r.cuped_revenue_uplift_30d_low],
      [cuped[1], r.cuped_revenue_uplift_30d_high], [m.planted, report.planted[m.id]]]) {
      assert.ok(Math.abs(px - at(euros)) < 1e-6, `${m.id}: ${px} for ${euros}`);
    }
    assert.ok(cuped[1] - cuped[0] < plain[1] - plain[0], `${m.id}: CUPED narrower`);
    assert.ok(cuped[0] <= m.planted && m.planted <= cuped[1], `${m.id}: the planted effect inside the CUPED interval`);
    assert.match(m.label, /plain .* CUPED .* planted .* Return/);
    assert.deepEqual(m.stages.sort(), ["Acquisition", "Development", "Reach", "Retention"]);
  }
  const spring = messages.find((m) => m.id === "club");
  assert.match(spring.verdict, /^Earned \+€/);
});

test("in Dutch: the page's words, and the stages named by crumbtrail/locale/nl", async () => {
  const { page, problems } = await open("nl");
  const messages = await drawn(page);
  const title = await page.textContent("h1");
  await page.screenshot({ path: join(SHOTS, "earned-nl.png"), fullPage: true });
  await page.close();
  assert.deepEqual(problems, []);
  assert.equal(title, "Wat elke boodschap opleverde");
  for (const m of messages) assert.deepEqual(m.stages.sort(), ["Acquisitie", "Behoud", "Bereik", "Ontwikkeling"]);
  assert.match(messages.find((m) => m.id === "club").verdict, /^Leverde \+€/);
});
