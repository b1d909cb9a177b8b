// Trailhead, a small storefront that uses crumbtrail the way a shop would: it imports the built
// package, pushes what the shopper does to its GA4 dataLayer (which crumbtrail listens to), and
// shows the banner crumbtrail picks for each slot. Everything stays in this browser.
//
// The page does not wait for crumbtrail: its banners are <crumbtrail-slot> elements, which show
// the decision kept ready from the last visit at once (pkg/slot.js, in <head>), and the wasm is
// loaded after the page, when the browser is idle; then the engine decides each slot with the
// page's context and changes a banner only where that differs.
import init, { Personalizer } from "./pkg/index.js";
import { attachSlots } from "./pkg/slots.js";
import { listen } from "./pkg/datalayer.js";
import { useRecommendations } from "./pkg/recommend.js";
import { MESSAGES } from "./messages.js";
import { CATEGORIES, CURRENCY, PRODUCTS, price, productById, words } from "./shop.js";
import { Inspector, DAY } from "./inspector.js";
import { h } from "./dom.js";

const STORAGE_KEY = "crumbtrail";

// The shop's own state (its cart, the language, the demo clock), apart from crumbtrail's.
const saved = {
  get(key, fallback) {
    try { return JSON.parse(localStorage.getItem(`trailhead:${key}`)) ?? fallback; } catch { return fallback; }
  },
  set(key, value) {
    try { localStorage.setItem(`trailhead:${key}`, JSON.stringify(value)); } catch { /* the demo carries on */ }
  },
  /** This tab's own figures (sessionStorage): read, or with `write`, store `value`. */
  session(key, value, write = false) {
    try {
      if (write) sessionStorage.setItem(`trailhead:${key}`, JSON.stringify(value));
      else return JSON.parse(sessionStorage.getItem(`trailhead:${key}`)) ?? value;
    } catch { /* the demo carries on */ }
    return value;
  },
};

const lang = saved.get("lang", navigator.language?.toLowerCase().startsWith("nl") ? "nl" : "en");
let offset = saved.get("clock", 0); // time travel: added to the real clock through crumbtrail's `now`
const clock = () => Date.now() + offset;
let cart = saved.get("cart", []); // [{ id, qty }]
const decisions = {}; // slot → { decision, source, replaced }, for the inspector
let p = null; // the Personalizer, once the wasm has loaded
let slots = null; // the engine's hold on the page's slots
// For the end-to-end tests: whether the engine is there.
window.trailhead = { ready: false };

const inspectorEl = document.getElementById("inspector");
const inspector = new Inspector(inspectorEl, lang, {
  travel(days) {
    offset += days * DAY;
    saved.set("clock", offset);
    show();
  },
  resetClock() {
    offset = 0;
    saved.set("clock", offset);
    show();
  },
  forget() {
    p?.forget();
    cart = [];
    saved.set("cart", cart);
    location.hash = "#/";
    show();
  },
});

const dataLayer = (window.dataLayer = window.dataLayer || []);

const t = () => words(lang);
const gaItem = (product, quantity = 1) => ({
  item_id: product.id, item_name: product.name.en, item_category: product.category, price: product.price, quantity,
});
const ECOMMERCE = ["items", "value", "currency", "transaction_id", "item_list_id"];

/** Pushes a GA4 event the way Google's documentation does: ecommerce fields under `ecommerce`,
 * after clearing the previous ecommerce object. */
function track({ event, ...fields }) {
  const ecommerce = Object.fromEntries(Object.entries(fields).filter(([k]) => ECOMMERCE.includes(k)));
  const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => !ECOMMERCE.includes(k)));
  if (Object.keys(ecommerce).length) {
    dataLayer.push({ ecommerce: null });
    dataLayer.push({ event, ...rest, ecommerce });
  } else {
    dataLayer.push({ event, ...rest });
  }
}

// ---- views ------------------------------------------------------------------------------------

function swatch(product) {
  return h("div", { className: "swatch", style: `background: linear-gradient(135deg, ${product.colour}, #1f2a2e)`, role: "img", "aria-label": product.name[lang] });
}

