// The fixture of every end-to-end test file: a local server for a folder, and headless Chromium,
// started before the file's tests and closed after them.
import { before, after } from "node:test";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./browser.mjs";

/** Serves `root` (with extra response `headers`) and launches Chromium; `env.server` and
 * `env.browser` are set once the tests run. */
export function pages(root, headers = {}) {
  const env = {};
  before(async () => {
    env.server = await serve(root, { headers });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}
