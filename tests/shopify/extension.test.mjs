// The Shopify app's files, checked with Shopify's own linter and a real Liquid engine: Shopify's
// theme linter (npm @shopify/theme-check-node, its theme-app-extension configuration, as Shopify
// CLI runs it) over the theme app extension, with no offence at all; the rules Shopify CLI applies
// before deploying each extension; every block rendered by liquidjs with a signed-in customer and a
// guest; the locales; the sizes of what a storefront loads.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { EXTENSION, catalogue, customer, defaults, renderBlock, schemaOf } from "./storefront.mjs";
import init, { Personalizer } from "../../pkg/node.js";

await init();

const root = new URL("../../", import.meta.url);
const read = (path) => readFileSync(new URL(path, root), "utf8");
const gz = (text) => gzipSync(text, { level: 9 }).length;
const PIXEL = "shopify/extensions/crumbtrail-pixel/";
const DAY = 86_400_000;

// Shopify's linter looks for newer Liquid docs on GitHub at every run and keeps what it finds in the
// user's cache: pinned here to the docs its pinned version ships (no network, a cache of its own,
// the same result on every machine). SHOPIFY_TLD_ROOT is the linter's own setting for a local copy.
const docs = mkdtempSync(join(tmpdir(), "crumbtrail-liquid-docs-"));
const shipped = new URL("../../node_modules/@shopify/theme-check-docs-updater/data/", import.meta.url).pathname;
for (const folder of ["data", "schemas", "schemas/theme"]) {
  mkdirSync(join(docs, folder), { recursive: true });
  for (const file of readdirSync(shipped)) copyFileSync(join(shipped, file), join(docs, folder, file));
}
process.env.SHOPIFY_TLD_ROOT = docs;
process.env.XDG_CACHE_HOME = join(docs, "cache");
const { themeCheckRun } = await import("@shopify/theme-check-node");
after(() => rmSync(docs, { recursive: true, force: true }));

/** A file's path inside the extension, from the linter's URI (wherever the repository is). */
const inExtension = (uri) => uri.slice(uri.lastIndexOf("/extensions/crumbtrail/") + "/extensions/crumbtrail/".length);

test("Shopify's theme linter finds no offence in the theme app extension (theme-app-extension checks)", async () => {
  const log = [];
  const { offenses, theme, config } = await themeCheckRun(EXTENSION, undefined, (line) => log.push(line));
  assert.ok(log.some((line) => line.startsWith(`Using local file: file:${docs}/data/latest.json`)), "the pinned docs, not GitHub's");
  assert.ok(!log.some((line) => /https:|fallback/i.test(line)), log.join("\n"));
  assert.equal(config.context, "app", "the linter took the folder for a theme app extension (shopify.extension.toml)");
  const files = theme.map((f) => inExtension(f.uri)).sort();
  assert.deepEqual(files, ["blocks/crumbtrail-embed.liquid", "blocks/personalised-banner.liquid", "locales/en.default.json",
    "locales/en.default.schema.json", "locales/nl.json", "locales/nl.schema.json", "snippets/crumbtrail-slot-script.liquid"]);
  const checks = config.checks.map((c) => c.meta.code);
  for (const code of ["AppBlockValidTags", "AppBlockMissingSchema", "MatchingTranslations", "TranslationKeyExists", "ParserBlockingScript", "MissingAsset", "ValidSchema", "UnknownFilter"]) {
    assert.ok(checks.includes(code), `${code} is among the ${checks.length} checks run`);
  }
  const found = offenses.map((o) => `${["error", "warning", "info"][o.severity]} ${o.check} ${inExtension(o.uri)}: ${o.message}`);
  console.log(`theme-check: ${checks.length} checks over ${files.length} files, ${offenses.length} offences`);
  assert.deepEqual(found, []);
});