function productCard(product) {
  return h("li", { className: "card" }, swatch(product),
    h("div", { className: "info" },
      h("a", { href: `#/p/${product.id}`, textContent: product.name[lang] }),
      h("span", { className: "price", textContent: price(product.price, lang) }),
      h("button", { type: "button", textContent: t().addToCart, onclick: () => addToCart(product) })));
}

/** A slot for crumbtrail's banner; `baseline` is what shows without a message (first visits, no
 * JavaScript), in the page's language. */
function banner(slot, className, ...baseline) {
  const element = h("crumbtrail-slot", { className: `banner ${className}`, id: `${slot}-slot` }, ...baseline);
  element.setAttribute("name", slot);
  return element;
}

const views = {
  home() {
    const hero = banner("hero", "hero",
      h("p", { className: "hero-title", textContent: t().heroTitle }),
      h("p", { className: "hero-body", textContent: t().heroBody }));
    const tiles = CATEGORIES.map((c) => {
      const colour = PRODUCTS.find((x) => x.category === c).colour;
      return h("li", { className: "tile" }, h("a", { href: `#/c/${c}`, style: `background: ${colour}`, textContent: t().categories[c] }));
    });
    return {
      nodes: [hero, h("h1", { textContent: t().tagline }), h("h2", { textContent: t().shopBy }), h("ul", { className: "grid" }, tiles),
        h("h2", { textContent: "Featured" }), h("ul", { className: "grid" }, PRODUCTS.filter((_, i) => i % 3 === 0).map(productCard))],
      slots: [["hero", hero]],
    };
  },
  category(category) {
    const list = PRODUCTS.filter((x) => x.category === category);
    track({ event: "view_item_list", item_list_id: category, items: list.map((x) => gaItem(x)) });
    return { nodes: [h("h1", { textContent: t().categories[category] ?? category }), h("ul", { className: "grid" }, list.map(productCard))] };
  },
  product(id) {
    const product = productById(id);
    if (!product) return views.home();
    track({ event: "view_item", currency: CURRENCY, value: product.price, items: [gaItem(product)] });
    const slot = banner("product", "product", h("p", { className: "hero-body", textContent: t().productNote }));
    const status = h("p", { className: "notice", role: "status" });
    return {
      nodes: [h("div", { className: "product-page" }, swatch(product),
        h("div", {},
          h("h1", { textContent: product.name[lang] }),
          h("p", { className: "price", textContent: price(product.price, lang) }),
          h("button", { type: "button", id: "add-to-cart", textContent: t().addToCart, onclick: () => { addToCart(product); status.textContent = t().added; } }),
          status)),
      slot],
      slots: [["product", slot]],
      context: { category: product.category, product: product.id },
    };
  },
  cart() {
    const lines = cart.map(({ id, qty }) => ({ product: productById(id), qty })).filter((l) => l.product);
    track({ event: "view_cart", currency: CURRENCY, value: total(), items: lines.map((l) => gaItem(l.product, l.qty)) });
    if (!lines.length) return { nodes: [h("h1", { textContent: t().cart }), h("p", { textContent: t().emptyCart })] };
    const rows = lines.map((l) => h("tr", {},
      h("td", { textContent: l.product.name[lang] }), h("td", { textContent: `× ${l.qty}` }),
      h("td", { textContent: price(l.product.price * l.qty, lang) }),
      h("td", {}, h("button", { type: "button", className: "quiet", textContent: t().remove, onclick: () => removeFromCart(l.product) }))));
    return {
      nodes: [h("h1", { textContent: t().cart }), h("table", { className: "lines" }, h("tbody", {}, rows)),
        h("p", {}, h("strong", { textContent: `${t().total}: ${price(total(), lang)}` })),
        h("p", {}, h("a", { href: "#/checkout", id: "to-checkout", textContent: t().toCheckout }))],
    };
  },
  checkout() {
    if (!cart.length) return views.cart();
    track({ event: "begin_checkout", currency: CURRENCY, value: total(), items: cartItems() });
    return {
      nodes: [h("h1", { textContent: t().checkout }), h("p", { textContent: `${t().total}: ${price(total(), lang)}` }),
        h("button", { type: "button", id: "place-order", textContent: t().placeOrder, onclick: placeOrder })],
    };
  },
  thanks(orderId) {
    return { nodes: [h("h1", { textContent: t().orderPlaced }), h("p", { textContent: `${t().orderNumber}: ${orderId}` }),
      h("p", {}, h("a", { href: "#/review", textContent: t().review }))] };
  },
  review() {
    const status = h("p", { className: "notice", role: "status" });
    const stars = [5, 4, 3, 2, 1].map((n) => h("label", {}, h("input", { type: "radio", name: "rating", value: n, checked: n === 5 }), ` ${t().stars(n)}`));
    const form = h("form", { className: "stack", id: "review-form", onsubmit: (e) => {
      e.preventDefault();
      const rating = Number(new FormData(form).get("rating"));
      track({ event: "review", rating });
      status.textContent = t().thanksReview;
      refresh();
    } },
    h("fieldset", {}, h("legend", { textContent: t().rating }), stars),
    h("label", { for: "review-text", textContent: t().yourReview }), h("textarea", { id: "review-text" }),
    h("button", { type: "submit", textContent: t().send }), status);
    return { nodes: [h("h1", { textContent: t().reviewTitle }), form] };
  },
  refer() {
    const status = h("p", { className: "notice", role: "status" });
    return { nodes: [h("h1", { textContent: t().referTitle }), h("p", { textContent: t().referText }),
      h("button", { type: "button", id: "refer-button", textContent: t().referButton, onclick: () => {
        track({ event: "referral" });
        status.textContent = t().thanksRefer;
        refresh();
      } }), status] };
  },
};

