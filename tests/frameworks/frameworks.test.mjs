// Each framework's minimal app (this folder), installed from the packed tarball as a shop installs
// it: its dev server, then its production build and server (and its static output where it has
// one), each page opened in Chromium. The page shows the message crumbtrail decided for a
// first-time shopper in <crumbtrail-slot name="hero">, whose baseline is in the server's HTML (on
// the next page: the first shows the baseline, which the welcome would not fit in), already when
// the parser inserts the slot (the slot script is inline in the head: the welcome is in the first
// paint) and with no layout shift; no console error or warning, no hydration warning, no error
// from the server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "../js/browser.mjs";
import { prepare } from "./apps.mjs";

// The slot with its baseline child (dev servers add attributes of their own, or comments).
const BASELINE = /<crumbtrail-slot name="hero"[^>]*>(?:<!--[^>]*-->|\s)*<h2[^>]*>New season, new trails<\/h2>(?:<!--[^>]*-->|\s)*<\/crumbtrail-slot>/;
const bin = (app, name) => join(app, "node_modules/.bin", name);
const HOST = "127.0.0.1";

/** How each app is run: its dev server, its build, its production server (`port` given), the
 * pages the server renders, the page its build renders ahead (prerendered, with the slot's
 * baseline), and the folder of static output with its pages, if any.
 * @typedef {[command: string, args: string[], env?: Record<string, string>]} Run
 * @type {Record<string, { dev: (app: string, port: string) => Run, build: (app: string) => Run,
 *   start: (app: string, port: string) => Run, pages: string[], prerendered?: string,
 *   static?: { dir: string, pages: string[] } }>} */
const APPS = {
  vite: {
    dev: (app, port) => [bin(app, "vite"), ["--host", HOST, "--port", port, "--strictPort"]],
    build: (app) => [bin(app, "vite"), ["build"]],
    start: (app, port) => [bin(app, "vite"), ["preview", "--host", HOST, "--port", port, "--strictPort"]],
    pages: ["/"],
    static: { dir: "dist", pages: ["/"] },
  },
  astro: {
    dev: (app, port) => [bin(app, "astro"), ["dev", "--host", HOST, "--port", port]],
    build: (app) => [bin(app, "astro"), ["build"]],
    start: (app, port) => ["node", [join(app, "dist/server/entry.mjs")], { HOST, PORT: port }],
    pages: ["/", "/server"],
    prerendered: "dist/client/index.html",
    static: { dir: "dist/client", pages: ["/"] },
  },
  sveltekit: {
    dev: (app, port) => [bin(app, "vite"), ["dev", "--host", HOST, "--port", port, "--strictPort"]],
    build: (app) => [bin(app, "vite"), ["build"]],
    start: (app, port) => ["node", [join(app, "build")], { HOST, PORT: port }],
    pages: ["/", "/prerendered"],
    prerendered: "build/prerendered/prerendered.html",
  },
  nuxt: {
    dev: (app, port) => [bin(app, "nuxt"), ["dev", "--host", HOST, "--port", port]],
    build: (app) => [bin(app, "nuxt"), ["build"]],
    start: (app, port) => ["node", [join(app, ".output/server/index.mjs")], { HOST, PORT: port }],
    pages: ["/", "/prerendered"],
    prerendered: ".output/public/prerendered/index.html",
  },
  "react-router": {
    dev: (app, port) => [bin(app, "react-router"), ["dev", "--host", HOST, "--port", port, "--strictPort"]],
    build: (app) => [bin(app, "react-router"), ["build"]],
    start: (app, port) => [bin(app, "react-router-serve"), [join(app, "build/server/index.js")], { HOST, PORT: port }],
    pages: ["/", "/prerendered"],
    prerendered: "build/client/prerendered/index.html",
    static: { dir: "build/client", pages: ["/prerendered"] },
  },
};

const ENV = { ...process.env, NODE_ENV: undefined, NUXT_TELEMETRY_DISABLED: "1", ASTRO_TELEMETRY_DISABLED: "1", CI: "1", FORCE_COLOR: "0", NO_COLOR: "1" };
delete ENV.NODE_ENV;

function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, HOST, () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (s.address());
      s.close(() => ok(String(port)));
    });
  });
}

