import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { defineConfig } from "vite";

// The slot script's text, from the installed package, inline at the end of the page's <head>
// (after <meta charset>, which must come in the first 1024 bytes).
const slot = readFileSync(createRequire(import.meta.url).resolve("crumbtrail/slot.js"), "utf8");

export default defineConfig({
  plugins: [{ name: "crumbtrail-slot", transformIndexHtml: () => [{ tag: "script", children: slot, injectTo: "head" }] }],
});
