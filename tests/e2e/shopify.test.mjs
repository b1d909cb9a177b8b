// The Shopify app in Chromium: its blocks rendered by liquidjs into pages served locally, the
// extension's assets from another origin as Shopify's CDN serves them, the web pixel in a sandboxed
// frame under the Web Pixels runtime's stub (tests/shopify/). The same checks run in Firefox ESR
// and WebKitGTK through tests/engines/ (shopify.mjs).
import { test, before, after } from "node:test";
import { launch } from "../js/browser.mjs";
import { shop } from "../shopify/storefront.mjs";
import { SHOPIFY_CHECKS } from "../shopify/checks.mjs";

const env = {};
before(async () => {
  env.shop = await shop();
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
  env.shop?.close();
});

/** A tab on a fresh device: every check's tabs share one browser context, its storage empty. */
function tabs() {
  let context;
  const thrown = [];
  return {
    thrown,
    async open() {
      context ??= await env.browser.newContext();
      const page = await context.newPage();
      page.on("pageerror", (e) => thrown.push(e.message));
      return {
        goto: (url) => page.goto(url),
        run: (expression) => page.evaluate(expression),
        waitFor: (expression, what, timeout = 20_000) =>
          page.waitForFunction(expression, null, { timeout }).catch((e) => { throw new Error(`${what}: ${e.message}`); }),
        focus: () => page.bringToFront(),
        close: () => page.close(),
      };
    },
    close: () => context?.close(),
  };
}

for (const [name, check] of Object.entries(SHOPIFY_CHECKS)) {
  test(name.replace(/^Shopify: /, ""), async () => {
    const device = tabs();
    try {
      await check({ open: device.open, shop: env.shop });
    } finally {
      await device.close();
    }
    if (device.thrown.length) throw new Error(`thrown into the page: ${device.thrown.join("; ")}`);
  });
}
