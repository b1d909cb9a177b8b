import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// The slot script's text, from the installed package, inline in <head>.
const slot = readFileSync(createRequire(import.meta.url).resolve("crumbtrail/slot.js"), "utf8");

export default defineNuxtConfig({
  compatibilityDate: "2025-07-15",
  devtools: { enabled: false },
  telemetry: false,
  app: { head: { title: "Shop", link: [{ rel: "icon", href: "data:," }], script: [{ innerHTML: slot }] } },
  routeRules: { "/prerendered": { prerender: true } },
  vue: { compilerOptions: { isCustomElement: (tag) => tag === "crumbtrail-slot" } },
});