/** Starts `[command, args, env]` in `app`; resolves once `url` answers, to { output, stop }. */
async function start(app, [command, args, env = {}], url) {
  const child = spawn(command, args, { cwd: app, env: { ...ENV, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const output = [];
  child.stdout.on("data", (d) => output.push(String(d)));
  child.stderr.on("data", (d) => output.push(String(d)));
  let exited = null;
  child.on("exit", (code) => (exited = code));
  const stop = () => new Promise((ok) => {
    if (exited !== null) return ok();
    child.on("exit", ok);
    try { process.kill(-child.pid, "SIGTERM"); } catch { ok(); }
  });
  for (const deadline = Date.now() + 120_000; Date.now() < deadline && exited === null;) {
    const status = await fetch(url).then((r) => r.status, () => null);
    if (status === 200) return { output, stop };
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  assert.fail(`${command} ${args.join(" ")} did not answer ${url}:\n${output.join("")}`);
}

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

/** A first visit to a dev server, not judged: a dev server built on Vite may find dependencies
 * only when a page asks for them, pre-bundle them then and reload the page, once per project (React
 * Router 7's does for every dependency of its routes, which it lets Vite scan ahead only with
 * `future.unstable_optimizeDeps`: a "504 Outdated Optimize Dep" in the console, and "Pre-transform
 * error" lines for the chunks it replaced in the server's output). */
async function firstVisit(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForLoadState("networkidle", { timeout: 60_000 });
    await page.waitForTimeout(1000);
  } finally {
    await context.close();
  }
}

/** Opens `url` in a fresh context and checks the server's HTML and the decided message. */
async function check(url) {
  const html = await fetch(url).then((r) => r.text());
  assert.match(html, BASELINE, `${url}: the slot and its baseline are in the server's HTML`);
  const context = await browser.newContext();
  // What the first <crumbtrail-slot> showed when the parser had inserted it, before any script of
  // the page's bundle ran (a MutationObserver's records arrive at the parser's first microtask
  // checkpoint after the insertion; module scripts and dynamic imports run later): whether the
  // element was defined then, and the message and source it showed, which are the first paint's.
  // And every layout shift of the page.
  await context.addInitScript(() => {
    const seen = { defined: null, message: null, source: null, shifts: [] };
    Object.defineProperty(window, "__crumbtrailFirstSlot", { value: seen });
    new MutationObserver((_, observer) => {
      const slot = document.querySelector("crumbtrail-slot");
      if (!slot) return;
      observer.disconnect();
      Object.assign(seen, { defined: customElements.get("crumbtrail-slot") !== undefined,
        message: slot.getAttribute("data-crumbtrail-message"), source: slot.getAttribute("data-crumbtrail-source") });
    }).observe(document, { childList: true, subtree: true });
    new PerformanceObserver((list) => {
      for (const shift of list.getEntries()) seen.shifts.push(shift.value);
    }).observe({ type: "layout-shift", buffered: true });
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning" || /hydrat/i.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  try {
    await page.goto(url);
    // A first visit: the engine decides the welcome, which needs a larger box than the baseline
    // has, so it does not move the page: it is kept ready for the next page's first paint.
    await page.waitForFunction(() => localStorage.getItem("crumbtrail:ready")?.includes("Welcome to the shop"), null, { timeout: 60_000 }).catch(() => {});
    await page.reload();
    const slot = page.locator('crumbtrail-slot[name="hero"][data-crumbtrail-message="welcome"]');
    await slot.waitFor({ state: "attached", timeout: 60_000 }).catch(() => {});
    const shown = await page.evaluate(() => {
      const slot = /** @type {HTMLElement | null} */ (document.querySelector('crumbtrail-slot[name="hero"]'));
      return { source: slot?.dataset.crumbtrailSource ?? null, message: slot?.dataset.crumbtrailMessage ?? null,
        title: slot?.shadowRoot?.querySelector('[part="title"]')?.textContent ?? null };
    });
    // Let a late hydration warning (or a late layout shift) arrive before judging.
    await page.waitForTimeout(300);
    const first = await page.evaluate(() => window.__crumbtrailFirstSlot);
    assert.deepEqual({ ...shown, problems, first }, { source: "kept", message: "welcome", title: "Welcome to the shop", problems: [],
      first: { defined: true, message: "welcome", source: "kept", shifts: [] } }, url);
  } finally {
    await context.close();
  }
}

/** What a server printed that says something went wrong. */
const serverErrors = (output) => output.join("").split("\n").filter((line) => /error|hydration|\b500\b/i.test(line));

for (const [name, how] of Object.entries(APPS)) {
  test(`${name}: dev server, production build and server${how.static ? ", static output" : ""}`, async (t) => {
    const app = prepare(name);
    await t.test("dev server", async () => {
      const port = await freePort();
      const base = `http://${HOST}:${port}`;
      const server = await start(app, how.dev(app, port), `${base}${how.pages[0]}`);
      try {
        await firstVisit(`${base}${how.pages[0]}`);
        server.output.splice(0);
        for (const page of how.pages) await check(`${base}${page}`);
      } finally {
        await server.stop();
      }
      assert.deepEqual(serverErrors(server.output), [], server.output.join(""));
    });
    await t.test("production build and server", async () => {
      const [command, args] = how.build(app);
      execFileSync(command, args, { cwd: app, env: ENV, stdio: "pipe" });
      if (how.prerendered) assert.match(readFileSync(join(app, how.prerendered), "utf8"), BASELINE, how.prerendered);
      const port = await freePort();
      const base = `http://${HOST}:${port}`;
      const server = await start(app, how.start(app, port), `${base}${how.pages[0]}`);
      try {
        for (const page of how.pages) await check(`${base}${page}`);
      } finally {
        await server.stop();
      }
      assert.deepEqual(serverErrors(server.output), [], server.output.join(""));
    });
    if (how.static) {
      await t.test("static output", async () => {
        const dir = join(app, how.static.dir);
        assert.ok(existsSync(dir), `${dir} was built`);
        const server = await serve(dir);
        try {
          for (const page of how.static.pages) await check(`${server.url}${page}`);
        } finally {
          server.close();
        }
      });
    }
  });
}
