// When the WebAssembly cannot run: an error that says why and how to fix it, and (on request) an
// inert stand-in so that a shop's page carries on without a try/catch around every call.

const LABEL = "crumbtrail";

/** Where Vite's dependency optimizer puts its copies of the packages it pre-bundles, under the
 * project's node_modules: `.vite/deps/` (Vite, Astro, SvelteKit, React Router) or, in Nuxt,
 * `.cache/vite/client/deps/`. $1 is the node_modules folder's URL, up to its slash. */
export const OPTIMIZED = /^(.*\/node_modules\/)\.(vite|cache\/vite\/\w+)\/deps\//;

/** An Error for `cause` (what `init()` failed with), saying which problem it is and what to do;
 * `optimized`: OPTIMIZED's match of the module's URL, when init() found the wasm by it. */
export function explain(cause, wasmUrl, optimized) {
  const text = String(cause?.message ?? cause);
  // The URL that was tried (a Request's own), or what was passed instead of one.
  const tried = typeof wasmUrl === "string" || wasmUrl instanceof URL ? String(wasmUrl)
    : typeof wasmUrl?.url === "string" ? wasmUrl.url : "the module or bytes given to init()";
  // The setting that keeps a dev server's optimizer away from crumbtrail, where the framework has it.
  const exclude = 'optimizeDeps: { exclude: ["crumbtrail"] }';
  const serve = optimized
    ? `The dev server pre-bundled crumbtrail away from its wasm: add ${optimized[2] == "vite"
      ? `${exclude} to vite.config.js (Astro: vite: { ${exclude} } in astro.config.mjs)`
      : `vite: { ${exclude} } to nuxt.config.ts`}, or pass the wasm's URL to init({ module_or_path }).`
    : "Serve web/crumbtrail_bg.wasm there as application/wasm (bundlers: see \"Bundlers and frameworks\" in the " +
      "README), or pass its URL to init({ module_or_path }).";
  let message;
  if (typeof WebAssembly !== "object") {
    message = `${LABEL}: this browser has no WebAssembly (too old, or turned off), so crumbtrail cannot run. ` +
      "Pass { fallback: true } to init() to carry on without it.";
  } else if (/Content Security Policy|\bCSP\b|unsafe-eval|wasm-eval/i.test(text)) {
    // Chromium and WebKit name the directive; Firefox says "… blocked by CSP".
    message = `${LABEL}: the page's Content-Security-Policy does not allow WebAssembly. Add 'wasm-unsafe-eval' to ` +
      "script-src, for example: Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'";
  } else if (/magic (word|number)|doesn't start with|\\0asm/i.test(text)) {
    // Bytes that are not WebAssembly, usually an HTML page answered for a missing file: Chromium's
    // "expected magic word 00 61 73 6d, found 3c 21 64 6f", Firefox's "failed to match magic number",
    // WebKit's "module doesn't start with '\0asm'".
    message = `${LABEL}: ${tried} is not WebAssembly (${text}), probably an HTML page (a 404 page or an app's catch-all ` +
      `route). ${serve}`;
  } else if (/fetch|network|status code|MIME|Load failed/i.test(text) || cause?.name === "TypeError") {
    message = `${LABEL}: could not load its WebAssembly from ${tried} (${text}). ${serve}`;
  } else {
    message = `${LABEL}: could not start its WebAssembly (${text}).`;
  }
  return Object.assign(new Error(message, { cause }), { code: "wasm_unavailable" });
}

/** The error of export `name` used before init() has run: it says to await init(). */
export function notInitialized(name) {
  return Object.assign(new Error(`${LABEL}: ${name} was used before init(): await init() first, in the browser.`),
    { code: "not_initialized" });
}

const METRICS = {
  sessions: 0, pageViews: 0, itemViews: 0, cartAdds: 0, orders: 0, revenue: 0, currency: null, otherCurrencyOrders: 0,
  orderDays: 0, firstSeen: null, lastSeen: null, firstOrderAt: null, lastOrderAt: null, daysSinceLastOrder: null,
  meanGapDays: null, lapseThresholdDays: null, pAlive: null, expectedOrders90d: null, expectedOrderValue: null,
  expectedRevenue90d: null, expectedRevenue365d: null, topCategories: [], refunds: 0, reviews: 0, referrals: 0,
  shares: 0, engaged: false, advocacySignal: false,
};

/** The stand-in `Personalizer` of `init({ fallback: true })`: tracks nothing, decides nothing. */
export class InertPersonalizer {
  constructor() {}
  static async create() {
    return new InertPersonalizer();
  }
  track() {}
  stage() {
    return { stage: /** @type {const} */ ("reach"), previous: null, since: Date.now(), reasons: [], metrics: { ...METRICS, topCategories: [] } };
  }
  attributes() {
    return { ...METRICS, topCategories: [], stage: /** @type {const} */ ("reach"), previousStage: null, daysInStage: 0, categories: [],
      purchasedCategories: [], recentItems: [], cartOpen: false, cartItems: 0, cartValue: 0, signedUp: false, locale: "en", profileAgeDays: null, recommended: [], page: null };
  }
  recommendationRequest() { return null; }
  setRecommender() {}
  decide() { return null; }
  render() { return null; }
  seen() {}
  clicked() {}
  dismissed() {}
  setConsent() {}
  consent() { return /** @type {const} */ ({ profile: "denied", measurement: "denied" }); }
  exposed() {}
  knownOrders() {}
  export() { return "{}"; }
  forget() {}
  flush() {}
  free() {}
  [Symbol.dispose]() {}
}

/** The stand-in `CompiledCondition`: never matches. */
export class InertCompiledCondition {
  constructor() {}
  matches() { return false; }
  free() {}
  [Symbol.dispose]() {}
}
