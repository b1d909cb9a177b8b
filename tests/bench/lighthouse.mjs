// Lighthouse (npm `lighthouse`, installed by scripts/bench-lighthouse into target/lighthouse/) on a
// plain shop's home, collection and product pages (tests/bench/lighthouse/), each without crumbtrail
// and with it set up as the README says — for a first visit and for a returning buyer whose banner
// was kept ready — in Debian's Chromium, served gzipped: the performance score with FCP, LCP, CLS,
// TBT and the bytes, the accessibility score, and crumbtrail's longest main-thread task; medians of
// `--runs N` (default 5) fresh browsers each, and the three pages weighted as Shopify weighs them.
// On the home page, the other ways of loading the slot script are measured beside the README's.
// The demo shop's home, collection and product pages likewise (below, `DEMO`). Prints JSON (also
// target/lighthouse.json) and rewrites the "Lighthouse" and "Lighthouse on the demo shop" sections
// of BENCHMARKS.md (each when its pages were measured).
// A bench: nothing here is asserted.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "../../scripts/serve.mjs";
import { withSection } from "./sections.mjs";
import { returningBuyerPage } from "../e2e/trails.mjs";
import { render } from "../../demo/render.mjs";
import { MESSAGES } from "../../demo/messages.js";
import { readmeLoader } from "../js/readme-examples.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const tools = join(repo, "target/lighthouse/");
const load = (name) => import(pathToFileURL(createRequire(tools).resolve(name)).href);
const { default: lighthouse } = await import(pathToFileURL(join(tools, "node_modules/lighthouse/core/index.js")).href);
const puppeteer = (await load("puppeteer-core")).default;
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg("--runs")) || 5;
/** `--only home` (a comma list of page names, or `alternatives`) measures part of the matrix. */
const only = arg("--only")?.split(",");

// The catalogue is the README's kind: a welcome for a first visit, a message for a returning buyer,
// in the slot each page has.
const SLOTS = { home: "hero", collection: "collection", product: "pdp" };
const catalogue = { messages: Object.values(SLOTS).flatMap((slot) => [
  { id: `welcome-${slot}`, slot, stages: ["reach"], content: { en: { title: "Welcome to the trail shop", body: "Free returns within 30 days, on every order.", cta: "See what is new", href: "/new" } } },
  { id: `more-of-it-${slot}`, slot, stages: ["development", "retention"], content: { en: { title: "More trail shoes, picked for you", body: "Because you bought from us before.", cta: "Have a look", href: "/shoes" } } },
]) };
const slotScript = readFileSync(join(repo, "pkg/slot.js"), "utf8");
/** How the slot script is loaded: the README's way (its text inline in <head>) and the others;
 * the last two load the slot script the README's way and auto.js otherwise. */
const inline = `<script>${slotScript}</script>`;
const LOADERS = {
  inline,
  blocking: '<script src="/pkg/slot.js"></script>',
  defer: '<script defer src="/pkg/slot.js"></script>',
  module: '<script type="module" src="/pkg/slot.js"></script>',
  "inline, auto.js as a module script": inline,
  "inline, auto.js after load": inline,
};
/** How auto.js is loaded: the README's inline module, which imports it after the first contentful
 * paint, and before it, a module script at the end of the body, or an inline module on `load`. */
const AUTO = {
  "inline, auto.js as a module script": '<script type="module" src="/pkg/auto.js" fetchpriority="low"></script>',
  "inline, auto.js after load": '<script type="module">addEventListener("load", () => import("/pkg/auto.js"), { once: true });</script>',
};
const readmeAuto = `<script type="module">${readmeLoader("/pkg/")}</script>`;

/** `plain` with crumbtrail as the README sets it up: the slot script in <head>, the hero (the part
 * between the `<!-- hero -->` marks) as a <crumbtrail-slot>'s baseline, the config and auto.js. */
