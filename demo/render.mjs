// The demo shop's pages as HTML, as a shop's server or static-site build makes them: the home,
// collection and product pages carry their content (and their <crumbtrail-slot> banners around
// the shop's own baseline) in the HTML; the cart, checkout and thank-you pages carry their frame
// and are filled from this browser's cart by app.js. demo/build.mjs writes every page into
// demo/en/ and demo/nl/; the Lighthouse bench renders the same pages without crumbtrail.
// Plain data in, a string out: no DOM, so Node runs it.
import { CATEGORIES, PRODUCTS, price, words } from "./shop.js";

export const LANGUAGES = ["en", "nl"];

/** The demo's own script in <head> (a real shop leaves it out): the inspector's travelling clock,
 * read by the slot script as it reads crumbtrail's `now`, and the inspector's shown-or-hidden
 * choice, set before the first paint so that nothing moves when app.js starts. */
export const DEMO_HEAD_SCRIPT = `window.crumbtrailClock = () => {
  let offset = 0;
  try { offset = Number(JSON.parse(localStorage.getItem("trailhead:clock"))) || 0; } catch { /* real time */ }
  return Date.now() + offset;
};
try { if (JSON.parse(localStorage.getItem("trailhead:inspector")) === false) document.documentElement.classList.add("no-inspector"); } catch { /* shown */ }`;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const attrs = (props) => Object.entries(props).filter(([, v]) => v !== undefined && v !== null && v !== false)
  .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escape(v)}"`)).join("");
/** An element; `children` are HTML strings already. */
const el = (tag, props = {}, ...children) => `<${tag}${attrs(props)}>${children.flat().join("")}</${tag}>`;
const text = (tag, props, content) => el(tag, props, escape(content));

/** Every page of one language: [path under the language's folder, page] (see `render`). */
export function routes() {
  return [
    ["index.html", { view: "home" }],
    ...CATEGORIES.map((category) => [`c/${category}.html`, { view: "collection", category }]),
    ...PRODUCTS.map((product) => [`p/${product.id}.html`, { view: "product", product: product.id }]),
    ...["cart", "checkout", "thanks", "review", "refer"].map((view) => [`${view}.html`, { view }]),
  ];
}

const swatch = (product, lang) =>
  el("div", { class: "swatch", style: `background: linear-gradient(135deg, ${product.colour}, #1f2a2e)`, role: "img", "aria-label": product.name[lang] });

const card = (product, lang) => el("li", { class: "card" }, swatch(product, lang),
  el("div", { class: "info" },
    text("a", { href: `p/${product.id}.html` }, product.name[lang]),
    text("span", { class: "price" }, price(product.price, lang)),
    text("button", { type: "button", "data-add": product.id }, words(lang).addToCart)));

/** A banner: with crumbtrail a <crumbtrail-slot> around the shop's baseline, without it the
 * baseline in a plain element of the same class. */
const banner = (crumbtrail, slot, className, baseline, context) => crumbtrail
  ? el("crumbtrail-slot", { name: slot, class: `banner ${className}`, id: `${slot}-slot`, context: context && JSON.stringify(context) }, baseline)
  : el("div", { class: `banner ${className}`, id: `${slot}-slot` }, baseline);

/** The content of `<main>` for `page` ({ view, category, product }). */
function main(page, lang, crumbtrail) {
  const w = words(lang);
  switch (page.view) {
    case "home": {
      const tiles = CATEGORIES.map((c) => el("li", { class: "tile" },
        text("a", { href: `c/${c}.html`, style: `background: ${PRODUCTS.find((x) => x.category === c).colour}` }, w.categories[c])));
      return [
        banner(crumbtrail, "hero", "hero", text("p", { class: "hero-title" }, w.heroTitle) + text("p", { class: "hero-body" }, w.heroBody)),
        text("h1", {}, w.tagline), text("h2", {}, w.shopBy), el("ul", { class: "grid" }, tiles),
        text("h2", {}, w.featured), el("ul", { class: "grid" }, PRODUCTS.filter((_, i) => i % 3 === 0).map((p) => card(p, lang))),
      ];
    }
    case "collection":
      return [
        text("h1", {}, w.categories[page.category]),
        banner(crumbtrail, "collection", "collection", text("p", { class: "hero-title" }, w.collectionTitle) + text("p", { class: "hero-body" }, w.collectionBody)),
        el("ul", { class: "grid" }, PRODUCTS.filter((x) => x.category === page.category).map((p) => card(p, lang))),
      ];
    case "product": {
      const product = PRODUCTS.find((p) => p.id === page.product);
      return [
        el("div", { class: "product-page" }, swatch(product, lang), el("div", {},
          text("h1", {}, product.name[lang]),
          text("p", { class: "price" }, price(product.price, lang)),
          text("button", { type: "button", id: "add-to-cart", "data-add": product.id }, w.addToCart),
          el("p", { class: "notice", role: "status", id: "added" }))),
        banner(crumbtrail, "product", "product", text("p", { class: "hero-body" }, w.productNote), { category: product.category, product: product.id }),
      ];
    }
    case "review":
      return [text("h1", {}, w.reviewTitle), el("form", { class: "stack", id: "review-form" },
        el("fieldset", {}, text("legend", {}, w.rating),
          [5, 4, 3, 2, 1].map((n) => el("label", {}, el("input", { type: "radio", name: "rating", value: n, checked: n === 5 }), escape(` ${w.stars(n)}`)))),
        text("label", { for: "review-text" }, w.yourReview), el("textarea", { id: "review-text" }),
        text("button", { type: "submit" }, w.send), el("p", { class: "notice", role: "status", id: "review-status" }))];
    case "refer":
      return [text("h1", {}, w.referTitle), text("p", {}, w.referText),
        text("button", { type: "button", id: "refer-button" }, w.referButton), el("p", { class: "notice", role: "status", id: "refer-status" })];
    // The cart's pages read this browser's cart: app.js fills them.
    case "cart": return [text("h1", {}, w.cart), el("div", { id: "cart-view" })];
    case "checkout": return [text("h1", {}, w.checkout), el("div", { id: "checkout-view" })];
    case "thanks": return [text("h1", {}, w.orderPlaced), el("div", { id: "thanks-view" })];
    default: throw new Error(`render: no view ${page.view}`);
  }
}

