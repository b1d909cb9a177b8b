// Trailhead, a small storefront that uses crumbtrail the way a shop would. Its pages come as HTML
// (demo/render.mjs, built into en/ and nl/), the banners as <crumbtrail-slot> elements around the
// shop's own baseline, which the slot script inline in <head> fills with the decision kept ready
// from the last page before the first paint. This script is the shop's own: it pushes what the
// shopper does to its GA4 dataLayer (which crumbtrail listens to), fills the cart's pages from
// this browser's cart, and — after the page has loaded and painted, when the browser is idle, as
// crumbtrail/auto does — loads the engine, which decides each slot with the page's context and
// changes a banner only where that differs and fits its box. Everything stays in this browser.
import { CURRENCY, price, productById, words } from "./shop.js";
import { h } from "./dom.js";

const STORAGE_KEY = "crumbtrail";
const DAY = 86_400_000;

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

const page = document.body.dataset; // page (the view), category, product; crumbtrail / inspector "off"
const lang = document.documentElement.lang === "nl" ? "nl" : "en";
const w = words(lang);
let offset = saved.get("clock", 0); // time travel: added to the real clock through crumbtrail's `now`
const clock = () => Date.now() + offset;
let cart = saved.get("cart", []); // [{ id, qty }]
const decisions = {}; // slot → { decision, source, replaced }, for the inspector
let p = null; // the Personalizer, once the engine has loaded
let slots = null; // the engine's hold on the page's slots
let inspector = null;
// For the end-to-end tests: whether the engine is there, and whether a kept banner was in the
// page as parsed (the slot script shows it when the parser passes the slot: in the first paint).
window.trailhead = { ready: false, keptAtParse: [...document.querySelectorAll("crumbtrail-slot[data-crumbtrail-message]")].map((s) => s.getAttribute("name")) };

const dataLayer = (window.dataLayer = window.dataLayer || []);
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

const total = () => cart.reduce((sum, { id, qty }) => sum + (productById(id)?.price ?? 0) * qty, 0);
const cartItems = () => cart.map(({ id, qty }) => gaItem(productById(id), qty));

/** The engine (and the inspector), once loaded; resolves to null on a page without crumbtrail. */
let engine = Promise.resolve(null);

/** Writes what crumbtrail holds before the page goes (writes are otherwise coalesced per task). */
const leave = async (href) => {
  await engine;
  p?.flush();
  location.href = href;
};

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
  showCart();
  refresh();
}

function placeOrder() {
  const id = `TH-${clock().toString(36).toUpperCase()}`;
  track({ event: "purchase", transaction_id: id, currency: CURRENCY, value: total(), items: cartItems() });
  cart = [];
  saved.set("cart", cart);
  leave(`thanks.html?order=${encodeURIComponent(id)}`);
}

// ---- the cart's pages, from this browser's cart ------------------------------------------------

function showCart() {
  const lines = cart.map(({ id, qty }) => ({ product: productById(id), qty })).filter((l) => l.product);
  const view = document.getElementById("cart-view");
  if (!lines.length) return view.replaceChildren(h("p", { textContent: w.emptyCart }));
  const rows = lines.map((l) => h("tr", {},
    h("td", { textContent: l.product.name[lang] }), h("td", { textContent: `× ${l.qty}` }),
    h("td", { textContent: price(l.product.price * l.qty, lang) }),
    h("td", {}, h("button", { type: "button", className: "quiet", textContent: w.remove, onclick: () => removeFromCart(l.product) }))));
  view.replaceChildren(h("table", { className: "lines" }, h("tbody", {}, rows)),
    h("p", {}, h("strong", { textContent: `${w.total}: ${price(total(), lang)}` })),
    h("p", {}, h("a", { href: "checkout.html", id: "to-checkout", textContent: w.toCheckout })));
}

