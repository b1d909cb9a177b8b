// Next.js (App Router) with the packed package, as a shop would write it: a server component that
// uses crumbtrail on the server (the Node build) and a "use client" component with a static
// import, rendered on the server too and then, in the browser, showing the banner crumbtrail
// picks. `next build` with Turbopack (Next 16's default) and with webpack, `next start`, then
// Chromium checks the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { launch } from "../js/browser.mjs";
import { appWithTarball, repo } from "./tarball.mjs";

const next = join(repo, "node_modules/.bin/next");
let app, server, browser;

const FILES = {
  // Turbopack reads only inside its root; the app's next and react are the workspace's.
  "next.config.mjs": `export default { turbopack: { root: ${JSON.stringify(repo)} }, outputFileTracingRoot: ${JSON.stringify(repo)} };\n`,
  "app/layout.js": `export const metadata = { title: "Shop" };
export default function RootLayout({ children }) {
  return <html lang="en"><body>{children}</body></html>;
}
`,
  // A server component: crumbtrail's Node build runs during the server render.
  "app/page.js": `import { evalCondition, version } from "crumbtrail";
import Banner from "./banner";
export const dynamic = "force-dynamic";
export default function Page() {
  const onServer = evalCondition({ orders: { $gte: 1 } }, { orders: 2 });
  return <main><p id="server">{\`crumbtrail \${version} on the server: \${onServer}\`}</p><Banner /></main>;
}
`,
  // A client component with a static import: rendered on the server (the Node build), then
  // hydrated in the browser, where init() fetches the wasm.
  "app/banner.js": `"use client";
import { useEffect, useState } from "react";
import init, { Personalizer, version } from "crumbtrail";
const messages = [
  { id: "welcome", slot: "hero", stages: ["reach"], content: { title: "Welcome!" } },
  { id: "first-order", slot: "hero", stages: ["acquisition"], content: { title: "10% off your first order" } },
];
export default function Banner() {
  const [title, setTitle] = useState("loading");
  useEffect(() => {
    init().then(() => {
      const p = new Personalizer({ messages });
      for (let i = 0; i < 3; i++) p.track({ event: "view_item", items: [{ item_id: "sku" + i }] });
      setTitle(p.decide("hero")?.content.title ?? "none");
    }, (e) => setTitle("error: " + e.message));
  }, []);
  return <section id="hero" data-version={version}>{title}</section>;
}
`,
};

function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (s.address());
      s.close(() => ok(port));
    });
  });
}

before(async () => {
  app = appWithTarball("next");
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(join(app, file, ".."), { recursive: true });
    writeFileSync(join(app, file), text);
  }
  browser = await launch();
});
after(async () => {
  server?.kill();
  await browser?.close();
});

for (const [bundler, flags] of [["Turbopack", []], ["webpack", ["--webpack"]]]) {
  test(`next build (${bundler}), next start: the page renders on the server and the client component shows its banner`, async () => {
    server?.kill();
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
    const t0 = Date.now();
    execFileSync(next, ["build", ...flags], { cwd: app, env, stdio: "pipe" });
    console.log(`next build (${bundler}): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const port = await freePort();
    server = spawn(next, ["start", "-p", String(port), "-H", "127.0.0.1"], { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    server.stdout.on("data", (d) => output.push(String(d)));
    server.stderr.on("data", (d) => output.push(String(d)));
    const url = `http://127.0.0.1:${port}/`;
    let html;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      html = await fetch(url).then((r) => (r.ok ? r.text() : null), () => null);
      if (html) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(html, `next start answered ${url}:\n${output.join("")}`);
    // Server-side: the server component ran crumbtrail, the client component rendered its placeholder.
    assert.match(html, /crumbtrail \d+\.\d+\.\d+[^<]* on the server: (<!-- -->)?true/);
    assert.match(html, /<section id="hero" data-version="\d+\.\d+\.\d+[^"]*">loading<\/section>/);
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector("#hero")?.textContent !== "loading", null, { timeout: 20_000 });
    assert.equal(await page.textContent("#hero"), "10% off your first order");
    assert.deepEqual(errors, []);
    assert.doesNotMatch(output.join(""), /Error|TypeError/, "next start logged no error");
    await page.close();
  });
}