function withCrumbtrail(plain, slot, loader) {
  const hero = plain.slice(plain.indexOf("<!-- hero -->"), plain.indexOf("<!-- /hero -->"));
  const baseline = hero.slice(hero.indexOf(">", hero.indexOf("<section")) + 1, hero.lastIndexOf("</section>"));
  return plain
    .replace("</head>", `  ${LOADERS[loader]}\n</head>`)
    .replace(hero, `<crumbtrail-slot name="${slot}" class="hero">${baseline}</crumbtrail-slot>\n    `)
    .replace("</body>", `  <script type="application/json" id="crumbtrail-config">${JSON.stringify(catalogue)}</script>
  ${AUTO[loader] ?? readmeAuto}
</body>`);
}
const seed = returningBuyerPage(catalogue);
const pagesDir = join(repo, "target/lighthouse/pages");
mkdirSync(pagesDir, { recursive: true });
writeFileSync(join(pagesDir, "seed.html"), seed);

const FILES = { home: "shop.html", collection: "collection.html", product: "product.html" };
const CONFIGS = [];
// The demo shop's home, collection and product pages (demo/render.mjs, as demo/build.mjs writes
// them into demo/en/), without its inspector (a demo's tool, no shop's): with crumbtrail as the demo
// has it — the slot script inline, the slots around the shop's baseline, the engine loaded by
// demo/app.js after load when idle — and the same pages rendered without crumbtrail (the baselines
// in plain elements, no slot script, no engine; the shop's own app.js still runs).
const DEMO = { home: ["index.html", { view: "home" }], collection: ["c/shoes.html", { view: "collection", category: "shoes" }],
  product: ["p/ridge-runner.html", { view: "product", product: "ridge-runner" }] };
