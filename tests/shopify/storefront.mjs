// A Shopify storefront for the tests, made of the theme app extension's own blocks rendered by a
// real Liquid engine (npm liquidjs) with what Shopify's Liquid gives them: `customer` (signed in,
// or nil for a guest), `shop`, `block.settings` (the schema's defaults, overridden per page), the
// `asset_url` filter (pointing at a second local server standing in for Shopify's CDN: another
// origin, serving with `access-control-allow-origin: *`), the `t` filter (the extension's storefront
// locales), `{% render %}` (its snippets) and `{% schema %}` (not output). A page is a minimal
// layout: Shopify's Customer Privacy API (the stub of tests/e2e/pages/consent/shopify.js, the
// visitor's choice given), the app embed in <head>, the "Personalised banner" block in <body>.
// Checkout runs no theme code: its page here hosts only the web pixel, in a sandboxed frame under
// the Web Pixels runtime's stub (web-pixels/).
import { readFileSync } from "node:fs";
import { Liquid } from "liquidjs";
import { serve } from "../../scripts/serve.mjs";
import { site } from "../engines/server.mjs";

const root = new URL("../..", import.meta.url).pathname;
export const EXTENSION = `${root}shopify/extensions/crumbtrail/`;
const DAY = 86_400_000;

const locales = {
  en: JSON.parse(readFileSync(`${EXTENSION}locales/en.default.json`, "utf8")),
  nl: JSON.parse(readFileSync(`${EXTENSION}locales/nl.json`, "utf8")),
};

/** The JSON of a block's {% schema %}. */
export function schemaOf(block) {
  const source = readFileSync(`${EXTENSION}blocks/${block}.liquid`, "utf8");
  return JSON.parse(/\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source)[1]);
}

/** The settings a merchant who changed nothing has: each setting's default. */
export const defaults = (block) =>
  Object.fromEntries(schemaOf(block).settings.filter((s) => s.id).map((s) => [s.id, s.default ?? (s.type === "checkbox" ? false : "")]));

function engine(locale, cdn) {
  const liquid = new Liquid({ root: [`${EXTENSION}snippets/`], extname: ".liquid", strictFilters: true });
  // Shopify reads {% schema %} for the theme editor and outputs nothing.
  liquid.registerTag("schema", {
    parse(_token, remaining) {
      for (let t; (t = remaining.shift());) if (/** @type {import("liquidjs").TagToken} */ (t).name === "endschema") return;
      throw new Error("{% schema %} is not closed");
    },
    render: () => "",
  });
  liquid.registerFilter("asset_url", (name) => `${cdn}/assets/${name}`);
  liquid.registerFilter("t", (key) => key.split(".").reduce((at, part) => at?.[part], locales[locale]) ?? `translation missing: ${locale}.${key}`);
  return liquid;
}

/** Renders block `block` (a file of blocks/) with `settings` over its defaults. */
export async function renderBlock(block, { settings = {}, customer = null, locale = "en", cdn = "https://cdn.example", currency = "EUR" } = {}) {
  const source = readFileSync(`${EXTENSION}blocks/${block}.liquid`, "utf8");
  return engine(locale, cdn).parseAndRender(source, {
    block: { id: block, settings: { ...defaults(block), ...settings }, shopify_attributes: "" },
    customer,
    shop: { currency },
  });
}

/**
 * A signed-in customer as Liquid has them: `orders` (newest first, as Shopify lists them), with
 * `created_at` `days` ago from `now`, `orders_count`, `total_spent` in cents,
 * `last_order`.
 */
export function customer(days, { now = Date.now(), spent = 6300 } = {}) {
  const orders = days.map((d) => ({ created_at: new Date(now - d * DAY).toISOString().replace("Z", "+00:00") })).sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  return { first_name: "Ada", orders_count: orders.length, total_spent: spent * orders.length, orders, last_order: orders[0] ?? null };
}

/** The embed's catalogue (its default) with `more` messages. */
export function catalogue(...more) {
  const base = JSON.parse(defaults("crumbtrail-embed").catalogue);
  return JSON.stringify({ ...base, messages: [...base.messages, ...more] });
}

const PAGE_SCRIPTS = `<script>
  document.addEventListener("crumbtrail-ready", (e) => { window.p = e.detail; });
  window.warnings = [];
  const warn = console.warn;
  console.warn = (...args) => { warnings.push(args.join(" ")); warn(...args); };
</script>`;

