// Chromium runs the whole Playwright suite (tests/e2e); through WebDriver it runs the checks of
// what init() says when the WebAssembly cannot run, so that each message is asserted in all three
// engines with the same pages and servers.
import { engineTests } from "./checks.mjs";

engineTests("chromium", [
  "a CSP without 'wasm-unsafe-eval': init() rejects with the line to add; the fallback carries on",
  "a .wasm that does not arrive: the error names the URL tried and what came instead",
]);
