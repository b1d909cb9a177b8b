// A stub of Shopify's Web Pixels runtime, for a pixel in a strict sandbox, written from Shopify's
// public documentation (web-pixels-api: register, analytics.subscribe, browser, init, settings): it
// runs in a sandboxed frame (an opaque origin, no storage of its own), defines the global
// `shopify.extend("WebPixel::Render", fn)` that `register` from @shopify/web-pixels-extension calls,
// and hands the pixel
// - `analytics.subscribe(name, callback)`: the standard events the top frame publishes (and
//   "all_standard_events"), each as a fresh copy, as a message from another frame would be;
// - `browser.localStorage` / `sessionStorage`: `getItem`, `setItem`, `removeItem`, `key`, `length`,
//   `clear`, each a Promise, executed in the top frame (host.js) through postMessage;
// - `settings` (the pixel's, here none), `init` (context and customer privacy) and
//   `customerPrivacy.subscribe`.
(() => {
  const pending = new Map();
  let next = 0;
  const call = (area, method, args) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      parent.postMessage({ webPixels: "call", id, area, method, args }, "*");
    });
  const storage = (area) => ({
    getItem: (key) => call(area, "getItem", [String(key)]),
    setItem: (key, value) => call(area, "setItem", [String(key), String(value)]),
    removeItem: (key) => call(area, "removeItem", [String(key)]),
    key: (index) => call(area, "key", [Number(index)]),
    length: () => call(area, "length", []),
    clear: () => call(area, "clear", []),
  });
  const subscribers = new Map();
  addEventListener("message", (e) => {
    if (e.source !== parent) return;
    const message = e.data;
    if (message?.webPixels === "answer") {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.result);
    } else if (message?.webPixels === "publish") {
      // Each callback's result is awaited (a pixel's is its write), so that the top frame hears
      // when the batch is handled: a test's way to know, not part of Shopify's runtime.
      const handled = [];
      for (const event of message.events) {
        for (const name of [event.name, "all_standard_events", "all_events"]) {
          for (const callback of subscribers.get(name) ?? []) {
            try { handled.push(callback(structuredClone(event))); } catch (error) { console.error(error); }
          }
        }
      }
      Promise.allSettled(handled).then(() => parent.postMessage({ webPixels: "published", batch: message.batch }, "*"));
    }
  });
  const privacy = { analyticsProcessingAllowed: false, marketingAllowed: false, preferencesProcessingAllowed: true, saleOfDataAllowed: false };
  const api = {
    analytics: {
      subscribe(name, callback) {
        if (!subscribers.has(name)) subscribers.set(name, new Set());
        subscribers.get(name).add(callback);
        return () => subscribers.get(name).delete(callback);
      },
    },
    browser: {
      localStorage: storage("localStorage"),
      sessionStorage: storage("sessionStorage"),
      cookie: { get: () => Promise.resolve(""), set: () => Promise.resolve("") },
    },
    settings: {},
    init: { context: { document: { location: { href: "" } } }, data: { customer: null, cart: null, shop: { name: "Trailhead" } }, customerPrivacy: privacy },
    customerPrivacy: { subscribe: () => () => true },
    _pixelInfo: {},
  };
  self.shopify = {
    extend(point, fn) {
      if (point !== "WebPixel::Render") throw new Error(`unknown extension point ${point}`);
      fn(api);
      parent.postMessage({ webPixels: "registered", subscribed: [...subscribers.keys()] }, "*");
    },
  };
})();