/** What every slot shows when the parser has just passed it: before the first paint. */
const FIRST_PAINT = `<script>
  window.firstPaint = [...document.querySelectorAll("crumbtrail-slot")].map((slot) => ({
    name: slot.getAttribute("name"),
    source: slot.getAttribute("data-crumbtrail-source"),
    message: slot.getAttribute("data-crumbtrail-message"),
    title: slot.shadowRoot?.querySelector("[part~=title]")?.textContent ?? null,
    baseline: slot.querySelector("h2")?.textContent ?? null,
  }));
</script>`;

/** The consent the visitor gave on an earlier page (Shopify remembers it), or none yet. */
const consentStub = (given) => `<script type="module">
  import { shopifyStub } from "/tests/e2e/pages/consent/shopify.js";
  const stub = shopifyStub({ required: true });
  stub.load(${JSON.stringify(given)});
  window.shopifyConsent = stub;
</script>`;

/** A storefront page: the embed in <head>, one banner block in <body>. */
export async function storefrontPage({ customer = null, locale = "en", cdn, embed = {}, banner = {}, consent = { preferences: true, analytics: true } }) {
  const head = await renderBlock("crumbtrail-embed", { settings: embed, customer, locale, cdn });
  const body = await renderBlock("personalised-banner", { settings: banner, customer, locale, cdn });
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<title>Trailhead</title>
${PAGE_SCRIPTS}
${consentStub(consent)}
${head}
</head>
<body>
<main>
${body}
${FIRST_PAINT}
<p>Walking shoes, maps and flasks.</p>
</main>
</body>
</html>
`;
}

/** Checkout: no theme code, only the app's web pixel in its sandboxed frame (web-pixels/host.js). */
const CHECKOUT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Checkout</title></head>
<body>
<h1>Thank you for your order</h1>
<script src="/tests/shopify/web-pixels/host.js"></script>
<iframe sandbox="allow-scripts" src="/shop/pixel-frame.html" title="web pixel"></iframe>
</body>
</html>
`;
const PIXEL_FRAME = `<!doctype html>
<html><head><meta charset="utf-8">
<script src="/tests/shopify/web-pixels/runtime.js"></script>
<script src="/target/shopify/pixel.js"></script>
</head><body></body></html>
`;

const HTML = "text/html; charset=utf-8";

/**
 * The storefront (this repository's files, and the pages set with `page`) and the CDN (the
 * extension's folder, another origin). `page(path, options)` renders a storefront page at `path`
 * and resolves to its URL; `/shop/checkout.html` is the checkout, `/shop/blank.html` an empty page.
 */
export async function shop() {
  const pages = {
    "/shop/checkout.html": { type: HTML, body: CHECKOUT },
    "/shop/pixel-frame.html": { type: HTML, body: PIXEL_FRAME },
    "/shop/blank.html": { type: HTML, body: "<!doctype html><title>blank</title>" },
  };
  const storefront = await site(root, { replace: pages });
  const cdn = await serve(EXTENSION, { headers: { "access-control-allow-origin": "*" } });
  return {
    storefront,
    cdn,
    checkout: `${storefront.url}/shop/checkout.html`,
    blank: `${storefront.url}/shop/blank.html`,
    async page(path, options = {}) {
      pages[path] = { type: HTML, body: await storefrontPage({ ...options, cdn: cdn.url }) };
      return `${storefront.url}${path}`;
    },
    close() {
      storefront.close();
      cdn.close();
    },
  };
}

/** Shopify's standard events of one purchase, as the pixel hears them (Web Pixels' documented shapes). */
export function purchaseEvents(orderId, at = Date.now()) {
  const line = { quantity: 1, variant: { id: "gid://shopify/ProductVariant/11", title: "43", price: { amount: 89, currencyCode: "EUR" }, product: { id: "gid://shopify/Product/7", title: "Trail runner", type: "Shoes" } } };
  const checkout = {
    token: `token-${orderId}`,
    currencyCode: "EUR",
    totalPrice: { amount: 89, currencyCode: "EUR" },
    lineItems: [line],
    email: "ada@example.com",
    shippingAddress: { city: "Utrecht" },
  };
  return [
    { id: `sh-${orderId}-1`, name: "checkout_started", timestamp: new Date(at - 60_000).toISOString(), data: { checkout } },
    { id: `sh-${orderId}-2`, name: "checkout_completed", timestamp: new Date(at).toISOString(), data: { checkout: { ...checkout, order: { id: `gid://shopify/Order/${orderId}` } } } },
  ];
}
