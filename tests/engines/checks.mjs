// The representative end-to-end checks, run in one WebDriver session per engine (Firefox ESR,
// WebKitGTK; Chromium runs the full Playwright suite in tests/e2e and, here, the error messages):
// the README examples, storage across reloads and two windows, a Content-Security-Policy and the
// fallback, the error messages of a .wasm that does not arrive, render and dismiss, the demo walk,
// and the consent adapters against their platforms' stubs (consent.mjs). They reuse the pages of
// tests/e2e/pages and the demo in demo/, driven through their ids.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { By, Key, until } from "selenium-webdriver";
import { open, ENGINES } from "./driver.mjs";
import { site } from "./server.mjs";
import { example, promised, SHOE_BUYER } from "../js/readme-examples.mjs";
import { CONSENT_CHECKS } from "./consent.mjs";
import { SHOPIFY_ENGINE_CHECKS } from "./shopify.mjs";
import { shop } from "../shopify/storefront.mjs";
import { DEMO_HEAD_SCRIPT } from "../../demo/render.mjs";

const root = new URL("../..", import.meta.url).pathname;

/** Runs `code` (a function body) in the page with `args`; resolves to what it returns. */
const run = (driver, code, ...args) => driver.executeScript(code, ...args);

/** Waits until the expression `expr` is truthy in the page. */
const waitFor = (driver, expr, what, timeout = 20_000) =>
  driver.wait(() => run(driver, `try { return !!(${expr}); } catch { return false; }`), timeout, `${what} (${expr})`);

/** The page's `window.result` once set (pages of tests/e2e/pages set it when they are done). */
async function resultOf(driver, url) {
  await driver.get(url);
  await waitFor(driver, `window.result !== undefined`, `window.result on ${url}`);
  return run(driver, "return window.result");
}

// ---- the documentation's examples, as tests/e2e/readme.test.mjs runs them in Chromium ----------------------


/** Runs `code` as a module on the README page (its import map names "crumbtrail"). */
async function inReadmePage(driver, server, code, storage = {}) {
  await driver.get(`${server.url}/tests/e2e/pages/readme.html`);
  await run(driver, `localStorage.clear();
    for (const [k, v] of Object.entries(arguments[0])) localStorage.setItem(k, v);
    window.problems = [];
    addEventListener("error", (e) => problems.push(e.message));
    addEventListener("unhandledrejection", (e) => problems.push(String(e.reason?.message ?? e.reason)));
    const script = document.createElement("script");
    script.type = "module";
    script.textContent = arguments[1];
    document.head.append(script);`, storage, code);
  await waitFor(driver, `"result" in window || problems.length > 0`, "the example finished");
  const { result, problems } = await run(driver, "return { result: window.result, problems: window.problems }");
  assert.deepEqual(problems, [], "the example raised nothing");
  return result;
}

