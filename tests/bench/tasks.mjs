// crumbtrail's main-thread tasks after load on the demo shop's home, collection and product pages,
// for a first visit and a returning buyer, in Debian's Chromium with its CPU throttled 4× (as
// Lighthouse's mobile CPU): each start-up step of demo/app.js is marked (performance.mark, added
// to the served app.js only), and so is the task the engine puts off (the kept decisions); a
// Chromium trace records every task, and each step is reported with the task it ran in, its call
// and the microtasks after it (the coalesced write). Prints JSON: medians over `--runs N` (default
// 5); `--pkg a,b` serves other builds in place of demo/pkg, alternating run by run; `--only home`.
// Not part of scripts/test: timings are reported (BENCHMARKS.md), never asserted. Needs
// scripts/build and demo/pkg (as scripts/test makes them).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";
import { returningBuyerPage } from "../e2e/trails.mjs";
import { render } from "../../demo/render.mjs";
import { MESSAGES } from "../../demo/messages.js";

const repo = new URL("../..", import.meta.url).pathname;
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg("--runs")) || 5;
const rate = Number(arg("--rate") ?? 4);
const pagesDir = join(repo, "target/tasks/pages");
mkdirSync(pagesDir, { recursive: true });
const slotScript = readFileSync(join(repo, "pkg/slot.js"), "utf8");
writeFileSync(join(pagesDir, "seed.html"), returningBuyerPage({ messages: MESSAGES, locale: "en" }));
const DEMO = { home: ["index.html", { view: "home" }], collection: ["c/shoes.html", { view: "collection", category: "shoes" }],
  product: ["p/ridge-runner.html", { view: "product", product: "ridge-runner" }] };
for (const [name, [path, page]] of Object.entries(DEMO)) {
  writeFileSync(join(pagesDir, `${name}.html`), render(path, page, "en", { slotScript, crumbtrail: true, inspector: false, base: "/demo/en/" }));
}

// The steps of demo/app.js's start(), each between marks; `:tail` runs after the microtasks the
// step queued (the coalesced write).
const STEPS = [
  ["init", "await init();"],
  ["personalizer", "p = await Personalizer.create("],
  ["listen", "listen(p, dataLayer);"],
  ["recommendations", "window.trailhead.recommendations = useRecommendations("],
  ["slots", "slots = attachSlots("],
  ["refresh", "  refresh();\n  window.trailhead.ready = true;"],
];
/** The steps reported: the demo's, and the engine's own deferred task (the kept decisions). */
const REPORTED = [...STEPS.map(([name]) => name), "deferred"];
function instrument(source) {
  for (const [name, statement] of STEPS) {
    const at = source.indexOf(statement);
    if (at < 0) throw new Error(`demo/app.js: "${statement}" not found`);
    const end = source.indexOf(";\n", at) + 1;
    const indent = statement.startsWith("  ") ? "  " : "";
    source = `${source.slice(0, at)}${indent}performance.mark("${name}:start");${source.slice(at, end)} performance.mark("${name}:end"); queueMicrotask(() => performance.mark("${name}:tail"));${source.slice(end)}`;
  }
  return source;
}
const appJs = instrument(readFileSync(join(repo, "demo/app.js"), "utf8"));