const titleOf = (page, lang) => {
  const w = words(lang);
  const name = page.view === "home" ? w.tagline : page.view === "collection" ? w.categories[page.category]
    : page.view === "product" ? PRODUCTS.find((p) => p.id === page.product).name[lang]
    : { cart: w.cart, checkout: w.checkout, thanks: w.orderPlaced, review: w.reviewTitle, refer: w.referTitle }[page.view];
  return `${name} — Trailhead`;
};

/**
 * The HTML of the page at `path` (under the language's folder) for `page` in `lang`. Options:
 * `slotScript`, the text of crumbtrail's slot.js, inlined in <head> (required with crumbtrail);
 * `crumbtrail` (default true): false renders the shop alone — banners as plain elements, no slot
 * script, no engine; `inspector` (default true): false leaves the demo's inspector out;
 * `base`: the <base> URL (default: the language's folder, relative to the page). The demo's files
 * (style.css, app.js, pkg/) sit one folder above the language's.
 */
export function render(path, page, lang, /** @type {{ slotScript?: string, crumbtrail?: boolean, inspector?: boolean, base?: string }} */ { slotScript, crumbtrail = true, inspector = true, base } = {}) {
  if (crumbtrail && typeof slotScript !== "string") throw new Error("render: the slot script's text is needed with crumbtrail");
  const w = words(lang);
  const depth = path.split("/").length - 1;
  const current = (href) => ({ "aria-current": href === path ? "page" : false });
  const nav = [
    text("a", { href: "./", ...current("index.html") }, w.home),
    ...CATEGORIES.map((c) => text("a", { href: `c/${c}.html`, ...current(`c/${c}.html`) }, w.categories[c])),
    text("a", { href: "review.html", ...current("review.html") }, w.review),
    text("a", { href: "refer.html", ...current("refer.html") }, w.refer),
  ];
  const body = { "data-page": page.view, "data-category": page.category, "data-product": page.product, "data-crumbtrail": crumbtrail ? false : "off", "data-inspector": inspector ? false : "off" };
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escape(titleOf(page, lang))}</title>
  <base href="${escape(base ?? (depth ? "../".repeat(depth) : "./"))}">
  <link rel="stylesheet" href="../style.css">
  <link rel="icon" href="data:,">
  <script>${DEMO_HEAD_SCRIPT}</script>
${crumbtrail ? `  <script>${slotScript}</script>\n` : ""}</head>
${el("body", body, `
  ${text("a", { class: "skip", href: `${path}#view` }, w.skip)}
  <header class="masthead">
    <a class="brand" href="./"><span class="logo" aria-hidden="true">▲</span> Trailhead ${text("small", { id: "tagline" }, w.tagline)}</a>
    ${el("nav", { "aria-label": w.categoriesLabel, id: "nav" }, nav)}
    <div class="tools">
      ${el("label", { class: "lang" }, text("span", { id: "lang-label" }, w.language),
        el("select", { id: "lang" }, LANGUAGES.map((l) => text("option", { value: l, selected: l === lang }, { en: "English", nl: "Nederlands" }[l]))))}
      ${el("a", { class: "cart-link", href: "cart.html" }, text("span", { id: "cart-label" }, w.cart), " ", text("span", { class: "count", id: "cart-count" }, "0"))}
      ${inspector ? text("button", { type: "button", id: "inspector-toggle", "aria-controls": "inspector", "aria-expanded": "true" }, w.inspector) : ""}
    </div>
  </header>
  <div class="layout">
    ${el("main", { id: "view", tabindex: "-1" }, "\n    ", main(page, lang, crumbtrail).join("\n    "), "\n  ")}
    ${inspector ? el("aside", { id: "inspector", "aria-label": "crumbtrail inspector" }) : ""}
  </div>
  <footer class="footer">
    <form id="newsletter">
      ${text("label", { for: "email", id: "newsletter-label" }, w.newsletter)}
      <input id="email" type="email" autocomplete="off" placeholder="you@example.org">
      ${text("button", { type: "submit", id: "signup-button" }, w.signUp)}
      <span id="newsletter-status" role="status"></span>
    </form>
    ${text("p", { id: "privacy" }, w.privacy)}
  </footer>
  <script type="module" src="../app.js"></script>
`)}
</html>
`;
}
