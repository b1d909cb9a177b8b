// The package as a user gets it: `npm pack`, installed from the tarball into a fresh folder, then
// used from Node, type-checked with tsc --strict, and bundled by Vite into a page run in Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync, rmSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "../js/browser.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const bin = (name) => join(repo, "node_modules/.bin", name);
let app;

before(() => {
  app = mkdtempSync(join(tmpdir(), "crumbtrail-app-"));
  const out = execFileSync("npm", ["pack", join(repo, "pkg"), "--pack-destination", app, "--json", "--loglevel=error"], { encoding: "utf8" });
  const tarball = JSON.parse(out)[0].filename;
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "shop", private: true, type: "module" }));
  execFileSync("npm", ["install", `./${tarball}`, "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app });
});
after(() => rmSync(app, { recursive: true, force: true }));

test("the tarball holds the package and nothing else", () => {
  // wasm-bindgen names the folder of the package's own JS modules (the native-JSON check, and
  // render.js, the DOM of a rendered message) after a hash of the crate. The browser's are bundled
  // into index.js; web/ keeps the wasm and the glue's types.
  const files = readdirSync(join(app, "node_modules/crumbtrail"), { recursive: true })
    .map((f) => f.replace(/crumbtrail-[0-9a-f]{16}/, "crumbtrail-HASH")).sort();
  assert.deepEqual(files, [
    "LICENSE", "README.md", "auto.d.ts", "auto.js",
    "consent", "consent.d.ts", "consent.js",
    ...["consent-mode", "cookiebot", "onetrust", "shopify-privacy", "tcf"].flatMap((a) => [`consent/${a}.d.ts`, `consent/${a}.js`]),
    "datalayer.d.ts", "datalayer.js", "index.d.ts", "index.js",
    "locale", "locale/en.d.ts", "locale/en.js", "locale/nl.d.ts", "locale/nl.js",
    "node", "node.js", "node/crumbtrail.d.ts",
    "node/crumbtrail.js", "node/snippets", "node/snippets/crumbtrail-HASH",
    "node/snippets/crumbtrail-HASH/inline0.js",
    "node/snippets/crumbtrail-HASH/js", "node/snippets/crumbtrail-HASH/js/render.js",
    "package.json", "recommend.d.ts", "recommend.js", "segment.d.ts", "segment.js", "shopify.d.ts", "shopify.js", "slot.js", "slots.d.ts", "slots.js", "web",
    "web/crumbtrail.d.ts", "web/crumbtrail_bg.wasm", "web/crumbtrail_bg.wasm.d.ts",
  ]);
});

test("import { Personalizer } from 'crumbtrail' works in Node with a storage object and a clock", () => {
  writeFileSync(join(app, "node-check.mjs"), `
    import { Personalizer, version } from "crumbtrail";
    const map = new Map();
    const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
    let now = Date.UTC(2026, 2, 1);
    const p = new Personalizer({ storage, now: () => now });
    p.track({ event: "purchase", transaction_id: "T1", value: 10 });
    p.flush();
    now += 121 * 86400000;
    console.log(version, new Personalizer({ storage, now: () => now }).stage().stage);
  `);
  const out = execFileSync("node", ["node-check.mjs"], { cwd: app, encoding: "utf8" }).trim();
  const { version } = JSON.parse(readFileSync(join(repo, "pkg/package.json"), "utf8"));
  assert.equal(out, `${version} lapsed`);
});

test("the integrations' subpaths work in Node: crumbtrail/datalayer, crumbtrail/shopify, crumbtrail/segment, crumbtrail/recommend", () => {
  writeFileSync(join(app, "integrations-check.mjs"), `
    import { Personalizer } from "crumbtrail";
    import { listen } from "crumbtrail/datalayer";
    import { fromShopify } from "crumbtrail/shopify";
    import { fromSegment } from "crumbtrail/segment";
    import { recommend, useRecommendations } from "crumbtrail/recommend";
    const p = new Personalizer({ storage: "memory" });
    useRecommendations(p, "crumbtrail-recommendations 1 2 5\\na\\nb\\nBy\\nAy\\n\\n\\n");
    const dataLayer = [{ event: "view_item", ecommerce: { items: [{ item_id: "a" }] } }];
    listen(p, dataLayer);
    p.track(fromShopify({ name: "product_added_to_cart", data: { cartLine: { merchandise: { id: "a" }, quantity: 1 } } }));
    p.track(fromSegment("Order Completed", { order_id: "1", total: "10.50", currency: "EUR" }));
    const m = p.stage().metrics;
    console.log(JSON.stringify([m.itemViews, m.cartAdds, m.orders, m.revenue, recommend(p, 4).map((r) => r.id)]));
  `);
  const out = execFileSync("node", ["integrations-check.mjs"], { cwd: app, encoding: "utf8" }).trim();
  assert.equal(out, '[1,1,1,10.5,["b"]]');
});

