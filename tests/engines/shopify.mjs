// The Shopify app's checks (tests/shopify/checks.mjs) as WebDriver checks, so that Firefox ESR and
// WebKitGTK run them with the same pages, servers and expectations as Chromium: each tab a window
// of the one session, the storefront's storage emptied first (a fresh device).
import { SHOPIFY_CHECKS } from "../shopify/checks.mjs";

const run = (driver, expression) => driver.executeScript(`return ${expression};`);

/** `open()` for a check: its first tab is the session's window, the next ones new windows. */
function tabs(driver, shop) {
  let first = true;
  return async () => {
    const isFirst = first;
    first = false;
    if (!isFirst) await driver.switchTo().newWindow("window");
    const handle = await driver.getWindowHandle();
    if (isFirst) {
      await driver.get(shop.blank);
      await run(driver, "localStorage.clear()");
    }
    const here = () => driver.switchTo().window(handle);
    return {
      goto: async (url) => { await here(); await driver.get(url); },
      run: async (expression) => { await here(); return run(driver, expression); },
      waitFor: async (expression, what, timeout = 20_000) => {
        await here();
        await driver.wait(() => run(driver, `(() => { try { return !!(${expression}); } catch { return false; } })()`), timeout, `${what} (${expression})`);
      },
      focus: here,
      close: async () => {
        if (isFirst) return;
        await here();
        await driver.close();
      },
    };
  };
}

export const SHOPIFY_ENGINE_CHECKS = Object.fromEntries(Object.entries(SHOPIFY_CHECKS).map(([name, check]) => [
  name,
  async ({ driver, shop }) => {
    const [main] = await driver.getAllWindowHandles();
    try {
      await check({ open: tabs(driver, shop), shop });
    } finally {
      await driver.switchTo().window(main);
    }
  },
]));
