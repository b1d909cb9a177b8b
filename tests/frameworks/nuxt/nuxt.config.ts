export default defineNuxtConfig({
  compatibilityDate: "2025-07-15",
  devtools: { enabled: false },
  telemetry: false,
  app: { head: { title: "Shop", link: [{ rel: "icon", href: "data:," }] } },
  routeRules: { "/prerendered": { prerender: true } },
  vue: { compilerOptions: { isCustomElement: (tag) => tag === "crumbtrail-slot" } },
});