const CHECKS = {
  async "the README's quick start and the guides' messages and fallback examples run as their comments say"({ driver, plain }) {
    const quick = example("await init(); // fetches", "README.md");
    assert.deepEqual(await inReadmePage(driver, plain, `${quick}\nwindow.result = [stage, reasons];`),
      promised(quick, "const { stage, reasons, metrics } = p.stage();"));

    const messages = example('p.render("hero"', "docs/guide/messages.md");
    const rendered = await inReadmePage(driver, plain,
      `${SHOE_BUYER}\n${messages}\nwindow.result = { decision, title: document.querySelector("#hero .crumbtrail-title")?.textContent };`);
    assert.deepEqual([rendered.decision], promised(messages, "const decision = p.render("));
    assert.equal(rendered.title, "More shoes for you");

    const fallback = example("fallback: true", "docs/guide/javascript.md");
    assert.equal(await inReadmePage(driver, plain, `import init, { Personalizer } from "crumbtrail";
const messages = [{ id: "hi", slot: "hero", content: { title: "Hi" } }];
${fallback}
window.result = p.decide("hero")?.id ?? null;`), "hi");
  },

  async "what was tracked survives a real reload"({ driver, plain }) {
    await driver.get(`${plain.url}/tests/e2e/pages/track.html?key=reload`);
    await waitFor(driver, "window.ready === true", "the page is ready");
    await run(driver, `localStorage.clear();
      p.track({ event: "view_item", items: [{ item_id: "SKU-1", item_category: "Shoes", price: 89 }] });
      p.track({ event: "add_to_cart", items: [{ item_id: "SKU-1", item_category: "Shoes", price: 89 }] });
      p.track({ event: "purchase", ecommerce: { transaction_id: "T-1", value: 89, currency: "EUR" } });`);
    // no flush: the coalesced write must already have happened, or happen on pagehide
    await driver.navigate().refresh();
    await waitFor(driver, "window.ready === true", "the page is ready again");
    const { report, errors } = await run(driver, "return { report: p.stage(), errors: window.errors }");
    assert.equal(report.stage, "development");
    assert.equal(report.metrics.orders, 1);
    assert.equal(report.metrics.itemViews, 1);
    assert.deepEqual(errors, []);
  },

  async "two windows tracking 500 events each at once lose none and count none twice; a window picks up the other's events"({ driver, plain }) {
    const url = `${plain.url}/tests/e2e/pages/track.html?key=windows`;
    const first = await driver.getWindowHandle();
    await driver.get(url);
    await waitFor(driver, "window.ready === true", "window A is ready");
    await run(driver, "localStorage.clear()");
    await driver.switchTo().newWindow("window");
    const second = await driver.getWindowHandle();
    await driver.get(url);
    await waitFor(driver, "window.ready === true", "window B is ready");
    // Both bursts run at once: each is started and left running, yielding a task every 7 events
    // (a MessageChannel task: a timer in a window in the background may be slowed to 1 s).
    const burst = `const tab = arguments[0];
      const yieldTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
      window.burst = (async () => {
        for (let i = 0; i < 500; i++) {
          p.track({ event: "view_item", items: [{ item_id: tab + "-" + i, item_category: tab }] });
          if (i % 7 === 0) await yieldTask();
        }
        p.flush();
        return true;
      })().then((done) => (window.burstDone = done));`;
    await driver.switchTo().window(first);
    await run(driver, burst, "A");
    await driver.switchTo().window(second);
    await run(driver, burst, "B");
    for (const handle of [first, second]) {
      await driver.switchTo().window(handle);
      await waitFor(driver, "window.burstDone === true", "the burst finished", 60_000);
      await run(driver, "p.flush()");
    }
    await driver.switchTo().newWindow("window");
    await driver.get(url);
    await waitFor(driver, "window.ready === true", "window C is ready");
    const seen = await run(driver, "const m = p.stage().metrics; return { itemViews: m.itemViews, categories: [...m.topCategories].sort(), attrs: p.attributes().itemViews, errors: window.errors }");
    assert.deepEqual(seen, { itemViews: 1000, categories: ["A", "B"], attrs: 1000, errors: [] });
    await driver.close();

    // The storage event: window A signs up, window B (which has not tracked since) sees it.
    await driver.switchTo().window(first);
    await run(driver, `p.track({ event: "sign_up" }); p.flush();`);
    await driver.switchTo().window(second);
    // B is already in acquisition from its views; what it learns from A is signedUp.
    await waitFor(driver, "p.attributes().signedUp === true", "window B picks up A's sign-up through the storage event", 5_000);
    assert.deepEqual(await run(driver, "return window.errors"), []);
    await driver.close();
    await driver.switchTo().window(first);
    assert.deepEqual(await run(driver, "return window.errors"), []);
  },

  async "a CSP without 'wasm-unsafe-eval': init() rejects with the line to add; the fallback carries on"({ driver, strict }) {
    const blocked = await resultOf(driver, `${strict.url}/tests/e2e/pages/unavailable.html`);
    assert.match(blocked.error, /Content-Security-Policy does not allow WebAssembly\. Add 'wasm-unsafe-eval' to script-src/, blocked.error);
    assert.match(blocked.error, /script-src 'self' 'wasm-unsafe-eval'/);
    const carried = await resultOf(driver, `${strict.url}/tests/e2e/pages/unavailable.html?fallback`);
    assert.deepEqual(carried, { init: null, decision: null, stage: "reach", evalCondition: false });
  },

  async "a .wasm that does not arrive: the error names the URL tried and what came instead"({ driver, html, missing, plain }) {
    const url = (server) => `${server.url}/pkg/web/crumbtrail_bg.wasm`;
    // A single-page app's catch-all answering the .wasm URL with its HTML page.
    const page = await resultOf(driver, `${html.url}/tests/e2e/pages/unavailable.html`);
    assert.match(page.error, new RegExp(`^crumbtrail: ${escape(url(html))} is not WebAssembly \\(`), page.error);
    assert.match(page.error, /an HTML page/);
    assert.match(page.error, /Serve web\/crumbtrail_bg\.wasm there as application\/wasm/);
    // A 404.
    const gone = await resultOf(driver, `${missing.url}/tests/e2e/pages/unavailable.html`);
    assert.match(gone.error, new RegExp(`^crumbtrail: could not load its WebAssembly from ${escape(url(missing))} \\(`), gone.error);
    // Either way the fallback carries on, and where nothing is wrong the real thing runs.
    assert.deepEqual(await resultOf(driver, `${html.url}/tests/e2e/pages/unavailable.html?fallback`),
      { init: null, decision: null, stage: "reach", evalCondition: false });
    const working = await resultOf(driver, `${plain.url}/tests/e2e/pages/unavailable.html?fallback`);
    assert.equal(working.init, true);
    assert.equal(working.decision.id, "m");
    assert.equal(working.stage, "development");
  },

  async "hostile content renders inert; click and keyboard dismiss bring the next message and are remembered"({ driver, plain }) {
    await driver.get(`${plain.url}/tests/e2e/pages/messages.html`);
    await waitFor(driver, "window.ready === true", "the messages page is ready");
    const first = await run(driver, `localStorage.clear();
      const messages = [
        { id: "evil", slot: "hero", priority: 9, content: { title: '<img src=x onerror="window.pwned = 1">Hello',
          body: "<script>window.pwned = 2</script>", href: " java\\tscript:window.pwned = 3", dismissLabel: '"><svg onload="window.pwned=4">' } },
        { id: "data-link", slot: "pdp", content: { title: "Data", cta: "Open", href: "data:text/html,<script>window.pwned=5</script>" } },
        { id: "safe", slot: "hero", content: { title: "Safe", body: "Hi {{page.name}}", cta: "See shoes", href: "#shoes" } },
      ];
      window.p = new window.crumbtrail.Personalizer({ storage: "memory", messages });
      const hero = document.getElementById("hero");
      const d = p.render("hero", hero, { name: "<i>Eve</i>" });
      p.render("pdp", document.getElementById("pdp"));
      return { id: d.id, elements: [...hero.querySelectorAll("*")].map((e) => e.tagName), title: hero.querySelector(".crumbtrail-title").textContent,
        region: [hero.getAttribute("role"), hero.getAttribute("aria-label")], dismissLabel: hero.querySelector("button").getAttribute("aria-label") };`);
    assert.equal(first.id, "evil");
    assert.deepEqual(first.elements, ["P", "P", "BUTTON"]);
    assert.equal(first.title, '<img src=x onerror="window.pwned = 1">Hello');
    assert.deepEqual(first.region, ["region", first.title]);
    assert.equal(first.dismissLabel, '"><svg onload="window.pwned=4">');
    // A real click on the data: message's dismiss button, the keyboard on the hero's.
    await driver.findElement(By.css("#pdp button")).click();
    await driver.findElement(By.css("#hero button")).sendKeys(Key.ENTER);
    await waitFor(driver, `document.getElementById("hero").hidden`, "the dismissed message is removed");
    const next = await run(driver, `const hero = document.getElementById("hero");
      const d = p.render("hero", hero, { name: "<i>Eve</i>" });
      const a = hero.querySelector("a");
      return { id: d.id, body: hero.querySelector(".crumbtrail-body").textContent, href: a.href, text: a.textContent, pdpHidden: document.getElementById("pdp").hidden };`);
    assert.deepEqual(next, { id: "safe", body: "Hi <i>Eve</i>", href: `${plain.url}/tests/e2e/pages/messages.html#shoes`, text: "See shoes", pdpHidden: true });
    await driver.findElement(By.css("#hero a")).click();
    const log = JSON.parse(await run(driver, "return p.export()")).crumbtrail.profile.messages;
    assert.ok(log.evil.dismissed > 0 && log["data-link"].dismissed > 0, "both dismissals recorded");
    assert.equal(log.safe.shown.length, 1);
    assert.ok(log.safe.clicked > 0, "the click recorded");
    assert.equal(await run(driver, "return window.pwned"), null);
  },

  async "the demo walk under a strict CSP with Trusted Types: each stage and its banner, across real reloads, no violation"({ driver, demo }) {
    let n = 0;
    // Every step is a full page load (a new query), as a shopper coming back would make.
    const visit = async (path) => {
      await driver.get(`${demo.url}/en/${path}?visit=${++n}`);
      // The query too: geckodriver has answered a navigation while the old document was still up.
      await waitFor(driver, `location.search === "?visit=${n}" && document.readyState === "complete" && window.trailhead?.ready === true`,
        `the demo is ready at ${path}`);
    };
    // What the shopper sees on the home page: the stage in the inspector, and the hero banner by
    // its message id where the slot carries one (data-crumbtrail-message), else by its title.
    const home = () => visit("").then(() => run(driver, `const slot = document.getElementById("hero-slot");
      const scope = slot.shadowRoot ?? slot;
      const id = slot.getAttribute("data-crumbtrail-message") ?? slot.querySelector("[data-crumbtrail-message]")?.getAttribute("data-crumbtrail-message") ?? null;
      const title = slot.hidden ? null : scope.querySelector(".crumbtrail-title")?.textContent ?? null;
      return { stage: document.getElementById("inspector-stage").dataset.stage, id, title };`));
    const expect = async (stage, id, title, step) => {
      const seen = await home();
      assert.equal(seen.stage, stage, `${step}: the stage`);
      if (seen.id !== null) assert.equal(seen.id, id, `${step}: the hero's message`);
      else assert.equal(seen.title, title, `${step}: the hero's title`);
    };
    const click = async (selector) => {
      await driver.wait(until.elementLocated(By.css(selector)), 10_000, selector);
      await driver.findElement(By.css(selector)).click();
    };
    await visit("");
    await run(driver, "localStorage.clear(); sessionStorage.clear();");
    await expect("reach", "welcome", "Welcome to Trailhead", "a new shopper");
    for (const id of ["ridge-runner", "drizzle-shell", "summit-30"]) await visit(`p/${id}.html`);
    await expect("acquisition", "first-order", "10% off your first order", "three products viewed");
    await visit("p/ridge-runner.html");
    await click("#add-to-cart");
    await expect("acquisition", "cart-reminder", "Your cart is waiting", "a cart");
    // Dismissed, it stays dismissed after a reload. The button may sit in the slot's shadow root,
    // out of WebDriver's selectors' reach, so it is found there and clicked by script.
    const banner = `(() => { const slot = document.getElementById("hero-slot"); const scope = slot.shadowRoot ?? slot;
      return slot.hidden ? null : scope.querySelector(".crumbtrail-title") && scope; })()`;
    await run(driver, `${banner}.querySelector(".crumbtrail-dismiss").click();`);
    await waitFor(driver, `${banner} === null`, "the dismissed hero is gone");
    await expect("acquisition", "first-order", "10% off your first order", "after dismissing the cart reminder");
    await visit("cart.html");
    await click("#to-checkout");
    await click("#place-order");
    await waitFor(driver, `location.pathname.endsWith("/thanks.html") && window.trailhead?.ready === true`, "the order is placed");
    await expect("development", "feedback", "How was your first order?", "a first order");
    // The inspector's clock travels 120 days: a one-time buyer lapses.
    await run(driver, `[...document.querySelectorAll("#inspector button")].find((b) => b.textContent === "+120 days").click();`);
    await expect("lapsed", "win-back", "We have missed you", "120 days later");
    // The policy was in force — a deliberate violation is reported — and the walk caused no
    // other violation; and Trusted Types are enforced here (a string into innerHTML throws), so
    // that "works under Trusted Types" is not true merely of an engine that ignores them.
    await run(driver, `const img = new Image(); img.src = "http://127.0.0.2:9/blocked.png"; document.body.append(img);`);
    await driver.wait(async () => demo.reports.length > 0, 10_000, "the control violation is reported");
    await new Promise((r) => setTimeout(r, 500));
    const violations = demo.reports.map((r) => r["csp-report"] ?? r).map((r) => `${r["violated-directive"] ?? r["effective-directive"]}: ${r["blocked-uri"]}`);
    assert.deepEqual(violations.filter((v) => !v.includes("127.0.0.2")), [], "no violation but the control one");
    assert.equal(await run(driver, `try { document.createElement("p").innerHTML = "<b>x</b>"; return "allowed"; } catch (e) { return e.name; }`),
      "TypeError", "Trusted Types are enforced");
  },
};

