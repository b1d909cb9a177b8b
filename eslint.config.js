// ESLint's flat config: @eslint/js's recommended rules over the JavaScript of the package, the
// binding, the scripts, the tests, the Shopify app and the demo (docs/DESIGN.md §11). TypeScript's
// check (tsconfig.json, scripts/typecheck.mjs) runs beside it; `npm run lint` runs both.
import js from "@eslint/js";
import globals from "globals";

// Excluded for now: files being rewritten elsewhere when these checks came in, left out of both
// checks (scripts/typecheck.mjs reads this list). To check one again, delete its line here and in
// the "exclude" of tsconfig.json or tests/tsconfig.json, run `npm run lint` and fix what it reports.
export const excludedForNow = [
  "package/auto.js",
  "package/slots.js",
  "demo/app.js",
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