const VIEWS = {
  collection() {
    const list = [.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("#view [data-add]"))].map((b) => productById(b.dataset.add));
    track({ event: "view_item_list", item_list_id: page.category, items: list.map((x) => gaItem(x)) });
  },
  product() {
    const product = productById(page.product);
    track({ event: "view_item", currency: CURRENCY, value: product.price, items: [gaItem(product)] });
  },
  cart() {
    track({ event: "view_cart", currency: CURRENCY, value: total(), items: cartItems() });
    showCart();
  },
  checkout() {
    const view = document.getElementById("checkout-view");
    if (!cart.length) return view.replaceChildren(h("p", { textContent: w.emptyCart }));
    track({ event: "begin_checkout", currency: CURRENCY, value: total(), items: cartItems() });
    view.replaceChildren(h("p", { textContent: `${w.total}: ${price(total(), lang)}` }),
      h("button", { type: "button", id: "place-order", textContent: w.placeOrder, onclick: placeOrder }));
  },
  thanks() {
    const order = new URLSearchParams(location.search).get("order") ?? "";
    document.getElementById("thanks-view").replaceChildren(h("p", { textContent: `${w.orderNumber}: ${order}` }),
      h("p", {}, h("a", { href: "review.html", textContent: w.review })));
  },
  review() {
    const form = /** @type {HTMLFormElement} */ (document.getElementById("review-form"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      track({ event: "review", rating: Number(new FormData(form).get("rating")) });
      document.getElementById("review-status").textContent = w.thanksReview;
      refresh();
    });
  },
  refer() {
    document.getElementById("refer-button").addEventListener("click", () => {
      track({ event: "referral" });
      document.getElementById("refer-status").textContent = w.thanksRefer;
      refresh();
    });
  },
};

/** The page context the engine decides a slot with: the page's path and the slot's `context`. */
function slotContext(element) {
  let own = {};
  try { own = JSON.parse(element?.getAttribute("context") ?? "{}") ?? {}; } catch { /* none */ }
  return { path: location.pathname, ...own };
}

/** After any action: the engine decides the slots again and the inspector follows. Before the
 * engine has loaded, the slots show what was kept ready, and there is nothing to update. */
function refresh() {
  document.getElementById("cart-count").textContent = String(cart.reduce((n, l) => n + l.qty, 0));
  if (!slots) return;
  slots.refresh();
  inspector?.update({ p, decisions, clock, storageKey: STORAGE_KEY, context: slotContext(document.querySelector("crumbtrail-slot[context]")),
    tally: saved.session("slots", { decided: 0, replaced: 0 }) });
}

// ---- the page ---------------------------------------------------------------------------------

track({ event: "page_view", page_location: location.href, page_title: document.title });
VIEWS[page.page]?.();
refresh();

document.addEventListener("click", (e) => {
  const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (e.target).closest?.("[data-add]"));
  if (!button) return;
  addToCart(productById(button.dataset.add));
  const status = document.getElementById("added");
  if (status) status.textContent = w.added;
});

document.getElementById("lang").addEventListener("change", (e) => {
  const chosen = /** @type {HTMLSelectElement} */ (e.target).value;
  saved.set("lang", chosen);
  // The same page in the other language: its folder beside this one.
  leave(location.pathname.replace(new RegExp(`/${lang}/`), `/${chosen}/`) + location.search);
});

document.getElementById("newsletter").addEventListener("submit", (e) => {
  e.preventDefault();
  track({ event: "sign_up", method: "newsletter" });
  document.getElementById("newsletter-status").textContent = w.signedUp;
  refresh();
});

const toggle = document.getElementById("inspector-toggle");
function showInspector(on) {
  document.documentElement.classList.toggle("no-inspector", !on);
  toggle.setAttribute("aria-expanded", String(on));
  saved.set("inspector", on);
}
if (toggle) {
  toggle.addEventListener("click", () => showInspector(toggle.getAttribute("aria-expanded") !== "true"));
  toggle.setAttribute("aria-expanded", String(saved.get("inspector", true)));
}
addEventListener("pagehide", () => p?.flush());

