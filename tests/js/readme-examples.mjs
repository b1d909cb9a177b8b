// The README's JavaScript examples, for the runners that check them in each engine
// (tests/e2e/readme.test.mjs in Chromium, tests/engines/checks.mjs in Firefox and WebKit).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

/** Every ```js block of the README. */
export const examples = [...readFileSync(new URL("../../README.md", import.meta.url), "utf8").matchAll(/```js\n([\s\S]*?)```/g)]
  .map((m) => m[1]);

/** The example that contains `marker`; there must be exactly one. */
export function example(marker) {
  const found = examples.filter((code) => code.includes(marker));
  assert.equal(found.length, 1, `one README example contains ${JSON.stringify(marker)}`);
  return found[0];
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