writeFileSync(join(pagesDir, "demo-seed.html"), returningBuyerPage({ messages: MESSAGES, locale: "en" }));
for (const [name, [path, page]] of Object.entries(DEMO)) {
  for (const crumbtrail of [false, true]) {
    const file = `demo-${name}-${crumbtrail ? "with" : "without"}.html`;
    writeFileSync(join(pagesDir, file), render(path, page, "en", { slotScript, crumbtrail, inspector: false, base: "/demo/en/" }));
    for (const visit of crumbtrail ? ["first", "returning"] : ["any"]) {
      CONFIGS.push({ group: "demo", site: "demo", page: name, setup: crumbtrail ? "inline" : "without", visit, path: `/target/lighthouse/pages/${file}`,
        seed: visit === "returning" ? "/target/lighthouse/pages/demo-seed.html" : undefined });
    }
  }
}
for (const [name, file] of Object.entries(FILES)) {
  const plain = readFileSync(join(repo, "tests/bench/lighthouse", file), "utf8");
  CONFIGS.push({ group: name, site: "plain", page: name, setup: "without", visit: "any", path: `/tests/bench/lighthouse/${file}` });
  for (const loader of name === "home" ? Object.keys(LOADERS) : ["inline"]) {
    writeFileSync(join(pagesDir, `${name}-${loader.replace(/\W+/g, "-")}.html`), withCrumbtrail(plain, SLOTS[name], loader));
    for (const visit of ["first", "returning"]) {
      CONFIGS.push({ group: loader === "inline" ? name : "alternatives", site: "plain", page: name, setup: loader, visit, path: `/target/lighthouse/pages/${name}-${loader.replace(/\W+/g, "-")}.html`,
        seed: visit === "returning" ? "/target/lighthouse/pages/seed.html" : undefined });
    }
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function once(server, config) {
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const tab = await browser.newPage();
    if (config.seed) {
      await tab.goto(`${server.url}${config.seed}`);
      await tab.waitForFunction(() => window.done === true);
    }
    const { lhr } = await lighthouse(`${server.url}${config.path}`, { output: "json", logLevel: "error",
      onlyCategories: ["accessibility", "performance"], disableStorageReset: Boolean(config.seed) }, undefined, tab);
    // (Now and then the tab is between documents when Lighthouse hands it back: no banners then.)
    const banners = await tab.evaluate(() => [...document.querySelectorAll("crumbtrail-slot")]
      .map((s) => `${s.getAttribute("data-crumbtrail-message") ?? "baseline"} (${s.getAttribute("data-crumbtrail-source")})`)).catch(() => []);
    const metric = (id) => lhr.audits[id].numericValue;
    // Main-thread tasks of 50 ms and more (Lighthouse's long-tasks audit, on its mobile CPU), by script.
    const long = (lhr.audits["long-tasks"].details?.items ?? []).map((t) => ({ url: t.url, ms: t.duration }));
    const ours = long.filter((t) => /\/pkg\/|crumbtrail/.test(t.url));
    // When the engine's first request started against the observed first paint (ms from the start
    // of navigation): a request started before the paint is in Lantern's graph of FCP and LCP.
    const observed = lhr.audits.metrics.details?.items?.[0] ?? {};
    const engine = (lhr.audits["network-requests"].details?.items ?? []).find((r) => /\/pkg\/index\.js$/.test(r.url));
    return { accessibility: Math.round(lhr.categories.accessibility.score * 100), performance: Math.round(lhr.categories.performance.score * 100),
      fcp: metric("first-contentful-paint"), lcp: metric("largest-contentful-paint"), cls: metric("cumulative-layout-shift"), tbt: metric("total-blocking-time"),
      bytes: metric("total-byte-weight"), renderBlocking: (lhr.audits["render-blocking-resources"]?.details?.items ?? []).map((i) => i.url.replace(server.url, "")),
      longest: Math.max(0, ...ours.map((t) => t.ms)), observedFcp: observed.observedFirstContentfulPaint, observedLoad: observed.observedLoad,
      observedLcp: observed.observedLargestContentfulPaint,
      lcpElement: lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.selector ?? null,
      engineRequest: engine ? engine.networkRequestTime ?? engine.startTime : null, longTasks: long.map((t) => `${t.url.replace(server.url, "")} ${Math.round(t.ms)} ms`),
      banners, lighthouse: lhr.lighthouseVersion, chromium: (await browser.version()).replace(/^\D*/, "") };
  } finally {
    await browser.close();
  }
}

/** Runs the chosen configurations; `{ date, runs, versions, results }`. */
async function measure() {
  const loadBefore = loadavg()[0].toFixed(2);
  const server = await serve(repo, { gzip: true });
  const chosen = CONFIGS.filter((c) => !only || only.includes(c.group));
  // Round after round, each configuration once per round: on a shared machine, a busy minute weighs
  // on every configuration alike rather than on the one measured then.
  const runsOf = new Map(chosen.map((c) => [c, []]));
  for (let i = 0; i < runs; i++) {
    for (const config of chosen) {
      // A run that fails (a browser that did not start on a busy machine) is tried once more.
      runsOf.get(config).push(await once(server, config).catch(() => once(server, config)));
    }
    console.log(`round ${i + 1} of ${runs} done`);
  }
  server.close();
  const results = chosen.map((config) => {
    const all = runsOf.get(config);
    const m = (key) => median(all.map((r) => r[key]));
    return { ...config, runs, performance: m("performance"), performanceRuns: all.map((r) => r.performance), accessibility: m("accessibility"),
      observedFcpMs: m("observedFcp"), observedLoadMs: m("observedLoad"), observedLcpMs: m("observedLcp"),
      lcpElements: [...new Set(all.map((r) => r.lcpElement))], engineRequestMs: all.some((r) => r.engineRequest === null) ? null : m("engineRequest"),
      fcpMs: m("fcp"), lcpMs: m("lcp"), cls: m("cls"), clsMax: Math.max(...all.map((r) => r.cls)), tbtMs: m("tbt"), bytes: m("bytes"),
      longestCrumbtrailTaskMs: Math.max(...all.map((r) => r.longest)), longTasks: [...new Set(all.flatMap((r) => r.longTasks))],
      renderBlocking: [...new Set(all.flatMap((r) => r.renderBlocking))], banners: [...new Set(all.flatMap((r) => r.banners))],
      versions: { lighthouse: all[0].lighthouse, chromium: all[0].chromium } };
  });
  const measured = { date: new Date().toISOString().slice(0, 10), runs, loadBefore, versions: results[0].versions, results };
  writeFileSync(join(repo, "target/lighthouse.json"), JSON.stringify(measured, null, 2));
  return measured;
}

// `--from target/lighthouse.json` writes the section again from a run's saved results.
const { date, versions, results, runs: runsDone, loadBefore } = arg("--from") ? JSON.parse(readFileSync(arg("--from"), "utf8")) : await measure();
for (const result of results) {
  console.log(`${result.page}, ${result.setup}, ${result.visit}: performance ${result.performance} (${result.performanceRuns.join(", ")}), accessibility ${result.accessibility}, ` +
    `FCP ${Math.round(result.fcpMs)} ms, LCP ${Math.round(result.lcpMs)} ms, CLS ${result.cls.toFixed(3)} (max ${result.clsMax.toFixed(3)}), TBT ${Math.round(result.tbtMs)} ms, ` +
    `${(result.bytes / 1024).toFixed(1)} KB; observed: FCP ${Math.round(result.observedFcpMs)} ms, LCP ${Math.round(result.observedLcpMs)} ms (${result.lcpElements?.join(", ")}), load ${Math.round(result.observedLoadMs)} ms, engine requested ${result.engineRequestMs === null ? "never" : `at ${Math.round(result.engineRequestMs)} ms`}; crumbtrail's longest task ${Math.round(result.longestCrumbtrailTaskMs)} ms; ` +
    `render-blocking: ${result.renderBlocking.join(", ") || "none"}; banners ${result.banners.join(", ") || "none"}`);
}

const WEIGHTS = { home: 0.17, collection: 0.43, product: 0.4 };
const find = (page, setup, visit, site = "plain") =>
  results.find((r) => (r.site ?? "plain") === site && r.page === page && r.setup === setup && (setup === "without" || r.visit === visit));
const row = (label, r) => `| ${label} | ${r.banners.join(", ") || "—"} | ${r.performance} | ${Math.round(r.fcpMs)} | ${Math.round(r.lcpMs)} | ${r.cls.toFixed(3)} | ${Math.round(r.tbtMs)} | ${(r.bytes / 1024).toFixed(1)} | ${r.longestCrumbtrailTaskMs ? Math.round(r.longestCrumbtrailTaskMs) : "none"} | ${r.renderBlocking.join(", ") || "none"} | ${r.accessibility} |`;
const HEADER = "| | banner | performance | FCP ms | LCP ms | CLS | TBT ms | KB | crumbtrail task ≥ 50 ms | render-blocking | accessibility |\n|---|---|---|---|---|---|---|---|---|---|---|";
const pageRowsOf = (site) => Object.keys(FILES).filter((p) => find(p, "without", "any", site)).flatMap((p) => [
  row(`${p}, without crumbtrail`, find(p, "without", "any", site)),
  ...["first", "returning"].filter((v) => find(p, "inline", v, site)).map((v) => row(`${p}, with crumbtrail, ${v === "first" ? "first visit" : "returning buyer"}`, find(p, "inline", v, site))),
]);
const pageRows = pageRowsOf("plain");
const weighted = (setup, visit, site = "plain") => {
  const parts = Object.entries(WEIGHTS).map(([p, w]) => [find(p, setup, visit, site), w]);
  return parts.every(([r]) => r) ? Math.round(parts.reduce((sum, [r, w]) => sum + r.performance * w, 0) * 10) / 10 : null;
};
const weightedRowsOf = (site) => [["without crumbtrail", "without", "any"], ["with crumbtrail, first visit", "inline", "first"], ["with crumbtrail, returning buyer", "inline", "returning"]]
  .map(([label, setup, visit]) => [label, weighted(setup, visit, site)]).filter(([, w]) => w !== null);
const weightedRows = weightedRowsOf("plain");
/** Against the page without crumbtrail: the goal is within 1 point, FCP and LCP within 50 ms, CLS 0, TBT within 10 ms. */
const goalsOf = (site) => Object.keys(FILES).flatMap((p) => ["first", "returning"].map((v) => [p, v, find(p, "without", "any", site), find(p, "inline", v, site)]))
  .filter(([, , without, withIt]) => without && withIt)
  .map(([p, v, without, withIt]) => {
    const d = (key) => Math.round(withIt[key] - without[key]);
    const sign = (n) => (n > 0 ? `+${n}` : `${n}`);
    const met = d("performance") >= -1 && d("fcpMs") <= 50 && d("lcpMs") <= 50 && withIt.cls === 0 && d("tbtMs") <= 10;
    return `| ${p}, ${v === "first" ? "first visit" : "returning buyer"} | ${sign(d("performance"))} | ${sign(d("fcpMs"))} | ${sign(d("lcpMs"))} | ${withIt.cls.toFixed(3)} | ${sign(d("tbtMs"))} | ${met ? "met" : "**not met**"} |`;
  });
const goals = goalsOf("plain");
const alternatives = results.filter((r) => (r.site ?? "plain") === "plain" && r.page === "home" && r.setup !== "without").map((r) => row(`slot script ${r.setup}, ${r.visit === "first" ? "first visit" : "returning buyer"}`, r));

const section = `## Lighthouse

The latest run of \`scripts/bench-lighthouse\` (${date}): Lighthouse ${versions.lighthouse} (npm, in
\`target/lighthouse/\`) in Debian's Chromium ${versions.chromium}, headless, with its default mobile
emulation and **simulated** throttling (Lantern: the page is loaded once unthrottled and its timings
are computed for a slow 4G connection and a 4× slower CPU, so another agent's load on this shared
2-core machine moves them little, though its CPU tasks are observed, so TBT and the long tasks move
with the machine's load); medians of ${runsDone} runs, each in a fresh browser, the configurations taken
in turn round after round, so that a busy spell weighs on all of them alike; pages served
gzipped from 127.0.0.1. The pages are \`tests/bench/lighthouse/{shop,collection,product}.html\` (a
plain shop's home, collection and product page, 1–2 KB each); "with crumbtrail" is each page and
the README's setup (\`slot.js\`'s text inline in \`<head>\`, the part of the page a message may
replace as a \`<crumbtrail-slot>\`'s baseline, the config, and the inline module that imports
\`auto.js\` after the first contentful paint), made by
\`tests/bench/lighthouse.mjs\`, with a welcome for a first visit and a message for a returning buyer.
A returning buyer (two orders, seeded in the same browser, storage kept) has a banner kept ready. The
banner column says what each slot showed when Lighthouse finished (after its back/forward-cache
check, which opens the page a second time: a first visit's welcome is kept ready by then), and who
decided it. "crumbtrail
task" is the longest main-thread task of crumbtrail's scripts that Lighthouse's long-tasks audit
lists (50 ms and more on its mobile CPU), over all runs.

${HEADER}
${pageRows.join("\n")}

With crumbtrail against without (medians), and the goal (within 1 point, FCP and LCP within 50 ms,
CLS 0, TBT within 10 ms):

| page | points | FCP ms | LCP ms | CLS | TBT ms | goal |
|---|---|---|---|---|---|---|
${goals.join("\n")}

How to read it: CLS is measured, not simulated, and is 0 on every page and visit with the README's
setup. FCP and LCP are Lantern's estimates from the dependency graph of one unthrottled load: its
pessimistic LCP graph takes in every request started before the observed paint. With the README's
loader nothing of crumbtrail's is requested before it (the slot script is inline, \`auto.js\` is
imported after the first contentful paint, the engine after that, when the page is idle), so the
estimates are the page's own; requested while the page is parsed (\`auto.js\` as a module script
at the end of the body, at low priority) or on \`load\` (which comes before the first paint on these
tiny pages served from 127.0.0.1), \`auto.js\` is counted into LCP though nothing waits for it (the
table of the ways of loading, below). TBT and the long tasks come from the observed main thread,
multiplied by 4, so they move with the machine's load.

Weighted as Shopify weighs a theme's pages (home 17 %, collection 43 %, product 40 %):
${weightedRows.map(([label, w]) => `${label} **${w}**`).join(", ")}.
${alternatives.length ? `
The ways of loading the slot script and \`auto.js\`, on the home page (the issue was the blocking
\`<script src>\`; \`defer\` and \`type="module"\` define the element only after the page is parsed, so
a kept banner replaces the baseline after it was parsed, and may be after the first paint; the last
four rows load the slot script inline, and \`auto.js\` as the README had it before, a module script
at the end of the body at low priority, or by an inline module on \`load\`):

${HEADER}
${row("without crumbtrail", find("home", "without"))}
${alternatives.join("\n")}
` : ""}
Before, as first measured with the README's earlier setup (the classic \`slot.js\` as a blocking
\`<script src>\` in \`<head>\`, the engine swapping the first-visit banner in after load) on
\`shop.html\` alone, served gzipped, medians of 5 runs (3 for the last two rows):

| | score | FCP | LCP | CLS | TBT | bytes |
|---|---|---|---|---|---|---|
| the page alone | 100 | 681 ms | 681 ms | 0 | 4 ms | 1.4 KB |
| with crumbtrail, as the README set it up | 92 | 1,067 ms | 1,143 ms | 0.175 | 8 ms | 99.9 KB |
| only \`slot.js\` and the slot (no engine) | 100 | 832 ms | 832 ms | 0 | 0 ms | 3.3 KB |
| \`slot.js\` inlined, engine as the README | 92 | 884 ms | 961 ms | 0.175 | 11 ms | 99.6 KB |
`;
const path = join(repo, "BENCHMARKS.md");
const previous = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
const demoRows = pageRowsOf("demo");
const demoSection = `## Lighthouse on the demo shop

The latest run of \`scripts/bench-lighthouse\` on the demo shop (${date}), set up and read as in
"Lighthouse" above (Lighthouse ${versions.lighthouse}, Chromium ${versions.chromium}, simulated
mobile throttling, medians of ${runsDone} runs, served gzipped): its home, collection
(\`c/shoes.html\`) and product (\`p/ridge-runner.html\`) pages as \`demo/render.mjs\` renders them
(5–7 KB of HTML, the shop's \`style.css\` and \`app.js\`), without the demo's inspector. "With
crumbtrail" is the page as the demo has it: the slot script inline in \`<head>\`, the banners as
\`<crumbtrail-slot>\` elements around the shop's baseline (boxes reserved for the messages), and the
engine (\`pkg/index.js\` and the wasm, \`slots.js\`, \`datalayer.js\`, \`recommend.js\`, the catalogue)
imported by \`app.js\` after \`load\` and the first contentful paint, when the browser is idle, in
steps with a yield to the page between them. "Without" is the same page rendered
without crumbtrail: the baselines in plain elements, no slot script, no engine. A returning buyer has
two orders, seeded with the demo's catalogue.

${HEADER}
${demoRows.join("\n")}

With crumbtrail against without (medians), and the goal:

| page | points | FCP ms | LCP ms | CLS | TBT ms | goal |
|---|---|---|---|---|---|---|
${goalsOf("demo").join("\n")}

Weighted as Shopify weighs a theme's pages (home 17 %, collection 43 %, product 40 %):
${weightedRowsOf("demo").map(([label, w]) => `${label} **${w}**`).join(", ")}.

How to read it: every page scores 100 and CLS is 0, measured. The demo's first paint waits for
the same requests with and without crumbtrail (\`style.css\`, and \`app.js\`, a module at the end of
the body, which Lantern's graph takes in), and the engine is requested after the observed first
paint (the log of each run gives both times), so Lantern's graphs differ by the slot script inline
in the HTML, 3 KB more to parse, and by the load of the machine, which moves one page's medians
by up to ±100 ms from one series to the next when other jobs run on it (this series ran with no
other job of ours on it${loadBefore ? `, load average ${loadBefore} at its start` : ""}). TBT and "crumbtrail task" are the engine's
start-up tasks after load (the wasm's instantiation, the \`Personalizer\`'s steps, deciding the
slots), observed and multiplied by 4.

Before, through the demo as it was built by script after load (all of its view made by
\`app.js\`, the engine's modules preloaded in \`<head>\`): CLS 0.52–0.57.
`;
const plainMeasured = Object.keys(FILES).every((p) => find(p, "without"));
let markdown = previous;
if (plainMeasured && (!only || Object.keys(FILES).every((p) => only.includes(p)))) markdown = withSection(markdown, "Lighthouse", section);
if (demoRows.length) markdown = withSection(markdown, "Lighthouse on the demo shop", demoSection);
writeFileSync(path, markdown);
console.log(JSON.stringify({ date, runs, versions, results }, null, 2));
