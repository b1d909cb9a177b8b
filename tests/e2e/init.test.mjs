// init() as a page meets it: before it, every export says to await it; and where the dev servers
// built on Vite put their pre-bundled copy of the package (Vite, Astro, SvelteKit and React Router
// under node_modules/.vite/deps/, Nuxt under node_modules/.cache/vite/client/deps/), init() finds
// the wasm in the package's own folder, or says which setting fixes it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pages } from "../js/pages.mjs";

const root = new URL("../..", import.meta.url).pathname;
const env = pages(root);

test("before init(), every export of the browser build throws not_initialized, saying to await init(); after it, each works, copies taken before it too", async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.url}/tests/e2e/pages/uninitialized.html`);
  await page.waitForFunction(() => window.result !== undefined);
  const { before, initialized, after, afterFromEarlyCopies } = await page.evaluate(() => window.result);
  await page.close();
  assert.deepEqual(Object.keys(before).sort(), ["CompiledCondition", "Personalizer", "evalCondition", "version"]);
  for (const name of ["CompiledCondition", "Personalizer", "evalCondition"]) {
    assert.equal(before[name].code, "not_initialized", name);
    assert.match(before[name].message, new RegExp(`^crumbtrail: ${name} was used before init\\(\\): await init\\(\\) first`));
    assert.deepEqual(after[name], { ok: true }, name);
    assert.deepEqual(afterFromEarlyCopies[name], { ok: true }, `${name}, taken before init()`);
  }
  assert.match(before.version.value, /^\d+\.\d+\.\d+/);
  assert.equal(initialized, true);
});

/** Lays out `files` (path → file of the repository, or null to leave out) under a fresh folder
 * of target/, serves it, and runs init() from `entry` there (with a query, as Vite serves it). */
async function initFrom(name, entry, files) {
  const dir = join(root, "target/dev-layouts", name);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, from] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    copyFileSync(join(root, from), join(dir, path));
  }
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>dev</title>");
  const page = await env.browser.newPage();
  try {
    await page.goto(`${env.server.url}/target/dev-layouts/${name}/index.html`);
    return await page.evaluate(async (url) => {
      const { default: init } = await import(url);
      return init().then((ok) => ({ ok }), (e) => ({ code: e.code, message: e.message }));
    }, `${env.server.url}/target/dev-layouts/${name}/${entry}?v=0a1b2c3d`);
  } finally {
    await page.close();
  }
}

const exclude = 'optimizeDeps: { exclude: ["crumbtrail"] }';
for (const [server, deps, setting] of [
  ["Vite", "node_modules/.vite/deps", `add ${exclude} to vite.config.js (Astro: vite: { ${exclude} } in astro.config.mjs)`],
  ["Nuxt", "_nuxt/node_modules/.cache/vite/client/deps", `add vite: { ${exclude} } to nuxt.config.ts`],
]) {
  test(`${server}'s pre-bundled copy (${deps}/): init() loads the wasm from the package's folder, or names the setting`, async () => {
    const modules = deps.slice(0, deps.indexOf("node_modules/") + "node_modules/".length);
    const found = await initFrom(`${server}-found`, `${deps}/crumbtrail.js`, {
      [`${deps}/crumbtrail.js`]: "pkg/index.js",
      [`${modules}crumbtrail/web/crumbtrail_bg.wasm`]: "pkg/web/crumbtrail_bg.wasm",
    });
    assert.deepEqual(found, { ok: true });
    // The package somewhere else than beside the optimizer's folder (a monorepo's hoisting, say).
    const lost = await initFrom(`${server}-lost`, `${deps}/crumbtrail.js`, { [`${deps}/crumbtrail.js`]: "pkg/index.js" });
    assert.equal(lost.code, "wasm_unavailable");
    assert.ok(lost.message.includes(`The dev server pre-bundled crumbtrail away from its wasm: ${setting}, or pass the wasm's URL to init({ module_or_path }).`), lost.message);
    assert.match(lost.message, new RegExp(`from ${env.server.url}/target/dev-layouts/${server}-lost/${modules}crumbtrail/web/crumbtrail_bg\\.wasm`));
  });
}
