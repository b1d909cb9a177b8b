// The packed package through each bundler a storefront may use, as the README's "Bundlers and
// frameworks" says to set it up: webpack, Rollup (with @web/rollup-plugin-import-meta-assets),
// esbuild (the `file` loader and the crumbtrail/crumbtrail_bg.wasm import), and no bundler at
// all from a CDN's bare package URL. Each page loads the wasm and tracks in Chromium; Rollup
// without the plugin shows the error a shop would get, naming the URL it tried.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { build as esbuild } from "esbuild";
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { importMetaAssets } from "@web/rollup-plugin-import-meta-assets";
import webpack from "webpack";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "../js/browser.mjs";
import { appWithTarball } from "./tarball.mjs";

let app, browser;
before(async () => {
  app = appWithTarball("bundlers");
  browser = await launch();
});
after(() => browser?.close());

const PAGE = `<!doctype html><meta charset="utf-8"><p id="stage">loading</p>`;
/** The shop's code: three product views make an engaged shopper (acquisition); an error from
 * init() is shown instead of the stage. */
const SHOP = ({ from = "crumbtrail", imports = "", start = "await init();" } = {}) => `import init, { Personalizer } from ${JSON.stringify(from)};
${imports}
try {
  ${start}
  const p = new Personalizer({ storageKey: "bundled" });
  for (let i = 0; i < 3; i++) p.track({ event: "view_item", items: [{ item_id: "sku" + i }] });
  document.querySelector("#stage").textContent = p.stage().stage;
} catch (e) {
  document.querySelector("#stage").textContent = "error: " + e.message;
}
`;

/** Serves `dir`, opens `page` in Chromium; resolves to the #stage text and the requests made. */
async function open(dir, page = "/") {
  const server = await serve(dir);
  const context = await browser.newContext();
  const tab = await context.newPage();
  const requests = [];
  tab.on("response", (r) => requests.push(`${r.status()} ${new URL(r.url()).pathname}`));
  try {
    await tab.goto(`${server.url}${page}`);
    await tab.waitForFunction(() => document.querySelector("#stage")?.textContent !== "loading", null, { timeout: 20_000 });
    return { stage: await tab.textContent("#stage"), requests, url: server.url };
  } finally {
    await context.close();
    server.close();
  }
}

const wasmServed = (requests) => requests.filter((r) => r.endsWith(".wasm"));

test("webpack 5: the wasm is emitted from new URL(…, import.meta.url), as it is", async () => {
  const dir = join(app, "webpack");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.js"), SHOP());
  writeFileSync(join(dir, "index.html"), `${PAGE}<script src="main.js"></script>`);
  const stats = await new Promise((ok, fail) => webpack({
    mode: "production", context: dir, entry: "./main.js", output: { path: join(dir, "dist"), filename: "main.js" },
  }, (e, s) => (e ? fail(e) : ok(s))));
  assert.equal(stats.hasErrors(), false, stats.toString("errors-only"));
  writeFileSync(join(dir, "dist/index.html"), `${PAGE}<script src="main.js"></script>`);
  const { stage, requests } = await open(join(dir, "dist"));
  assert.equal(stage, "acquisition");
  assert.match(wasmServed(requests).join(), /^200 \/[0-9a-f]+\.wasm$/);
});

test("Rollup 4 with @web/rollup-plugin-import-meta-assets: the wasm is emitted; without it, the error names the URL tried", async () => {
  const dir = join(app, "rollup");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.js"), SHOP());
  /** @type {[string, import("rollup").Plugin[]][]} */
  const builds = [["dist", [nodeResolve({ browser: true }), importMetaAssets()]], ["bare", [nodeResolve({ browser: true })]]];
  for (const [out, plugins] of builds) {
    const bundle = await rollup({ input: join(dir, "main.js"), plugins, onwarn: () => {} });
    await bundle.write({ dir: join(dir, out), format: "es" });
    await bundle.close();
    writeFileSync(join(dir, out, "index.html"), `${PAGE}<script type="module" src="main.js"></script>`);
  }
  const withPlugin = await open(join(dir, "dist"));
  assert.equal(withPlugin.stage, "acquisition");
  assert.match(wasmServed(withPlugin.requests).join(), /^200 \/assets\/crumbtrail_bg-.*\.wasm$/);
  // Rollup alone ships no .wasm, and says nothing: the page's error is what tells the shop.
  assert.deepEqual(readdirSync(join(dir, "bare")).filter((f) => f.endsWith(".wasm")), []);
  const without = await open(join(dir, "bare"));
  assert.match(without.stage, new RegExp(`^error: crumbtrail: could not load its WebAssembly from ${without.url}/web/crumbtrail_bg\\.wasm .*Bundlers and frameworks`));
});

