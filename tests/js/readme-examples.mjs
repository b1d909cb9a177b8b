// The documentation's JavaScript examples — the README's and the guides' in docs/guide/ — for the
// runners that check them in each engine (tests/e2e/readme.test.mjs in Chromium,
// tests/engines/checks.mjs in Firefox and WebKit).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

/** The pages whose ```js blocks are run as examples. (frameworks.md and accessibility.md have
 * runners of their own: tests/js/frameworks-doc.test.mjs, tests/e2e/accessibility.test.mjs.) */
export const PAGES = [
  "README.md",
  "docs/guide/javascript.md",
  "docs/guide/messages.md",
  "docs/guide/banners.md",
  "docs/guide/platforms.md",
  "docs/guide/privacy.md",
  "docs/guide/recommendations.md",
  "docs/guide/uplift.md",
  "docs/guide/calibration.md",
];

/** The text of a page, from the repository's root. */
export const read = (page) => readFileSync(new URL(`../../${page}`, import.meta.url), "utf8");

/** Every ```js block of those pages, with the page it is on. */
export const blocks = PAGES.flatMap((page) => [...read(page).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => ({ page, code: m[1] })));

/** Every ```js block's code. */
export const examples = blocks.map((b) => b.code);

/** The example on `page` that contains `marker`; there must be exactly one in all the pages, and
 * on that page: a tested block that goes missing, or moves to another page, fails. */
export function example(marker, page) {
  const found = blocks.filter(({ code }) => code.includes(marker));
  assert.equal(found.length, 1, `one documented example contains ${JSON.stringify(marker)}`);
  assert.equal(found[0].page, page, `the example with ${JSON.stringify(marker)} is on ${page}`);
  return found[0].code;
}

/** The values a comment says `line` produces: the `// ` lines right after it (up to the first line
 * that is not one), read as a list of expressions. */
export function promised(code, line) {
  const after = code.slice(code.indexOf(line) + line.length).split("\n").slice(1);
  const end = after.findIndex((l) => !l.startsWith("// "));
  const comment = after.slice(0, end < 0 ? after.length : end).map((l) => l.slice(3)).join("\n");
  return new Function(`return [${comment}];`)();
}

/** What the messages example leaves to the reader: a shopper who bought shoes twice, stored by an
 * earlier page of the same shop. */
export const SHOE_BUYER = `import init, { Personalizer } from "crumbtrail";
await init();
{
  const p = new Personalizer();
  for (const id of ["T-1", "T-2"]) p.track({ event: "purchase", transaction_id: id, value: 90, currency: "EUR", items: [{ item_id: "SKU-" + id, item_category: "shoes", price: 90 }] });
  p.flush();
  p.free();
}`;

/** The README's loader of `auto.js` (the inline module of its plain-page setup, after the config),
 * with the package's folder at `base` instead of `/crumbtrail/`. */
export function readmeLoader(base = "/crumbtrail/") {
  const html = read("README.md").match(/```html\n([\s\S]*?)```/)?.[1] ?? "";
  const module = html.slice(html.indexOf("crumbtrail-config")).match(/<script type="module">\n([\s\S]*?)<\/script>/)?.[1];
  assert.ok(module?.includes('import("/crumbtrail/auto.js")'), "the README's plain-page setup imports auto.js from an inline module");
  return module.replaceAll("/crumbtrail/", base);
}