test("the locale subpaths word the engine's reasons in Node: crumbtrail/locale/en, crumbtrail/locale/nl", () => {
  writeFileSync(join(app, "locale-check.mjs"), `
    import { Personalizer } from "crumbtrail";
    import * as en from "crumbtrail/locale/en";
    import * as nl from "crumbtrail/locale/nl";
    let now = Date.UTC(2026, 2, 1);
    const p = new Personalizer({ storage: "memory", now: () => now });
    p.track({ event: "purchase", transaction_id: "T1", value: 10 });
    now += 9 * 86400000;
    const report = p.stage();
    console.log(JSON.stringify([en.stages[report.stage], en.describe(report.reasons[0]), nl.stages[report.stage], nl.describe(report.reasons[0])]));
  `);
  const out = execFileSync("node", ["locale-check.mjs"], { cwd: app, encoding: "utf8" }).trim();
  assert.deepEqual(JSON.parse(out), ["Development", "1 order, 9 days ago; lapses after 120 days without an order",
    "Ontwikkeling", "1 bestelling, 9 dagen geleden; haakt af na 120 dagen zonder bestelling"]);
});

test("require('crumbtrail') works from CommonJS where Node can require ES modules (20.19+, 22.12+)", () => {
  writeFileSync(join(app, "require-check.cjs"), `
    const { Personalizer, version } = require("crumbtrail");
    const p = new Personalizer({ storage: "memory" });
    p.track({ event: "view_item", items: [{ item_id: "a" }] });
    console.log(version, p.stage().metrics.itemViews);
  `);
  const run = () => execFileSync("node", ["require-check.cjs"], { cwd: app, encoding: "utf8", stdio: "pipe" }).trim();
  const { version } = JSON.parse(readFileSync(join(repo, "pkg/package.json"), "utf8"));
  if (process.features.require_module) {
    assert.equal(run(), `${version} 1`);
  } else {
    // Older Node: the package is ES modules only, and says so as Node does (use import()).
    assert.throws(run, /ERR_REQUIRE_ESM/);
  }
});

test("the public types have real shapes and a strict usage example type-checks", () => {
  const dts = readFileSync(join(app, "node_modules/crumbtrail/web/crumbtrail.d.ts"), "utf8");
  const publicPart = dts.slice(0, dts.indexOf("export type InitInput"));
  assert.ok(publicPart.includes("export class Personalizer"));
  assert.doesNotMatch(publicPart.replace(/\/\*[\s\S]*?\*\//g, ""), /\bany\b/, "no `any` in public signatures");
  copyFileSync(join(repo, "tests/package/usage.ts"), join(app, "usage.ts"));
  execFileSync(bin("tsc"), ["--noEmit", "--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2022,dom", "usage.ts"], { cwd: app, stdio: "pipe" });
  // and a mistake is caught
  writeFileSync(join(app, "wrong.ts"), `import { Personalizer } from "crumbtrail";\nnew Personalizer({ consent: "maybe" });\nnew Personalizer().track({ event: "buy_now" });\n`);
  let output = "";
  try {
    execFileSync(bin("tsc"), ["--noEmit", "--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2022,dom", "wrong.ts"], { cwd: app, stdio: "pipe" });
  } catch (e) {
    output = e.stdout.toString();
  }
  assert.match(output, /"maybe"/);
  assert.match(output, /"buy_now"/);
});

test("a page bundled by Vite loads the wasm and tracks in Chromium", async () => {
  writeFileSync(join(app, "index.html"), `<!doctype html><meta charset="utf-8"><p id="stage">loading</p><script type="module" src="./main.js"></script>`);
  writeFileSync(join(app, "main.js"), `
    import init, { Personalizer } from "crumbtrail";
    await init();
    const p = new Personalizer({ storageKey: "vite-check" });
    for (let i = 0; i < 3; i++) p.track({ event: "view_item", items: [{ item_id: "sku" + i }] });
    document.querySelector("#stage").textContent = p.stage().stage;
  `);
  execFileSync(bin("vite"), ["build", "--logLevel", "error"], { cwd: app, stdio: "pipe" });
  const server = await serve(join(app, "dist"));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelector("#stage").textContent !== "loading");
    assert.equal(await page.textContent("#stage"), "acquisition");
  } finally {
    await browser.close();
    server.close();
  }
});
