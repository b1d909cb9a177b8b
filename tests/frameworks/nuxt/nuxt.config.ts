export default defineNuxtConfig({
  compatibilityDate: "2025-07-15",
  devtools: { enabled: false },
  telemetry: false,
  routeRules: { "/prerendered": { prerender: true } },
  vue: { compilerOptions: { isCustomElement: (tag) => tag === "crumbtrail-slot" } },
});
