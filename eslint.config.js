// ESLint's flat config: @eslint/js's recommended rules over the JavaScript of the package, the
// binding, the scripts, the tests, the Shopify app and the demo (docs/DESIGN.md §11). TypeScript's
// check (tsconfig.json, scripts/typecheck.mjs) runs beside it; `npm run lint` runs both.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    ignores: [
      "**/node_modules/", "target/", "pkg/", "demo/pkg/", "demo/calibrate-pkg/", "fuzz/", "tests/.out/",
      "shopify/extensions/crumbtrail/assets/", "shopify/extensions/*/dist/",
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
