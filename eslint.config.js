// ESLint's flat config: @eslint/js's recommended rules over the JavaScript of the package, the
// binding, the scripts, the tests, the Shopify app and the demo (docs/DESIGN.md, "Checking the
// JavaScript"). tsconfig.json's type check runs beside it; the rules here are the ones it does not cover.
import js from "@eslint/js";
import globals from "globals";

// Excluded for now: files being rewritten elsewhere at the time these checks were added. Each is
// checked again by deleting its line here and in tsconfig.json's "exclude", then running
// `npx eslint . && npx tsc -p .` and fixing what they report.
export const excludedForNow = [
  "package/slot.js",
  "package/slot-script.js",
  "package/auto.js",
  "package/slots.js",
  "binding/js/render.js",
  "demo/**",
  "scripts/serve.mjs",
  "tests/bench/lighthouse.mjs",
  "tests/e2e/layout-shift*.mjs",
  "tests/e2e/demo*",
];

export default [
  {
    ignores: [
      "**/node_modules/", "target/", "pkg/", "demo/pkg/", "demo/calibrate-pkg/", "fuzz/", "tests/.out/",
      "shopify/extensions/crumbtrail/assets/", "shopify/extensions/*/dist/", ...excludedForNow,
    ],
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
];
