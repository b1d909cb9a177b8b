// Accessibility of the banners, in Chromium: axe-core at WCAG 2.2 AA over a plain shop page with a
// banner of every shape in every stage and both languages — drawn by <crumbtrail-slot> from the
// kept decision, by the engine after it, and by `render` into the page — and over the demo's pages
// as a shopper walks them. What axe cannot judge is checked by hand in
// tests/e2e/banner-usability.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";
import { audit, version } from "./axe.mjs";
import { MESSAGES, SLOTS, STAGES, TRAILS, driver, shopPage, shopper, showing } from "./a11y-shop.mjs";

const env = pages(new URL("../..", import.meta.url).pathname);
const summary = ({ violations, incomplete, passes }) =>
  `${violations.length} violations, ${passes} rules passed, ${incomplete.length} for review${incomplete.length ? ` (${incomplete.map((r) => r.id).join(", ")})` : ""}`;

test(`axe-core ${version} finds no WCAG 2.2 AA violation in banners of every shape, stage and language, kept, from the engine and rendered`, async () => {
  for (const stage of STAGES) {
    for (const locale of ["en", "nl"]) {
      const config = { messages: MESSAGES, locale };
      const s = await shopper(env.browser, env.server);
      await (await s.open("/t/driver.html", driver(config, TRAILS[stage]))).close();
      const expected = (prefix) => Object.fromEntries(SLOTS.map((slot) => [`${prefix}-${slot}`, slot === "baseline" ? null : `${stage}-${slot}`]));
      // At first paint, before any wasm: the kept decisions in the slots (the rendered elements stay empty).
      const kept = await s.open("/t/shop.html", shopPage(config), { engine: false });
      assert.deepEqual(await showing(kept), { ...expected("slot"), ...Object.fromEntries(SLOTS.map((slot) => [`render-${slot}`, null])) });
      const first = await audit(kept);
      console.log(`axe, plain page, ${stage}, ${locale}, kept: ${summary(first)}`);
      assert.deepEqual(first.violations, [], `${stage} ${locale} kept`);
      // After the engine: the slots it decided and `render`'s elements.
      const engine = await s.open("/t/shop.html", shopPage(config));
      assert.deepEqual(await showing(engine), { ...expected("slot"), ...expected("render") });
      const after = await audit(engine);
      console.log(`axe, plain page, ${stage}, ${locale}, engine and render: ${summary(after)}`);
      assert.deepEqual(after.violations, [], `${stage} ${locale} engine`);
      assert.deepEqual([...kept.errors, ...engine.errors], []);
      await s.context.close();
    }
  }
});
