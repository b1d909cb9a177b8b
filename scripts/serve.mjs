// A static file server on 127.0.0.1 for the end-to-end tests and the demo: serves a folder, with
// `.wasm` as application/wasm, and optional extra headers (e.g. a Content-Security-Policy).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm",
  ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".ts": "text/plain; charset=utf-8",
};

/** Serves `root` on 127.0.0.1:`port` (0: any free port), gzipped (level 6, as CDNs do) to a
 * client that asks when `gzip` is set. Resolves to { url, close }. */
export function serve(root, { port = 0, headers = {}, gzip = false } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      let file = normalize(join(base, path));
      if (!file.startsWith(base)) throw new Error("outside root");
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      const zipped = gzip && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store",
        ...(zipped ? { "content-encoding": "gzip", vary: "accept-encoding" } : {}), ...headers });
      res.end(zipped ? gzipSync(body, { level: 6 }) : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((ok) =>
    server.listen(port, "127.0.0.1", () => ok({ url: `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`, close: () => server.close() })),
  );
}

// `node scripts/serve.mjs DIR PORT` serves a folder until stopped (scripts/demo does).
if (import.meta.url === `file://${process.argv[1]}`) {
  const [root = ".", port = "8080"] = process.argv.slice(2);
  const { url } = await serve(root, { port: Number(port) });
  console.log(`serving ${root} on ${url}/`);
}
