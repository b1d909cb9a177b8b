// Interleaved A/B timing of decide() and track() for two builds of the package (scripts/bench-ab):
// each round runs both builds, in a random order, each in a fresh browser context, so that the
// machine's drift (other work, heat, the browser's caches) falls on both alike. Prints a table and
// a JSON document; asserts nothing (speed is reported, never asserted).
//
//   node tests/bench/ab.mjs A_PKG_PATH B_PKG_PATH [rounds]   (paths under the repository, e.g. /pkg/)
import { serve } from "../../scripts/serve.mjs";
import { launch } from "../js/browser.mjs";
import { decide, track } from "./timings.mjs";

const [a, b, rounds = "10"] = process.argv.slice(2);
if (!a || !b) throw new Error("usage: node tests/bench/ab.mjs A_PKG_PATH B_PKG_PATH [rounds]");
const repo = new URL("../..", import.meta.url).pathname;
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const round = (x) => Number(x.toFixed(2));

const server = await serve(repo);
const browser = await launch();
async function measure(pkg, fn) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/tests/bench/ab.html?pkg=${encodeURIComponent(pkg)}`);
  await page.waitForFunction(() => window.ready === true);
  const result = await page.evaluate(fn);
  await context.close();
  return result;
}

// By arm, not by path: the same build against itself (A/A) shows the noise.
const samples = { a: { decideUs: [], trackUs: [] }, b: { decideUs: [], trackUs: [] } };
const pkgs = { a, b };
for (let r = 0; r < Number(rounds); r++) {
  for (const arm of Math.random() < 0.5 ? ["a", "b"] : ["b", "a"]) {
    const d = await measure(pkgs[arm], decide);
    const t = await measure(pkgs[arm], track);
    if (d.calls !== 10_000 || t.itemViews === undefined) throw new Error(`${pkgs[arm]}: the workload did not run`);
    samples[arm].decideUs.push(d.medianUs);
    samples[arm].trackUs.push(t.usPerEvent);
  }
}
await browser.close();
server.close();

const summary = Object.fromEntries(
  ["decideUs", "trackUs"].map((k) => {
    const [ma, mb] = [median(samples.a[k]), median(samples.b[k])];
    // The share of rounds in which B was faster than A: near 0.5 is a tie.
    const bFaster = samples.a[k].filter((x, i) => samples.b[k][i] < x).length / samples.a[k].length;
    return [k, { a: round(ma), b: round(mb), change: `${((mb / ma - 1) * 100).toFixed(1)} %`, bFasterInRounds: bFaster }];
  }),
);
console.log(`A = ${a}, B = ${b}, ${rounds} interleaved rounds (median of the per-round medians)`);
console.log("| | A | B | B vs A | rounds B faster |\n|---|---|---|---|---|");
for (const [k, s] of Object.entries(summary)) {
  const name = k === "decideUs" ? "decide() median, µs" : "track() per event, µs";
  console.log(`| ${name} | ${s.a} | ${s.b} | ${s.change} | ${(s.bFasterInRounds * 100).toFixed(0)} % |`);
}
console.log(JSON.stringify({ a, b, rounds: Number(rounds), summary, samples }));