// The consent adapters against their platforms' stubs (consent.mjs).
Object.assign(CHECKS, CONSENT_CHECKS);
// The Shopify app: its blocks rendered by liquidjs, its web pixel under the runtime's stub (shopify.mjs).
Object.assign(CHECKS, SHOPIFY_ENGINE_CHECKS);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; require-trusted-types-for 'script'; report-uri /csp-report";
/** The demo's pages carry two inline scripts in <head> (crumbtrail's slot script, the demo's clock),
 * allowed by their hashes. */
const hash = (text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
const DEMO_CSP = () => CSP.replace("'wasm-unsafe-eval'", `'wasm-unsafe-eval' ${hash(readFileSync(join(root, "pkg/slot.js"), "utf8"))} ${hash(DEMO_HEAD_SCRIPT)}`);
const NOT_WASM = "<!doctype html><html><head><title>Trailhead</title></head><body><div id=app></div></body></html>";

/** Registers the checks named in `only` (default: all) as tests of `engine`, in one session. */
export function engineTests(engine, only = Object.keys(CHECKS)) {
  const env = {};
  before(async () => {
    env.plain = await site(root);
    env.strict = await site(root, { headers: { "content-security-policy": "script-src 'self'" } });
    env.html = await site(root, { replace: { "/pkg/web/crumbtrail_bg.wasm": { type: "text/html; charset=utf-8", body: NOT_WASM } } });
    env.missing = await site(root, { replace: { "/pkg/web/crumbtrail_bg.wasm": { status: 404, type: "text/plain", body: "not found" } } });
    env.demo = await site(join(root, "demo"), { headers: { "content-security-policy": DEMO_CSP() } });
    env.shop = await shop();
    const session = await open(engine);
    env.session = session;
    env.driver = session.driver;
  });
  after(async () => {
    await env.session?.close();
    for (const server of [env.plain, env.strict, env.html, env.missing, env.demo, env.shop]) server?.close();
  });
  const alive = (driver) => driver.getAllWindowHandles().then(() => true, () => false);
  const run = async (name) => {
    // Each check starts in one window, whatever a failed check before it left open.
    const [main, ...others] = await env.driver.getAllWindowHandles();
    for (const handle of others) await env.driver.switchTo().window(handle).then(() => env.driver.close());
    await env.driver.switchTo().window(main);
    const t0 = Date.now();
    await CHECKS[name](env);
    console.log(`${ENGINES[engine].name}: ${name.split(":")[0]}: ${Date.now() - t0} ms`);
  };
  for (const name of only) {
    test(`${ENGINES[engine].name}: ${name}`, async () => {
      try {
        await run(name);
      } catch (error) {
        // The browser itself went away (WebKitGTK's web process now and then crashes or is taken
        // for hung on a loaded machine): that says nothing of the check, and would fail every
        // check after it. A new session runs the check once more; a second failure is its result.
        if (await alive(env.driver)) throw error;
        console.log(`${ENGINES[engine].name}: the session ended during "${name}" (${error.name}: ${error.message}); a new session runs it again`);
        await env.session.close().catch(() => {});
        env.session = await open(engine);
        env.driver = env.session.driver;
        await run(name);
      }
    });
  }
}

export const CHECK_NAMES = Object.keys(CHECKS);
