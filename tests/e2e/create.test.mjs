// Personalizer.create in the browser: the constructor's steps, each in a task of its own (a yield
// to the page between them), so that starting the engine makes no long task on a slow phone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";

const root = new URL("../..", import.meta.url).pathname;
const env = pages(root);

/** Runs `create` in a fresh page with `scheduler.yield` counted and the storage's reads logged,
 * and returns the log of both, in order, and what create gave. */
async function createLogged(options) {
  const page = await env.browser.newPage();
  try {
    await page.goto(`${env.server.url}/tests/e2e/pages/track.html?key=create`);
    await page.waitForFunction(() => window.ready === true);
    return await page.evaluate(async (options) => {
      const { Personalizer } = await import(/** @type {string} */ ("/pkg/index.js"));
      const log = [];
      const yielding = globalThis.scheduler.yield.bind(globalThis.scheduler);
      globalThis.scheduler.yield = () => (log.push("yield"), yielding());
      const storage = { getItem: (key) => (log.push(`read ${key}`), null), setItem: () => {}, removeItem: () => {} };
      const messages = [{ id: "hello", slot: "hero", content: { title: "Hello" } }];
      try {
        const p = await Personalizer.create({ storage, messages, ...options });
        return { log, isPersonalizer: p instanceof Personalizer, decided: p.decide("hero")?.id ?? null };
      } catch (e) {
        return { log, code: e.code, path: e.path, message: e.message };
      }
    }, options);
  } finally {
    await page.close();
  }
}

test("create reads the options, checks them, loads the profile and listens, with a yield to the page between each step", async () => {
  const { log, isPersonalizer, decided } = await createLogged({});
  assert.equal(isPersonalizer, true, "an instance of the package's Personalizer");
  assert.equal(decided, "hello");
  // The profile is read in the third step, after the options were read and checked in two; the
  // reads after the last yield are the decision's and the write's.
  const steps = log.slice(0, log.lastIndexOf("yield") + 1);
  const reads = steps.slice(2, -1);
  assert.deepEqual([...steps.slice(0, 2), steps.at(-1)], ["yield", "yield", "yield"], steps.join(", "));
  assert.ok(reads.includes("read crumbtrail") && reads.every((entry) => entry.startsWith("read ")), steps.join(", "));
});

test("create rejects a configuration mistake with the constructor's code and path, before it reads any storage", async () => {
  const wrongType = await createLogged({ rules: { lapseAfterDays: "soon" } });
  assert.deepEqual([wrongType.code, wrongType.path], ["invalid_option", "rules.lapseAfterDays"]);
  assert.match(wrongType.message, /^rules\.lapseAfterDays: /);
  assert.deepEqual(wrongType.log, ["yield"], "checked in the second step; storage never read");
  const notAFunction = await createLogged({ onError: "log" });
  assert.deepEqual([notAFunction.code, notAFunction.path, notAFunction.log], ["invalid_option", "onError", []]);
});