// ---- the engine, off the critical path: after the page has loaded, when the browser is idle ----

/** Lets the page run between the engine's start-up steps, so that none of them is a long task. */
const yieldToPage = () => new Promise((resolve) => (self.scheduler?.yield ? scheduler.yield().then(resolve) : setTimeout(resolve)));

/** Resolves once the page has painted its first content (at most 2 s, for a page not shown): a
 * request started before that paint is one the paint may wait for. */
const firstPaint = () => new Promise((resolve) => {
  if (!self.PerformanceObserver?.supportedEntryTypes?.includes("paint")) return resolve();
  let observer, timer;
  const done = () => (clearTimeout(timer), observer.disconnect(), resolve());
  observer = new PerformanceObserver((list) => list.getEntriesByName("first-contentful-paint").length && done());
  timer = setTimeout(done, 2000);
  observer.observe({ type: "paint", buffered: true });
});

async function start() {
  await new Promise((resolve) => {
    const idle = () => firstPaint().then(() => (window.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve)));
    document.readyState === "complete" ? idle() : addEventListener("load", idle, { once: true });
  });
  // The recommendations file, learned at build time from the shop's order history (scripts/build),
  // in the page's language: fetched while the wasm loads, used before the slots are decided.
  const recommendations = fetch(new URL(`./recommendations.${lang}.txt`, import.meta.url))
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`recommendations: ${r.status} for ${r.url}`))));
  recommendations.catch(() => {}); // reported below, once the inspector can show it
  const [{ default: init, Personalizer }, { attachSlots }, { listen }, { useRecommendations }, { MESSAGES }, inspectorModule] = await Promise.all([
    import("./pkg/index.js"), import("./pkg/slots.js"), import("./pkg/datalayer.js"), import("./pkg/recommend.js"), import("./messages.js"),
    page.inspector === "off" ? null : import("./inspector.js")]);
  const errors = [];
  if (inspectorModule) {
    inspector = new inspectorModule.Inspector(document.getElementById("inspector"), lang, {
      travel(days) {
        offset += days * DAY;
        saved.set("clock", offset);
        refresh();
      },
      resetClock() {
        offset = 0;
        saved.set("clock", offset);
        refresh();
      },
      forget() {
        p?.forget();
        cart = [];
        saved.set("cart", cart);
        location.href = "./";
      },
    });
    inspector.keptAtParse = window.trailhead.keptAtParse.length > 0;
  }
  const onError = (e) => (inspector ? inspector.error(e) : errors.push(e));
  await init();
  await yieldToPage();
  // exposuresToDataLayer: what the shopper was shown (and clicked) reaches the shop's analytics as
  // GA4's view_promotion / select_promotion, through the same dataLayer; the inspector lists them.
  p = await Personalizer.create({ storageKey: STORAGE_KEY, messages: MESSAGES, locale: lang, now: clock, exposuresToDataLayer: true, onError });
  await yieldToPage();
  listen(p, dataLayer); // crumbtrail learns only from the dataLayer, as a tag manager would
  await yieldToPage();
  try {
    // crumbtrail/recommend reads the file and ranks in JavaScript, and serves the engine the
    // attribute `recommended` that the "goes well with" message reads.
    window.trailhead.recommendations = useRecommendations(p, await recommendations); // the number of items
  } catch (e) {
    onError(e); // the shop carries on without: the "goes well with" message is not eligible
  }
  await yieldToPage();
  slots = attachSlots(p, {
    context: slotContext,
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
  // The cart count and the inspector follow in a task of their own (the slots were just decided).
  await yieldToPage();
  refresh();
  window.trailhead.ready = true;
  return p;
}

if (page.crumbtrail !== "off") engine = start();
else window.trailhead.ready = true;
