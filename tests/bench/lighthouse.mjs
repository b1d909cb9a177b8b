// Lighthouse (npm `lighthouse`, installed by scripts/bench-lighthouse into target/lighthouse/) on a
// plain shop page without crumbtrail and with it — set up as the README's three tags, for a first
// visit and for a returning shopper whose banner was kept ready — and on the demo's pages, in
// Debian's Chromium: the accessibility score, and the performance score with FCP, LCP, CLS and TBT,
// medians of `--runs N` (default 3) fresh browsers each. Prints JSON (also target/lighthouse.json)
// and rewrites the "Lighthouse" section of BENCHMARKS.md. A bench: nothing here is asserted.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "../../scripts/serve.mjs";
import { withSection } from "./sections.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const tools = join(repo, "target/lighthouse/");
const load = (name) => import(pathToFileURL(createRequire(tools).resolve(name)).href);
const { default: lighthouse } = await import(pathToFileURL(join(tools, "node_modules/lighthouse/core/index.js")).href);
const puppeteer = (await load("puppeteer-core")).default;
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 3;

// The page with crumbtrail is the plain page and the README's three tags, nothing else: the
// slot script in <head>, the hero inside a <crumbtrail-slot> as its baseline, the config and
// auto.js before </body>. Its catalogue is the README's kind: a welcome for a first visit, a
// message for a returning buyer.
const plain = readFileSync(join(repo, "tests/bench/lighthouse/shop.html"), "utf8");
const catalogue = { messages: [
  { id: "welcome", slot: "hero", stages: ["reach"], content: { en: { title: "Welcome to the trail shop", body: "Free returns within 30 days, on every order.", cta: "See what is new", href: "/new" } } },
  { id: "more-of-it", slot: "hero", stages: ["development", "retention"], content: { en: { title: "More trail shoes, picked for you", body: "Because you bought from us before.", cta: "Have a look", href: "/shoes" } } },
] };
const hero = plain.slice(plain.indexOf("<!-- hero -->"), plain.indexOf("<!-- /hero -->"));
const baseline = hero.slice(hero.indexOf(">", hero.indexOf("<section")) + 1, hero.lastIndexOf("</section>"));
const withCrumbtrail = plain
  .replace("</head>", '  <script src="/pkg/slot.js"></script>\n</head>')
  .replace(hero, `<crumbtrail-slot name="hero" class="hero">${baseline}</crumbtrail-slot>\n    `)
  .replace("</body>", `  <script type="application/json" id="crumbtrail-config">${JSON.stringify(catalogue)}</script>
  <script type="module" src="/pkg/auto.js"></script>
</body>`);
const seed = `<!doctype html><meta charset="utf-8"><title>seed</title><script type="module">
  import init, { Personalizer } from "/pkg/index.js";
  await init();
  const p = new Personalizer(${JSON.stringify(catalogue)});
  const day = 86400000;
  for (const [id, ago] of [["T-1", 40], ["T-2", 10]]) p.track({ event: "purchase", transaction_id: id, value: 89, currency: "EUR", ts: Date.now() - ago * day,
    items: [{ item_id: "ridge-runner", item_category: "shoes", price: 89 }] });
  p.flush();
  window.done = true;
</script>`;
const pagesDir = join(repo, "target/lighthouse/pages");
mkdirSync(pagesDir, { recursive: true });
writeFileSync(join(pagesDir, "shop-crumbtrail.html"), withCrumbtrail);
writeFileSync(join(pagesDir, "seed.html"), seed);

