// WebAssembly blocked or missing: init() says why and how to fix it, and the opt-in fallback lets
// the page carry on (decide returns null, track does nothing) without a try/catch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";

const root = new URL("../..", import.meta.url).pathname;
// A Content-Security-Policy without 'wasm-unsafe-eval', and no policy.
const strict = pages(root, { "content-security-policy": "script-src 'self'" });
const plain = pages(root);

async function run(url, { blockWasm = false } = {}) {
  const context = await strict.browser.newContext();
  const page = await context.newPage();
  if (blockWasm) await page.route("**/*.wasm", (route) => route.abort());
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.result !== undefined);
  const result = await page.evaluate(() => window.result);
  await context.close();
  return { result, pageErrors };
}

test("a CSP without 'wasm-unsafe-eval': init() rejects with the line to add; the fallback carries on", async () => {
  const blocked = await run(`${strict.server.url}/tests/e2e/pages/unavailable.html`);
  assert.match(blocked.result.error, /Content-Security-Policy does not allow WebAssembly\. Add 'wasm-unsafe-eval' to script-src/);
  assert.match(blocked.result.error, /script-src 'self' 'wasm-unsafe-eval'/);
  const carried = await run(`${strict.server.url}/tests/e2e/pages/unavailable.html?fallback`);
  assert.deepEqual(carried.result, { init: null, decision: null, stage: "reach", evalCondition: false });
  assert.deepEqual([...blocked.pageErrors, ...carried.pageErrors], []);
});

test("the .wasm request failing: init() says it could not load it and from where; the fallback carries on", async () => {
  const blocked = await run(`${plain.server.url}/tests/e2e/pages/unavailable.html`, { blockWasm: true });
  assert.match(blocked.result.error, /could not load its WebAssembly from http:\/\/127\.0\.0\.1:\d+\/pkg\/web\/crumbtrail_bg\.wasm/);
  const carried = await run(`${plain.server.url}/tests/e2e/pages/unavailable.html?fallback`, { blockWasm: true });
  assert.deepEqual(carried.result, { init: null, decision: null, stage: "reach", evalCondition: false });
  // And when nothing is wrong, the real thing runs.
  const working = await run(`${plain.server.url}/tests/e2e/pages/unavailable.html?fallback`);
  assert.equal(working.result.decision.id, "m");
  assert.equal(working.result.stage, "development");
  assert.equal(working.result.evalCondition, true);
});