async function once(browser, server, page, visit, pkg) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.route("**/demo/app.js", (route) => route.fulfill({ body: appJs, contentType: "text/javascript" }));
  // What the engine itself puts off to a task of its own (setTimeout called from its glue) is marked too.
  await tab.addInitScript(() => {
    const later = self.setTimeout;
    /** @param {TimerHandler} task @param {any[]} rest */
    const marked = function (task, ...rest) {
      if (typeof task == "function" && /pkg[^/]*\/index\.js/.test(String(new Error().stack))) {
        const own = task;
        task = function (...args) {
          performance.mark("deferred:start");
          try { return own.apply(this, args); } finally { performance.mark("deferred:end"); queueMicrotask(() => performance.mark("deferred:tail")); }
        };
      }
      return later.call(this, task, ...rest);
    };
    Object.assign(self, { setTimeout: marked });
  });
  // Another build of the package in place of demo/pkg (`--pkg target/x,target/y` compares builds).
  if (pkg) await tab.route("**/demo/pkg/**", (route) => route.continue({ url: route.request().url().replace("/demo/pkg/", `/${pkg}/`) }));
  if (visit === "returning") {
    await tab.goto(`${server.url}/target/tasks/pages/seed.html`);
    await tab.waitForFunction(() => window.done === true);
  }
  const cdp = await context.newCDPSession(tab);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  await browser.startTracing(tab, { categories: ["devtools.timeline", "blink.user_timing", "toplevel"] });
  await tab.goto(`${server.url}/target/tasks/pages/${page}.html`);
  await tab.waitForFunction(() => window.trailhead?.ready === true, null, { timeout: 60_000 });
  await tab.waitForTimeout(1500); // what crumbtrail defers runs too
  const shown = await tab.evaluate(() => [...document.querySelectorAll("crumbtrail-slot")].map((s) => s.getAttribute("data-crumbtrail-message") ?? "baseline"));
  const trace = JSON.parse(await browser.stopTracing()).traceEvents;
  await context.close();
  const marks = trace.filter((e) => e.cat?.includes("blink.user_timing") && /:(start|end|tail)$/.test(e.name));
  const pid = marks[0]?.pid;
  const tid = trace.find((e) => e.pid === pid && e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")?.tid;
  // A task: a complete event on the main thread that no other contains (a posted task, or a
  // microtask checkpoint the browser runs outside one).
  const tasks = [];
  for (const e of trace.filter((e) => e.pid === pid && e.tid === tid && e.ph === "X" && e.dur != null).sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    const last = tasks.at(-1);
    if (!last || e.ts >= last.ts + last.dur) tasks.push(e);
  }
  const markTs = (name) => marks.find((m) => m.name === name)?.ts;
  const taskAt = (ts) => tasks.find((t) => t.ts <= ts && ts <= t.ts + t.dur);
  const result = { shown };
  for (const name of REPORTED) {
    const start = markTs(`${name}:start`), end = markTs(`${name}:end`), tail = markTs(`${name}:tail`);
    if (start == null) continue;
    // init awaits (the download, the compilation off the main thread), and the Personalizer is
    // created in steps: their figure is the longest task between their marks.
    const task = name === "init" || name === "personalizer"
      ? tasks.filter((t) => t.ts + t.dur >= start && t.ts <= end).sort((a, b) => b.dur - a.dur)[0]
      : taskAt(start);
    result[name] = { task: task ? task.dur / 1000 : null, call: name === "init" || name === "personalizer" ? null : (end - start) / 1000, microtasks: (tail - end) / 1000 };
  }
  // Every task of 10 ms and more from the first step to the end of the trace: crumbtrail's and the page's.
  const first = markTs("init:start");
  result.long = tasks.filter((t) => t.ts >= first && t.dur >= 10_000).map((t) => Math.round(t.dur / 1000));
  result.longest = Math.max(0, ...tasks.filter((t) => t.ts >= markTs("init:end") - 1).map((t) => t.dur / 1000));
  return result;
}

const median = (values) => { const v = values.filter((x) => x != null).sort((a, b) => a - b); return v.length ? v[Math.floor(v.length / 2)] : null; };
const server = await serve(repo, { gzip: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const out = { rate, runs, loadBefore: loadavg()[0].toFixed(2), pages: {} };
const pkgs = arg("--pkg")?.split(",") ?? [null];
for (const page of (arg("--only")?.split(",") ?? Object.keys(DEMO))) {
  for (const visit of ["first", "returning"]) {
    const results = new Map(pkgs.map((pkg) => [pkg, []]));
    // The builds alternate run by run, so that the machine's load weighs on each alike.
    for (let i = 0; i < runs; i++) for (const pkg of pkgs) results.get(pkg).push(await once(browser, server, page, visit, pkg));
    for (const [pkg, list] of results) {
      const summary = { shown: list[0].shown };
      for (const name of REPORTED) {
        summary[name] = Object.fromEntries(["task", "call", "microtasks"].map((k) => [k, median(list.map((r) => r[name]?.[k]))?.toFixed(1) ?? null]));
      }
      summary.longest = median(list.map((r) => r.longest)).toFixed(1);
      summary.longAll = list.map((r) => r.long.join(","));
      out.pages[`${page} ${visit}${pkg ? ` ${pkg}` : ""}`] = summary;
      console.error(page, visit, pkg ?? "", JSON.stringify(summary));
    }
  }
}
out.loadAfter = loadavg()[0].toFixed(2);
await browser.close();
server.close();
console.log(JSON.stringify(out, null, 1));