test("the linter does report what it should: a parser-blocking script, an unknown filter, a missing translation", async () => {
  // A control: the same configuration over a copy of a block with three mistakes.
  const copy = mkdtempSync(join(tmpdir(), "crumbtrail-theme-check-"));
  try {
    cpSync(EXTENSION, copy, { recursive: true });
    appendFileSync(`${copy}/blocks/personalised-banner.liquid`, `<script src="{{ 'crumbtrail.js' | asset_url }}"></script>{{ 'x' | no_such_filter }}{{ 'banner.nope' | t }}`);
    const { offenses } = await themeCheckRun(copy, undefined, () => {});
    assert.deepEqual(offenses.map((o) => o.check).sort(), ["ParserBlockingScript", "TranslationKeyExists", "UnknownFilter"]);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test("each extension keeps to what Shopify CLI accepts on deploy: folders, file types, sizes, configuration", () => {
  // The theme app extension: only assets/ (images, JSON, JavaScript, CSS, SVG, WebAssembly),
  // blocks/ and snippets/ (Liquid), locales/ (JSON), under 10 MB in all and 500 KB of Liquid.
  const kinds = { assets: /\.(jpe?g|json|js|css|png|svg|wasm)$/, blocks: /\.liquid$/, snippets: /\.liquid$/, locales: /\.json$/ };
  let total = 0, liquid = 0;
  for (const entry of readdirSync(EXTENSION)) {
    if (entry === "shopify.extension.toml") continue;
    assert.ok(kinds[entry], `${entry} is a folder Shopify CLI deploys`);
    for (const file of readdirSync(`${EXTENSION}${entry}`)) {
      assert.match(file, kinds[entry], `${entry}/${file}`);
      const size = statSync(`${EXTENSION}${entry}/${file}`).size;
      total += size;
      if (entry === "blocks" || entry === "snippets") liquid += size;
    }
  }
  assert.ok(total < 10 * 1024 * 1024 && liquid < 500 * 1024, `${total} bytes, ${liquid} of Liquid`);
  assert.match(read("shopify/extensions/crumbtrail/shopify.extension.toml"), /^type = "theme"$/m);

  // The web pixel: strict runtime, its privacy settings, one entry (src/index.js) importing
  // @shopify/web-pixels-extension, a bundle under 128 KB.
  const toml = read(`${PIXEL}shopify.extension.toml`);
  assert.match(toml, /^type = "web_pixel_extension"$/m);
  assert.match(toml, /^runtime_context = "strict"$/m);
  const privacy = Object.fromEntries([...toml.split("[customer_privacy]")[1].matchAll(/^(\w+) = (.+)$/gm)].map(([, k, v]) => [k, JSON.parse(v)]));
  // What the pixel writes feeds the profile, which the shopifyPrivacy adapter maps to
  // `preferences` by default; nothing of it is measurement (analytics), marketing or a sale.
  assert.deepEqual(privacy, { analytics: false, marketing: false, preferences: true, sale_of_data: "disabled" });
  assert.match(read("package/consent/shopify-privacy.js"), /profile: map\("profile", "preferences"\), measurement: map\("measurement", "analytics"\)/);
  assert.match(read(`${PIXEL}src/index.js`), /from "@shopify\/web-pixels-extension"/);
  assert.ok(JSON.parse(read(`${PIXEL}package.json`)).dependencies["@shopify/web-pixels-extension"]);
  const bundle = read("target/shopify/pixel.js");
  assert.ok(bundle.length < 128 * 1024, `the pixel's bundle: ${bundle.length} bytes`);
  console.log(`pixel bundle: ${bundle.length} bytes, ${gz(bundle)} gzip -9`);
});

test("every theme-editor string is translated in English and Dutch; storefront texts too", () => {
  const en = JSON.parse(read("shopify/extensions/crumbtrail/locales/en.default.schema.json"));
  const nl = JSON.parse(read("shopify/extensions/crumbtrail/locales/nl.schema.json"));
  const keys = (o, at = "") => Object.entries(o).flatMap(([k, v]) => (typeof v === "object" ? keys(v, `${at}${k}.`) : [`${at}${k}`])).sort();
  assert.deepEqual(keys(nl), keys(en));
  const lookup = (o, key) => key.split(".").reduce((at, part) => at?.[part], o);
  for (const block of ["crumbtrail-embed", "personalised-banner"]) {
    const refs = JSON.stringify(schemaOf(block)).match(/"t:[^"]+"/g).map((r) => r.slice(3, -1));
    for (const key of refs) {
      assert.equal(typeof lookup(en, key), "string", `${block}: t:${key} in English`);
      assert.equal(typeof lookup(nl, key), "string", `${block}: t:${key} in Dutch`);
    }
  }
  const storefront = ["en.default.json", "nl.json"].map((f) => keys(JSON.parse(read(`shopify/extensions/crumbtrail/locales/${f}`))));
  assert.deepEqual(storefront[1], storefront[0]);
});

/** The JSON of the script element with `id` in `html`, or undefined. */
const jsonIn = (html, id) => {
  const found = new RegExp(`<script type="application/json" id="${id}"[^>]*>([\\s\\S]*?)</script>`).exec(html);
  return found ? JSON.parse(found[1]) : undefined;
};
/** The catalogue in the embed's config element, its attribute read as a browser reads it. */
const catalogueIn = (html) => {
  const attribute = /<template id="crumbtrail-config" data-catalogue="([^"]*)"/.exec(html)[1];
  const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return JSON.parse(attribute.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (_, dec, hex, name) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : named[name]));
};

