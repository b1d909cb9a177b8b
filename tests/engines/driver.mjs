// One W3C WebDriver session in Firefox ESR, WebKitGTK or Chromium, through npm `selenium-webdriver`
// (playwright-core cannot drive Debian's Firefox or WebKitGTK). Each engine's driver is started
// here, on a free port, so that a test file owns exactly one browser; session creation has a
// deadline, because WebKitWebDriver without an X display hangs instead of failing.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { WebDriver } from "selenium-webdriver";
import { Executor, HttpClient } from "selenium-webdriver/http/index.js";

// scripts/setup installs geckodriver here, off PATH: on PATH, wasm-bindgen-test-runner would
// prefer it to chromedriver for the Chromium run (it tries geckodriver first).
const TOOLS = process.env.CRUMBTRAIL_TOOLS ?? join(homedir(), ".local/share/crumbtrail-tools");

export const ENGINES = {
  firefox: {
    name: "Firefox ESR",
    driver: () => [process.env.GECKODRIVER ?? join(TOOLS, "bin/geckodriver"), (port) => ["--port", String(port), "--log", "warn"]],
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": { binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr", args: ["-headless"] },
    },
  },
  webkit: {
    name: "WebKitGTK",
    display: true,
    driver: () => [process.env.WEBKITDRIVER ?? "/usr/bin/WebKitWebDriver", (port) => [`--port=${port}`]],
    // MiniBrowser takes --automation and refuses --headless: it needs an X display (Xvfb here).
    capabilities: {
      "webkitgtk:browserOptions": {
        binary: process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
        args: ["--automation"],
      },
    },
  },
  chromium: {
    name: "Chromium",
    driver: () => [process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver", (port) => [`--port=${port}`]],
    capabilities: {
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: process.env.CHROMIUM ?? "/usr/bin/chromium",
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      },
    },
  },
};

const SESSION_DEADLINE_MS = 60_000;

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => ok(port));
    }).on("error", fail);
  });
}

function started(child, what) {
  const output = [];
  child.stdout?.on("data", (d) => output.push(String(d)));
  child.stderr?.on("data", (d) => output.push(String(d)));
  child.output = () => output.join("").trim().split("\n").slice(-15).join("\n");
  child.on("error", (e) => output.push(`${what}: ${e.message}`));
  return child;
}

/** An X display for engines that need one: the caller's DISPLAY, else a private Xvfb. */
async function display() {
  if (process.env.DISPLAY) return { env: {}, close() {} };
  const xvfb = started(spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
    { stdio: ["ignore", "ignore", "pipe", "pipe"] }), "Xvfb");
  const kill = () => xvfb.kill();
  process.once("exit", kill);
  const number = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`Xvfb gave no display within 10 s:\n${xvfb.output()}`)), 10_000);
    xvfb.stdio[3].on("data", (d) => { clearTimeout(timer); ok(String(d).trim()); });
    xvfb.on("exit", (code) => { clearTimeout(timer); fail(new Error(`Xvfb exited (${code}): is xvfb installed (scripts/setup)?\n${xvfb.output()}`)); });
  });
  return { env: { DISPLAY: `:${number}` }, close: () => { kill(); process.off("exit", kill); } };
}

async function untilUp(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the driver exited (${child.exitCode}):\n${child.output()}`);
    try {
      const status = await fetch(`${url}/status`);
      if (status.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the driver did not answer on ${url} within the deadline:\n${child.output()}`);
}

/** Starts `engine`'s driver and one browser session. Resolves to { driver, engine, close }. */
export async function open(engine) {
  const spec = ENGINES[engine];
  const [binary, args] = spec.driver();
  if (!existsSync(binary)) throw new Error(`${spec.name}: no WebDriver at ${binary}; run scripts/setup`);
  const screen = spec.display ? await display() : { env: {}, close() {} };
  const port = await freePort();
  // Its own process group, so that stopping it stops the browser it started too, also when this
  // process ends without closing the session (a crash, a failed before()).
  const child = started(spawn(binary, args(port), { env: { ...process.env, ...screen.env }, stdio: ["ignore", "pipe", "pipe"], detached: true }), binary);
  const url = `http://127.0.0.1:${port}`;
  const kill = () => { try { process.kill(-child.pid, "SIGTERM"); } catch { /* already gone */ } };
  process.once("exit", kill);
  const stop = () => { kill(); process.off("exit", kill); screen.close(); };
  const t0 = Date.now();
  try {
    await untilUp(url, child, t0 + 20_000);
    let timer;
    const deadline = new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${spec.name}: no WebDriver session within ${SESSION_DEADLINE_MS / 1000} s` +
        (spec.display ? ` (it needs an X display; DISPLAY=${screen.env.DISPLAY ?? process.env.DISPLAY})` : "") +
        `:\n${child.output()}`)), SESSION_DEADLINE_MS);
    });
    const driver = WebDriver.createSession(new Executor(new HttpClient(url)), spec.capabilities);
    await Promise.race([driver.getSession(), deadline]).finally(() => clearTimeout(timer));
    await driver.manage().setTimeouts({ script: 30_000, pageLoad: 30_000 });
    const caps = await driver.getCapabilities();
    console.log(`${spec.name}: ${caps.getBrowserName()} ${caps.getBrowserVersion()}, session in ${Date.now() - t0} ms`);
    return {
      driver,
      engine: spec.name,
      async close() {
        await driver.quit().catch(() => {});
        stop();
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}
