// The consent scenarios of tests/e2e/consent.test.mjs as WebDriver checks, so that Firefox ESR and
// WebKitGTK run each adapter of crumbtrail/consent against the same platform stubs, page and
// expectations as Chromium (tests/e2e/pages/consent/, tests/e2e/consent-checks.mjs): one check per
// adapter and timing, and the two tabs.
import { ADAPTERS, timingsOf } from "../e2e/pages/consent/scenarios.js";
import { assertScenario, assertTwoTabs } from "../e2e/consent-checks.mjs";

const run = (driver, code, ...args) => driver.executeScript(code, ...args);

const waitFor = (driver, expr, what, timeout = 30_000) =>
  driver.wait(() => run(driver, `try { return !!(${expr}); } catch { return false; }`), timeout, `${what} (${expr})`);

/** Loads the consent page with `query`; resolves to its `window.result`. */
async function resultOf(driver, server, query) {
  await driver.get(`${server.url}/tests/e2e/pages/consent.html?${query}`);
  await waitFor(driver, "window.result !== undefined", `the consent page (${query})`);
  return run(driver, "return window.result");
}

export const CONSENT_CHECKS = {};

for (const adapter of ADAPTERS) {
  for (const timing of timingsOf(adapter)) {
    CONSENT_CHECKS[`consent, ${adapter}: ${timing}`] = async ({ driver, plain }) => {
      assertScenario(adapter, timing, await resultOf(driver, plain, `adapter=${adapter}&timing=${timing}`));
    };
  }
}

CONSENT_CHECKS["consent, two tabs: withdrawing in one erases what the other keeps, at once and without a reload"] = async ({ driver, plain }) => {
  await resultOf(driver, plain, "clear");
  const handles = { a: await driver.getWindowHandle() };
  await resultOf(driver, plain, "tab");
  await driver.switchTo().newWindow("window");
  handles.b = await driver.getWindowHandle();
  await resultOf(driver, plain, "tab");
  const on = async (tab, then) => {
    await driver.switchTo().window(handles[tab]);
    return then();
  };
  await assertTwoTabs({
    snapshot: (tab) => on(tab, () => run(driver, "return window.tab.snapshot()")),
    withdraw: () => on("a", () => run(driver, "window.tab.withdraw()")),
    track: (tab) => on(tab, () => run(driver, "window.tab.track()")),
    until: (tab, expr) => on(tab, () => waitFor(driver, expr, `tab ${tab}`, 5_000)),
  });
  await driver.switchTo().window(handles.b);
  await driver.close();
  await driver.switchTo().window(handles.a);
};