test("the app embed, rendered by liquidjs for a guest: the slot script inline, the catalogue, the engine after load and the first paint; no orders", async () => {
  const html = await renderBlock("crumbtrail-embed", { cdn: "https://cdn.test" });
  const slot = read("pkg/slot.js").trimEnd();
  assert.ok(html.includes(`<script>${slot}</script>`), "the package's slot.js, inline and unchanged");
  assert.deepEqual(catalogueIn(html), JSON.parse(defaults("crumbtrail-embed").catalogue));
  assert.match(html, /data-wasm="https:\/\/cdn\.test\/assets\/crumbtrail\.wasm" data-profile="preferences" data-measurement="analytics"/);
  assert.match(html, /addEventListener\('load', function \(\) \{\s*var start = function \(\) \{\s*import\("https:\/\/cdn\.test\/assets\/crumbtrail\.js"\)/);
  assert.match(html, /getEntriesByName\('first-contentful-paint'\)\.length\) observer\.disconnect\(\), start\(\)/, "and after the first contentful paint");
  assert.equal(jsonIn(html, "crumbtrail-known-orders"), undefined);
  assert.doesNotMatch(html, /<script[^>]* src=/, "no script the parser waits for");
});

test("the app embed for a signed-in customer: their orders as the shop knows them, for knownOrders", async () => {
  const now = Date.UTC(2026, 11, 6, 12);
  const ada = customer([230, 120, 20], { now, spent: 6300 });
  const html = await renderBlock("crumbtrail-embed", { customer: ada, currency: "EUR" });
  // An independent reading of the same customer: the oldest and newest order, in milliseconds
  // (Liquid's date '%s' has whole seconds), the amount in the currency's units.
  const times = ada.orders.map((o) => Math.floor(Date.parse(o.created_at) / 1000) * 1000);
  assert.deepEqual(jsonIn(html, "crumbtrail-known-orders"),
    { count: 3, revenue: 189, currency: "EUR", first: Math.min(...times), last: Math.max(...times) });
  assert.equal(Math.max(...times), now - 20 * DAY);
  // What the engine does with them: 3 orders, the last 20 days ago, a repeat buyer; the last 200
  // days ago, lapsed (the default thresholds); each from the facts as the embed printed them.
  const stageOf = async (who) => {
    const p = new Personalizer({ storage: "memory", now: () => now });
    p.knownOrders(jsonIn(await renderBlock("crumbtrail-embed", { customer: who }), "crumbtrail-known-orders"));
    const { stage, metrics } = p.stage();
    return [stage, metrics.orders];
  };
  assert.deepEqual(await stageOf(ada), ["retention", 3]);
  assert.deepEqual(await stageOf(customer([400, 300, 200], { now })), ["lapsed", 3]);
  assert.deepEqual(await stageOf(customer([], { now })), ["reach", 0]);
  // A customer without orders, and the setting switched off.
  assert.deepEqual(jsonIn(await renderBlock("crumbtrail-embed", { customer: customer([]) }), "crumbtrail-known-orders"), { count: 0, revenue: 0, currency: "EUR" });
  assert.equal(jsonIn(await renderBlock("crumbtrail-embed", { customer: ada, settings: { known_orders: false } }), "crumbtrail-known-orders"), undefined);
});

test("the app embed keeps a catalogue that says </script> or \" inside the JSON, as written", async () => {
  const text = catalogue({ id: "x", slot: "hero", content: { title: "</template></script><script>alert(\"1\")</script> & 'so'" } });
  const html = await renderBlock("crumbtrail-embed", { settings: { catalogue: text } });
  assert.deepEqual(catalogueIn(html), JSON.parse(text));
  assert.equal(html.match(/<script/g).length, 2, "the slot script and the loader: nothing else");
});

test("the Personalised banner block, rendered by liquidjs for a guest and a signed-in customer: the slot and its baseline from the settings", async () => {
  for (const who of [null, customer([40, 10])]) {
    const set = await renderBlock("personalised-banner", { customer: who, settings: { slot: "home-hero", heading: "Summer walks", text: "Light shoes & long days", button_label: "Shop summer", link: "/collections/summer" } });
    assert.match(set, /<crumbtrail-slot name="home-hero" class="crumbtrail-banner" style="display: block; min-height: 12rem" >/);
    assert.match(set, /<h2>Summer walks<\/h2>\s*<p>Light shoes &amp; long days<\/p><a href="\/collections\/summer">Shop summer<\/a>/);
  }
  // Nothing changed by the merchant: slot "hero", the texts in the shopper's language.
  assert.match(await renderBlock("personalised-banner"), /name="hero"[\s\S]*<h2>New season, new trails<\/h2>[\s\S]*<a href="\/collections\/all">Shop the collection<\/a>/);
  assert.match(await renderBlock("personalised-banner", { locale: "nl" }), /<h2>Nieuw seizoen, nieuwe paden<\/h2>[\s\S]*>Bekijk de collectie<\/a>/);
  // A blank slot name falls back to "hero"; no link, no button.
  assert.doesNotMatch(await renderBlock("personalised-banner", { settings: { slot: " ", link: "" } }), /<a |name=" "/);
});

/** What the embed's inline slot script weighs at most, as the page carries it: 1.5 KB gzip. */
const SLOT_BUDGET = 1536;

test(`the embed's slot script is the package's slot.js, inline within ${SLOT_BUDGET} bytes gzip -9; the engine and wasm load after the page`, () => {
  const snippet = read("shopify/extensions/crumbtrail/snippets/crumbtrail-slot-script.liquid");
  const script = /^<script>([\s\S]*)<\/script>\n$/.exec(snippet)[1];
  assert.equal(script, read("pkg/slot.js").trimEnd());
  const slot = gz(snippet);
  const engine = readFileSync(new URL("shopify/extensions/crumbtrail/assets/crumbtrail.js", root));
  const wasm = readFileSync(new URL("shopify/extensions/crumbtrail/assets/crumbtrail.wasm", root));
  console.log(`embed: the inline slot script ${snippet.length} bytes, ${slot} gzip -9 (budget ${SLOT_BUDGET}); ` +
    `after load: engine ${engine.length} bytes, ${gz(engine)} gzip -9; wasm ${wasm.length} bytes, ${gz(wasm)} gzip -9`);
  assert.ok(slot <= SLOT_BUDGET, `${slot} bytes`);
  assert.deepEqual(wasm, readFileSync(new URL("pkg/web/crumbtrail_bg.wasm", root)), "the package's wasm");
});