test("esbuild: the file loader and the crumbtrail/crumbtrail_bg.wasm import bring the wasm", async () => {
  const dir = join(app, "esbuild");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.js"), SHOP({ imports: 'import wasmUrl from "crumbtrail/crumbtrail_bg.wasm";', start: "await init({ module_or_path: wasmUrl });" }));
  await esbuild({ entryPoints: [join(dir, "main.js")], bundle: true, format: "esm", outdir: join(dir, "dist"),
    loader: { ".wasm": "file" }, publicPath: "/", logLevel: "warning" });
  writeFileSync(join(dir, "dist/index.html"), `${PAGE}<script type="module" src="main.js"></script>`);
  const { stage, requests } = await open(join(dir, "dist"));
  assert.equal(stage, "acquisition");
  assert.match(wasmServed(requests).join(), /^200 \/crumbtrail_bg-[A-Z0-9]+\.wasm$/);
});

test("the integrations are tree-shaken: the default entry bundled alone carries none of them, each subpath only its own", async () => {
  const dir = join(app, "integrations");
  mkdirSync(dir, { recursive: true });
  // A phrase of each integration's own code, kept by minification (its table of names or paths).
  const marks = { datalayer: "personalization_storage", shopify: "productVariant", segment: "order completed", recommend: "crumbtrail-recommendations" };
  const bundle = async (name, code) => {
    writeFileSync(join(dir, `${name}.js`), code);
    await esbuild({ entryPoints: [join(dir, `${name}.js`)], bundle: true, minify: true, format: "esm", outdir: join(dir, "dist"),
      loader: { ".wasm": "file" }, logLevel: "warning" });
    return readFileSync(join(dir, "dist", `${name}.js`), "utf8");
  };
  const storefront = await bundle("default", SHOP());
  for (const [integration, mark] of Object.entries(marks)) {
    assert.ok(!storefront.includes(mark), `the default entry's bundle holds none of ${integration}`);
    const own = await bundle(integration, `${SHOP()}
export * from "crumbtrail/${integration}";`);
    for (const [other, otherMark] of Object.entries(marks)) {
      assert.equal(own.includes(otherMark), other === integration, `crumbtrail/${integration} brings ${other}: ${other === integration}`);
    }
  }
  // Nor does the wasm: the integrations' names are in no part of what every storefront loads.
  const wasm = readFileSync(join(app, "node_modules/crumbtrail/web/crumbtrail_bg.wasm")).toString("latin1");
  // Nor the recommendations' reader (its format's name, its messages).
  for (const mark of ["personalization_storage", "productVariant", "order completed", "such as window.dataLayer", "crumbtrail-recommendations", "bought-with"]) {
    assert.ok(!wasm.includes(mark), `the wasm holds no ${mark}`);
  }
});

// A CDN serves a package's files under /<name>@<version>/; for the bare URL it picks the entry as
// documented: jsDelivr the `jsdelivr` field, else `browser`, else `main`, answered in place;
// unpkg the `unpkg` field, else `main`, by a redirect to the file.
function cdn(root, { name, version }) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const prefix = `/${name}@${version}`;
  const jsdelivr = pkg.jsdelivr ?? pkg.browser ?? pkg.main;
  const unpkg = pkg.unpkg ?? pkg.main;
  return new Promise((ok) => {
    const files = serve(root);
    const server = createServer(async (req, res) => {
      const { url: base } = await files;
      const path = new URL(req.url, "http://x").pathname;
      if (path === `/npm${prefix}`) {
        const body = await fetch(`${base}/${jsdelivr.replace(/^\.\//, "")}`);
        res.writeHead(body.status, { "content-type": body.headers.get("content-type"), "access-control-allow-origin": "*" });
        res.end(Buffer.from(await body.arrayBuffer()));
      } else if (path === prefix || path === `${prefix}/`) {
        res.writeHead(302, { location: `${prefix}/${unpkg.replace(/^\.\//, "")}`, "access-control-allow-origin": "*" }).end();
      } else if (path.startsWith(`${prefix}/`) || path.startsWith(`/npm${prefix}/`)) {
        const body = await fetch(`${base}${path.slice(path.indexOf(prefix) + prefix.length)}`);
        res.writeHead(body.status, { "content-type": body.headers.get("content-type"), "access-control-allow-origin": "*" });
        res.end(Buffer.from(await body.arrayBuffer()));
      } else {
        res.writeHead(404).end();
      }
    });
    server.listen(0, "127.0.0.1", () => ok({ url: `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`,
      close: () => { server.close(); files.then((f) => f.close()); } }));
  });
}

test("a CDN's bare package URL, …/crumbtrail@VERSION/ and …/index.js, serve the browser build", async () => {
  const installed = join(app, "node_modules/crumbtrail");
  const { version } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  const origin = await cdn(installed, { name: "crumbtrail", version });
  const shop = join(app, "cdn");
  mkdirSync(shop, { recursive: true });
  try {
    for (const url of [`${origin.url}/crumbtrail@${version}/`, `${origin.url}/crumbtrail@${version}`,
      `${origin.url}/npm/crumbtrail@${version}`, `${origin.url}/crumbtrail@${version}/index.js`]) {
      writeFileSync(join(shop, "index.html"), `${PAGE}<script type="module">${SHOP({ from: url })}</script>`);
      const { stage } = await open(shop);
      assert.equal(stage, "acquisition", url);
    }
  } finally {
    origin.close();
  }
});