// ---- actions ----------------------------------------------------------------------------------

function total() {
  return cart.reduce((sum, { id, qty }) => sum + (productById(id)?.price ?? 0) * qty, 0);
}

function cartItems() {
  return cart.map(({ id, qty }) => gaItem(productById(id), qty));
}

function addToCart(product) {
  const line = cart.find((l) => l.id === product.id);
  if (line) line.qty += 1;
  else cart.push({ id: product.id, qty: 1 });
  saved.set("cart", cart);
  track({ event: "add_to_cart", currency: CURRENCY, value: product.price, items: [gaItem(product)] });
  refresh();
}

function removeFromCart(product) {
  const line = cart.find((l) => l.id === product.id);
  cart = cart.filter((l) => l !== line);
  saved.set("cart", cart);
  track({ event: "remove_from_cart", currency: CURRENCY, value: product.price * line.qty, items: [gaItem(product, line.qty)] });
  show();
}

function placeOrder() {
  const id = `TH-${clock().toString(36).toUpperCase()}`;
  track({ event: "purchase", transaction_id: id, currency: CURRENCY, value: total(), items: cartItems() });
  cart = [];
  saved.set("cart", cart);
  location.hash = `#/thanks/${id}`;
}

// ---- page -------------------------------------------------------------------------------------

function route() {
  const [, view = "", arg] = location.hash.split("/");
  switch (view) {
    case "c": return views.category(arg);
    case "p": return views.product(arg);
    case "cart": return views.cart();
    case "checkout": return views.checkout();
    case "thanks": return views.thanks(arg);
    case "review": return views.review();
    case "refer": return views.refer();
    default: return views.home();
  }
}

let current = { slots: [] };

/** The page context the engine decides a slot with. */
const pageContext = () => ({ path: location.hash.slice(1) || "/", ...current.context });

/** Renders the page for the current address. */
function show() {
  document.documentElement.lang = lang;
  track({ event: "page_view", page_location: location.href, page_title: document.title });
  current = route();
  for (const key of Object.keys(decisions)) delete decisions[key];
  document.getElementById("view").replaceChildren(...current.nodes);
  if (inspector.firstBanner === null && document.querySelector("crumbtrail-slot[data-crumbtrail-message]")) {
    inspector.firstBanner = performance.now(); // ms since navigation start
    performance.mark("crumbtrail:first-banner");
  }
  chrome();
  refresh();
}

/** After any action: the engine decides the slots again and the inspector follows. Before the
 * engine has loaded, the slots show what was kept ready, and there is nothing to update. */