const PAGES = [
  { name: "plain shop page, without crumbtrail", path: "/tests/bench/lighthouse/shop.html", crumbtrail: false },
  { name: "the same page with crumbtrail, first visit", path: "/target/lighthouse/pages/shop-crumbtrail.html", crumbtrail: true },
  { name: "the same page with crumbtrail, returning shopper (kept banner)", path: "/target/lighthouse/pages/shop-crumbtrail.html", crumbtrail: true,
    seed: "/target/lighthouse/pages/seed.html" },
  { name: "demo home, first visit", path: "/demo/", crumbtrail: true },
  { name: "demo product page, first visit", path: "/demo/#/p/ridge-runner", crumbtrail: true },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function once(server, page) {
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const tab = await browser.newPage();
    if (page.seed) {
      await tab.goto(`${server.url}${page.seed}`);
      await tab.waitForFunction(() => window.done === true);
    }
    const { lhr } = await lighthouse(`${server.url}${page.path}`, { output: "json", logLevel: "error",
      onlyCategories: ["accessibility", "performance"], disableStorageReset: Boolean(page.seed) }, undefined, tab);
    const banners = await tab.evaluate(() => [...document.querySelectorAll("crumbtrail-slot")].map((s) => s.getAttribute("data-crumbtrail-message")).filter(Boolean));
    const failing = Object.values(lhr.audits).filter((a) => a.scoreDisplayMode === "binary" && a.score === 0 &&
      lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id)).map((a) => a.id);
    const metric = (id) => lhr.audits[id].numericValue;
    return { accessibility: Math.round(lhr.categories.accessibility.score * 100), performance: Math.round(lhr.categories.performance.score * 100),
      fcp: metric("first-contentful-paint"), lcp: metric("largest-contentful-paint"), cls: metric("cumulative-layout-shift"), tbt: metric("total-blocking-time"),
      failing, banners, lighthouse: lhr.lighthouseVersion, chromium: (await browser.version()).replace(/^\D*/, "") };
  } finally {
    await browser.close();
  }
}

const server = await serve(repo);
const results = [];
for (const page of PAGES) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await once(server, page));
  const m = (key) => median(all.map((r) => r[key]));
  const result = { ...page, runs, accessibility: m("accessibility"), accessibilityRuns: all.map((r) => r.accessibility),
    performance: m("performance"), fcpMs: m("fcp"), lcpMs: m("lcp"), cls: m("cls"), tbtMs: m("tbt"),
    failing: [...new Set(all.flatMap((r) => r.failing))], banners: [...new Set(all.flatMap((r) => r.banners))] };
  results.push(result);
  console.log(`${page.name}: accessibility ${result.accessibility} (${result.accessibilityRuns.join(", ")}), performance ${result.performance}, ` +
    `FCP ${Math.round(result.fcpMs)} ms, LCP ${Math.round(result.lcpMs)} ms, CLS ${result.cls.toFixed(3)}, TBT ${Math.round(result.tbtMs)} ms; ` +
    `banners ${result.banners.join(", ") || "none"}${result.failing.length ? `; failing: ${result.failing.join(", ")}` : ""}`);
  results.at(-1).versions = { lighthouse: all[0].lighthouse, chromium: all[0].chromium };
}
server.close();

const date = new Date().toISOString().slice(0, 10);
const { versions } = results[0];
writeFileSync(join(repo, "target/lighthouse.json"), JSON.stringify({ date, runs, versions, results }, null, 2));
const rows = results.map((r) => `| ${r.name} | ${r.banners.join(", ") || "—"} | **${r.accessibility}** | ${r.performance} | ${Math.round(r.fcpMs)} | ${Math.round(r.lcpMs)} | ${r.cls.toFixed(3)} | ${Math.round(r.tbtMs)} |`);
const without = results.find((r) => !r.crumbtrail).accessibility;
const withIt = results.filter((r) => r.path.includes("shop-crumbtrail")).map((r) => r.accessibility);
const section = `## Lighthouse

The latest run of \`scripts/bench-lighthouse\` (${date}): Lighthouse ${versions.lighthouse} (npm, in
\`target/lighthouse/\`) in Debian's Chromium ${versions.chromium}, headless, with its default mobile
emulation and simulated throttling; medians of ${runs} runs, each in a fresh browser. The plain page is
\`tests/bench/lighthouse/shop.html\`; "with crumbtrail" is that page and the README's three tags
(\`slot.js\` in \`<head>\`, the hero as a \`<crumbtrail-slot>\`'s baseline, the config and \`auto.js\`),
made by \`tests/bench/lighthouse.mjs\`. A first visit sees the welcome banner once the engine has
loaded; a returning shopper (two orders, seeded in the same browser, storage kept) sees the kept
banner at first paint. The demo is built on crumbtrail, so it has no "without". The banner column
says which message showed when Lighthouse finished. Accessibility with crumbtrail: ${withIt.join(" and ")},
without: ${without}${withIt.every((s) => s === without) ? " (equal)" : " (**not equal**)"}.

| page | banner | accessibility | performance | FCP ms | LCP ms | CLS | TBT ms |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}
`;
const path = join(repo, "BENCHMARKS.md");
const previous = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
writeFileSync(path, withSection(previous, "Lighthouse", section));
console.log(JSON.stringify({ date, runs, versions, results }, null, 2));
