// A plain shop page for the accessibility tests: the slot script, a <crumbtrail-slot> and an
// element `render` fills for every shape a banner takes, links before and after them, and a
// shopper brought into each lifecycle stage with its clock at T0.

import { DAY, T0, TRAILS } from "./trails.mjs";

export { DAY, T0, TRAILS };

/** Every shape a banner takes — the fields `render` draws, present or not — in English and Dutch,
 * and one without variants (in the page's language). Each shape has a slot of its own. */
export const SHAPES = {
  title: (s) => ({ en: { title: `${s}: welcome back` }, nl: { title: `${s}: welkom terug` } }),
  text: (s) => ({ en: { title: `${s}: free returns`, body: "Send it back within 30 days, on us." },
    nl: { title: `${s}: gratis retour`, body: "Binnen 30 dagen terugsturen, op onze kosten." } }),
  link: (s) => ({ en: { title: `${s}: new season`, body: "Trail shoes for wet days.", cta: "See the shoes", href: "/shoes" },
    nl: { title: `${s}: nieuw seizoen`, body: "Trailschoenen voor natte dagen.", cta: "Bekijk de schoenen", href: "/shoes" } }),
  body: (s) => ({ en: { body: `${s}: your cart is waiting for you.` }, nl: { body: `${s}: je winkelwagen wacht op je.` } }),
  cta: (s) => ({ en: { cta: `${s}: open your cart`, href: "/cart" }, nl: { cta: `${s}: open je winkelwagen`, href: "/cart" } }),
  labelled: (s) => ({ en: { title: `${s}: 10% off`, dismissLabel: "Hide this offer" }, nl: { title: `${s}: 10% korting`, dismissLabel: "Verberg dit aanbod" } }),
  image: (s) => ({ en: { title: `${s}: the club`, image: "/club.jpg" }, nl: { title: `${s}: de club`, image: "/club.jpg" } }),
  single: (s) => ({ title: `${s}: Trail shop`, body: "Free shipping over €50." }),
};
export const STAGES = Object.keys(TRAILS);
export const MESSAGES = STAGES.flatMap((stage) =>
  Object.entries(SHAPES).map(([slot, content]) => ({ id: `${stage}-${slot}`, slot, stages: [stage], content: content(stage) })));
/** Slots no message is for: the shop's baseline (with an image) shows. */
export const SLOTS = [...Object.keys(SHAPES), "baseline"];

const json = (v) => JSON.stringify(v).replaceAll("<", "\\u003c");
const IMAGE = "data:image/svg+xml," + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><path d="M0 40L20 8L40 40Z" fill="#2f6f5e"/></svg>');

/** A plain shop page: the slot script, a <crumbtrail-slot> and a rendered element for every shape,
 * links before and after them, and the engine (auto.js) rendering into the elements. */
export function shopPage(config, { lang = "en", css = "" } = {}) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Trail shop</title>
<script src="/pkg/slot.js"></script>
<style>body { font: 16px/1.5 sans-serif; color: #1b1b1b; background: #fff; margin: 1rem; } ${css}</style>
</head><body>
<header><a href="/" id="before">Trail shop</a> <label>Search <input id="search" type="search"></label></header>
<main>
<h1>Spring collection</h1>
${SLOTS.map((slot) => `<crumbtrail-slot name="${slot}" id="slot-${slot}"><img src="${IMAGE}" alt="A mountain trail at dawn" width="40" height="40"> <span>Free returns on every order</span></crumbtrail-slot>`).join("\n")}
<h2>Rendered into the page</h2>
${SLOTS.map((slot) => `<div id="render-${slot}"></div>`).join("\n")}
<p><a href="/shoes" id="after">All shoes</a></p>
</main>
<script type="application/json" id="crumbtrail-config">${json(config)}</script>
<script type="module">
  import { ready } from "/pkg/auto.js";
  const p = await ready;
  window.p = p;
  if (p) for (const slot of ${json(SLOTS)}) p.render(slot, document.getElementById("render-" + slot), { path: location.pathname });
  window.done = true;
</script>
</body></html>`;
}

/** A page that only tracks `events` with `config`, so that the next page finds a returning shopper. */
export function driver(config, events) {
  return `<!doctype html><meta charset="utf-8"><script type="module">
  import init, { Personalizer } from "/pkg/index.js";
  await init();
  const p = new Personalizer(${json(config)});
  for (const e of ${json(events)}) p.track(e);
  p.flush();
  window.done = true;
</script>`;
}

/** A shopper: one browser context (one localStorage) at T0, serving `html` under /t/. */
export async function shopper(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const html = new Map();
  let headers = {};
  await context.route(`${server.url}/t/**`, (route) =>
    route.fulfill({ contentType: "text/html", headers, body: html.get(new URL(route.request().url()).pathname) }));
  let blocked = false;
  let held = null;
  await context.route("**/*.wasm", async (route) => {
    await held?.promise;
    return blocked ? route.abort() : route.continue();
  });
  return {
    context,
    /** Holds the wasm back until the function returned is called.
     * @returns {(value?: unknown) => void} */
    holdEngine() {
      /** @type {(value?: unknown) => void} */
      let release;
      held = { promise: new Promise((resolve) => { release = resolve; }) };
      return release;
    },
    /** Opens `body` at `path`; `engine: false` refuses the wasm, so that only kept decisions show;
     * `wait: false` returns as soon as the page has loaded; `csp`, a Content-Security-Policy.
     * @param {string} path @param {string} body
     * @param {{ engine?: boolean, wait?: boolean, csp?: string }} [options] */
    async open(path, body, { engine = true, wait = true, csp } = {}) {
      blocked = !engine;
      headers = csp ? { "content-security-policy": csp } : {};
      html.set(path, body);
      const page = await context.newPage();
      page.errors = [];
      page.on("pageerror", (e) => page.errors.push(e.message));
      await page.clock.setFixedTime(T0);
      await page.goto(`${server.url}${path}`);
      if (wait) await page.waitForFunction(() => window.done === true);
      return page;
    },
  };
}

/** What a page shows: per slot and rendered element, the message id or null. */
export const showing = (page) => page.evaluate((slots) => Object.fromEntries(slots.flatMap((slot) => [
  [`slot-${slot}`, document.getElementById(`slot-${slot}`).getAttribute("data-crumbtrail-message")],
  [`render-${slot}`, document.getElementById(`render-${slot}`).getAttribute("data-crumbtrail-message")],
])), SLOTS);