function refresh() {
  document.getElementById("cart-count").textContent = String(cart.reduce((n, l) => n + l.qty, 0));
  if (!p) return;
  slots.refresh();
  inspector.update({ p, decisions, clock, storageKey: STORAGE_KEY, context: pageContext(), tally: saved.session("slots", { decided: 0, replaced: 0 }) });
}

/** The parts of the page around the view: navigation, labels in the current language. */
function chrome() {
  const w = t();
  const here = location.hash;
  document.getElementById("nav").replaceChildren(
    h("a", { href: "#/", textContent: w.home, "aria-current": here === "" || here === "#/" ? "page" : false }),
    ...CATEGORIES.map((c) => h("a", { href: `#/c/${c}`, textContent: w.categories[c], "aria-current": here === `#/c/${c}` ? "page" : false })),
    h("a", { href: "#/review", textContent: w.review }),
    h("a", { href: "#/refer", textContent: w.refer }));
  document.getElementById("tagline").textContent = w.tagline;
  document.getElementById("cart-label").textContent = w.cart;
  document.getElementById("lang-label").textContent = w.language;
  document.getElementById("lang").value = lang;
  document.getElementById("newsletter-label").textContent = w.newsletter;
  document.getElementById("signup-button").textContent = w.signUp;
  document.getElementById("privacy").textContent = w.privacy;
}

document.getElementById("lang").addEventListener("change", (e) => {
  saved.set("lang", e.target.value);
  p?.flush();
  location.reload(); // the locale is a construction option: the page starts again in the new language
});

document.getElementById("newsletter").addEventListener("submit", (e) => {
  e.preventDefault();
  track({ event: "sign_up", method: "newsletter" });
  document.getElementById("newsletter-status").textContent = t().signedUp;
  refresh();
});

const toggle = document.getElementById("inspector-toggle");
function showInspector(on) {
  document.querySelector(".layout").classList.toggle("no-inspector", !on);
  toggle.setAttribute("aria-expanded", String(on));
  saved.set("inspector", on);
}
toggle.addEventListener("click", () => showInspector(toggle.getAttribute("aria-expanded") !== "true"));
showInspector(saved.get("inspector", true));

addEventListener("hashchange", () => {
  show();
  document.getElementById("view").focus();
});
show();

// The engine, off the critical path: after the page has loaded, when the browser is idle.
await new Promise((resolve) => {
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve));
  document.readyState === "complete" ? idle() : addEventListener("load", idle, { once: true });
});
// The recommendations file, learned at build time from the shop's order history (scripts/build),
// in the page's language: fetched while the wasm loads, used before the slots are decided.
const recommendations = fetch(`./recommendations.${lang}.txt`)
  .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`recommendations: ${r.status} for ${r.url}`))));
recommendations.catch(() => {}); // reported below, once the inspector can show it
await init();
// exposuresToDataLayer: what the shopper was shown (and clicked) reaches the shop's analytics as
// GA4's view_promotion / select_promotion, through the same dataLayer; the inspector lists them.
p = new Personalizer({ storageKey: STORAGE_KEY, messages: MESSAGES, locale: lang, now: clock, exposuresToDataLayer: true,
  onError: (e) => inspector.error(e) });
listen(p, dataLayer); // crumbtrail learns only from the dataLayer, as a tag manager would
try {
  // crumbtrail/recommend reads the file and ranks in JavaScript, and serves the engine the
  // attribute `recommended` that the "goes well with" message reads.
  window.trailhead.recommendations = useRecommendations(p, await recommendations); // the number of items
} catch (e) {
  inspector.error(e); // the shop carries on without: the "goes well with" message is not eligible
}
slots = attachSlots(p, {
  context: pageContext,
  onDecision(element, decision, { replaced, before }) {
    const slot = element.getAttribute("name");
    decisions[slot] = { decision, source: element.dataset.crumbtrailSource, replaced };
    // How often the engine changed what the kept decision showed, over this tab's visit, and which.
    const tally = saved.session("slots", { decided: 0, replaced: 0, changes: [] });
    tally.decided += 1;
    if (replaced) tally.changes.push(`${slot}: ${before ?? "baseline"} → ${decision?.id ?? "baseline"}`);
    tally.replaced = tally.changes.length;
    saved.session("slots", tally, true);
  },
});
window.trailhead.ready = true;
refresh();
