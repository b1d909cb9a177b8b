// The self-configuring entry for storefronts without a bundler: one module script after the
// classic slot script and the catalogue.
//
//   <script>/* the text of crumbtrail/slot.js */</script>                         (in <head>)
//   <script type="application/json" id="crumbtrail-config">{ "messages": [ … ] }</script>
//   <script type="module" src="/crumbtrail/auto.js" fetchpriority="low"></script>
//
// The config is the Personalizer's options as JSON, inline or at `data-src` (a URL on the shop's
// own origin); `data-wasm` says where the .wasm is when it is not in web/ beside index.js. The engine
// (index.js and the wasm) is fetched only after the page's `load` event and its first contentful
// paint, when the browser is idle (or after 2 s at most), so that it never competes with the page
// for the network or the main thread: the kept decisions have already shown the banners. Then it listens to `dataLayer` when
// there is one (crumbtrail/datalayer, fetched only then; `consentMode` in the config is its
// option) and attaches to every slot. Nothing it does throws into the page; problems are
// warned once on the console. `ready` resolves to the Personalizer (or null), and the document
// hears `crumbtrail-ready` with it.
import { attachSlots } from "./slots.js";

/** Resolves once the page has painted its first content: a request started before that paint is
 * one the paint may wait for (and Lighthouse counts it into FCP and LCP); at most 2 s, for a page
 * that is not shown, or at once where the browser does not report paints. */
const firstPaint = () =>
  new Promise((resolve) => {
    if (!self.PerformanceObserver?.supportedEntryTypes?.includes("paint")) return resolve();
    let observer, timer;
    const done = () => (clearTimeout(timer), observer.disconnect(), resolve());
    observer = new PerformanceObserver((list) => list.getEntriesByName("first-contentful-paint").length && done());
    timer = setTimeout(done, 2000);
    observer.observe({ type: "paint", buffered: true });
  });

const afterLoad = () =>
  new Promise((resolve) => {
    const idle = () => firstPaint().then(() => (self.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve)));
    document.readyState == "complete" ? idle() : addEventListener("load", idle, { once: true });
  });

/** Lets the page run before the next step, so that no task of crumbtrail's start-up is long: the
 * wasm's compilation, the Personalizer's steps and the slots each run in a task of their own. */
const yieldToPage = () => new Promise((resolve) => (self.scheduler?.yield ? scheduler.yield().then(resolve) : setTimeout(resolve)));

async function readConfig() {
  const element = document.getElementById("crumbtrail-config");
  if (!element) return {};
  const src = element.getAttribute("data-src");
  if (!src) return JSON.parse(element.textContent);
  const url = new URL(src, document.baseURI);
  if (url.origin != location.origin) throw new Error(`crumbtrail-config: ${url} is not on this page's origin`);
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`crumbtrail-config: ${url} answered ${response.status}`);
  return response.json();
}

export const ready = (async () => {
  // Imported during server rendering: there is no page to configure.
  if (typeof document != "object") return null;
  try {
    const { consentMode, ...options } = (await readConfig()) ?? {};
    await afterLoad();
    // The engine's module too is fetched only now: before the first paint the page asks for this
    // small entry alone.
    const { default: init, Personalizer } = await import("./index.js");
    // `data-wasm` on the config: where the .wasm is when it cannot sit in web/ beside index.js.
    const wasm = document.getElementById("crumbtrail-config")?.getAttribute("data-wasm");
    if ((await init({ fallback: true, ...(wasm ? { module_or_path: new URL(wasm, document.baseURI) } : {}) })) === null) return null;
    await yieldToPage();
    const personalizer = await Personalizer.create(options);
    if (Array.isArray(self.dataLayer)) (await import("./datalayer.js")).listen(personalizer, self.dataLayer, { consentMode });
    await yieldToPage();
    attachSlots(personalizer);
    document.dispatchEvent(new CustomEvent("crumbtrail-ready", { detail: personalizer }));
    return personalizer;
  } catch (error) {
    console.warn(`crumbtrail: ${error?.message ?? error}; the slots keep their kept decisions or baseline.`);
    return null;
  }
})();
