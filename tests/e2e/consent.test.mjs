// The consent adapters of crumbtrail/consent in Chromium, each against a stub of its platform's
// documented API (tests/e2e/pages/consent/): the platform answering before crumbtrail loads, after
// it, changing its mind, withdrawing, never loading, and the options that map other purposes.
// After each step: nothing in localStorage without profile consent and nothing left after a
// withdrawal, no exposure without measurement consent, p.consent() as the platform said, each
// problem reported once, nothing thrown into the page. Then two tabs: a withdrawal in one erases
// what the other keeps, without a reload. Firefox and WebKit run the same scenarios through
// tests/engines/ (consent.mjs).
import { test } from "node:test";
import { pages } from "../js/pages.mjs";
import { ADAPTERS, timingsOf } from "./pages/consent/scenarios.js";
import { assertScenario, assertTwoTabs } from "./consent-checks.mjs";

const env = pages(new URL("../..", import.meta.url).pathname);

/** Loads the consent page with `query` in a fresh context; resolves to `window.result`. */
async function resultOf(query) {
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    const thrown = [];
    page.on("pageerror", (e) => thrown.push(e.message));
    await page.goto(`${env.server.url}/tests/e2e/pages/consent.html?${query}`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.result);
    return { ...result, pageErrors: [...(result.pageErrors ?? []), ...thrown] };
  } finally {
    await context.close();
  }
}

for (const adapter of ADAPTERS) {
  for (const timing of timingsOf(adapter)) {
    test(`${adapter}: ${timing}`, async () => {
      assertScenario(adapter, timing, await resultOf(`adapter=${adapter}&timing=${timing}`));
    });
  }
}

test("two tabs: withdrawing in one erases what the other keeps, at once and without a reload", async () => {
  const context = await env.browser.newContext();
  try {
    const url = `${env.server.url}/tests/e2e/pages/consent.html?tab`;
    const open = async () => {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => window.result === "ready");
      return page;
    };
    // A fresh context: its storage starts empty.
    const a = await open();
    const b = await open();
    await assertTwoTabs({
      snapshot: (tab) => (tab === "a" ? a : b).evaluate(() => window.tab.snapshot()),
      withdraw: () => a.evaluate(() => window.tab.withdraw()),
      track: (tab) => (tab === "a" ? a : b).evaluate(() => window.tab.track()),
      until: (tab, predicate) => (tab === "a" ? a : b).waitForFunction(predicate, null, { timeout: 5_000 }),
    });
  } finally {
    await context.close();
  }
});
