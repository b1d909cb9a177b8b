// The repository served to a WebDriver browser: scripts/serve.mjs behind a small front that can
// answer some paths itself (e.g. an HTML page where the .wasm should be, as a single-page app's
// catch-all route does) and collects Content-Security-Policy violation reports (`report-uri`),
// since WebDriver has no way to listen for the page's events from before its scripts run.
import { createServer } from "node:http";
import { serve } from "../../scripts/serve.mjs";

/**
 * Serves `root` with extra response `headers`; `replace` maps a path to { type, body } answered
 * instead of the file. Resolves to { url, reports, close }: `reports` are the CSP reports received
 * at `/csp-report`, as the browser sent them.
 */
export async function site(root, { headers = {}, replace = {} } = {}) {
  const files = await serve(root);
  const reports = [];
  const front = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (req.method === "POST" && path === "/csp-report") {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString("utf8");
      try { reports.push(JSON.parse(text)); } catch { reports.push(text); }
      res.writeHead(204).end();
      return;
    }
    if (replace[path]) {
      res.writeHead(replace[path].status ?? 200, { "content-type": replace[path].type, "cache-control": "no-store", ...headers });
      res.end(replace[path].body);
      return;
    }
    const upstream = await fetch(`${files.url}${req.url}`);
    res.writeHead(upstream.status, {
      "content-type": upstream.headers.get("content-type") ?? "application/octet-stream",
      "cache-control": "no-store",
      ...headers,
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await /** @type {Promise<void>} */ (new Promise((ok) => front.listen(0, "127.0.0.1", ok)));
  return {
    url: `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (front.address()).port}`,
    reports,
    close() {
      front.close();
      files.close();
    },
  };
}
