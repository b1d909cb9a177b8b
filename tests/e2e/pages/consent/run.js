// Runs one consent scenario (scenarios.js) in the page with the built package: a Personalizer
// with a catalogue of one message per step, an adapter of crumbtrail/consent attached to it, and
// the platform's stub. After each step, once the adapter has had its chance to hear the platform,
// the page tracks an event, renders that step's message and writes, then records what crumbtrail
// kept in localStorage, the exposures it reported, its consent and the adapter's error codes.
import init, { Personalizer } from "crumbtrail";
import { SAY, scenario } from "./scenarios.js";
import { STUBS } from "./stubs.js";

/** Each adapter's module under crumbtrail/consent. */
const FILES = {
  consentMode: "consent-mode.js",
  shopifyPrivacy: "shopify-privacy.js",
  cookiebot: "cookiebot.js",
  oneTrust: "onetrust.js",
  tcf: "tcf.js",
};

/** How long the adapters wait for their platform here, so that "never loads" is quick. */
export const WAIT_MS = 50;

const MESSAGES = Array.from({ length: 8 }, (_, i) => ({ id: `m${i}`, slot: `s${i}`, content: { title: `Step ${i}` } }));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const same = (a, b) => a.profile === b.profile && a.measurement === b.measurement;

/** Page errors and unhandled rejections, from now on: nothing may be thrown into the page. */
function pageErrors() {
  const seen = [];
  addEventListener("error", (e) => seen.push(e.message));
  addEventListener("unhandledrejection", (e) => seen.push(String(e.reason?.message ?? e.reason)));
  return seen;
}

/** crumbtrail's keys in localStorage (the storage key, and what it keeps beside it). */
const keys = (key = "crumbtrail") => Object.keys(localStorage).filter((k) => k === key || k.startsWith(`${key}:`)).sort();

/** Imports `adapter` from `root`: the built package's `crumbtrail/consent/<platform>` files by default
 * (what a page without a bundler loads), or `?root=/package/consent/` for the sources. */
async function adapterOf(name, root) {
  const module = await import(`${root}${FILES[name]}`);
  return module[name];
}

/**
 * Runs the scenario named by the page's query (`adapter`, `timing`, optional `root`); resolves to
 * `{ steps: [{ name, consent, keys, exposures, errors }], pageErrors, refused }`.
 */
export async function runScenario(params) {
  const name = params.get("adapter");
  const timing = params.get("timing");
  const root = params.get("root") ?? "/pkg/consent/";
  const thrown = pageErrors();
  localStorage.clear();
  await init();
  const adapter = await adapterOf(name, root);
  const plan = scenario(name, timing);
  const stub = STUBS[name](plan.stubOptions);
  const ctx = { stub, say: SAY[name], detach: () => {} };
  plan.before?.(ctx);

  const heard = [], errors = [], refused = [];
  const p = new Personalizer({
    consent: "pending",
    messages: MESSAGES,
    onExposure: (e) => heard.push(e.promotion_id),
    onError: (e) => refused.push(`${e.code}: ${e.message}`),
  });
  // A short wait where the platform is never to come, the default one where it comes late.
  const waitMs = plan.steps.some((s) => s.wait === "error") ? WAIT_MS : undefined;
  ctx.detach = adapter(p, { waitMs, onError: (e) => errors.push(e.code), ...plan.options });

  const steps = [];
  for (const [index, step] of plan.steps.entries()) {
    step.act?.(ctx);
    // Until the adapter has looked at the platform (its script is looked for every 100 ms) and
    // heard what the step expects, then a little longer, so that a late change would show.
    const until = Date.now() + 10_000;
    const settled = () => stub.looked() && same(p.consent(), step.consent) && errors.length >= step.errors.length;
    while (Date.now() < until && !settled()) await sleep(10);
    await sleep(step.wait === "long" ? 10 * WAIT_MS : 150);
    p.track({ event: "view_item", items: [{ item_id: "SKU-1", item_category: "Shoes", price: 10 }] });
    const slot = document.body.appendChild(document.createElement("div"));
    p.render(`s${index}`, slot);
    p.flush();
    steps.push({ name: step.name, consent: p.consent(), keys: keys(), exposures: heard.splice(0), errors: [...errors] });
  }
  ctx.detach();
  const listening = name === "tcf" && typeof stub.listening === "function" && window.__tcfapi ? stub.listening() : null;
  return { steps, pageErrors: thrown, refused, listening };
}

/**
 * One of two tabs sharing crumbtrail's storage: Cookiebot answers yes from an earlier visit, the
 * tab tracks and writes; `window.tab` can withdraw through Cookiebot and report what is kept.
 */
export async function openTab() {
  const thrown = pageErrors();
  await init();
  const adapter = await adapterOf("cookiebot", "/pkg/consent/");
  const stub = STUBS.cookiebot();
  stub.load(SAY.cookiebot(true, true));
  const errors = [];
  const p = new Personalizer({ consent: "pending", messages: MESSAGES, onError: (e) => errors.push(e.code) });
  adapter(p, { waitMs: WAIT_MS, onError: (e) => errors.push(e.code) });
  while (p.consent().profile !== "granted") await sleep(10);
  p.track({ event: "view_item", items: [{ item_id: "SKU-1", item_category: "Shoes", price: 10 }] });
  p.flush();
  window.tab = {
    withdraw: () => stub.withdraw(),
    track() {
      p.track({ event: "view_item", items: [{ item_id: "SKU-2", item_category: "Shoes", price: 10 }] });
      p.flush();
    },
    snapshot: () => ({ consent: p.consent(), keys: keys(), itemViews: p.stage().metrics.itemViews, errors, pageErrors: thrown }),
  };
  return "ready";
}
