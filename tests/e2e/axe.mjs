// axe-core in a Playwright page: the audit accessibility auditors run, at WCAG 2.2 AA. axe looks
// into open shadow roots by itself, so <crumbtrail-slot>'s banners are audited with the page.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The WCAG 2.2 AA rule tags (A and AA of 2.0, 2.1 and 2.2). */
export const WCAG22AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const source = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const { version } = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("axe-core/package.json"), "utf8"));

/** Runs axe over `page` at WCAG 2.2 AA: `{ violations, incomplete, passes }`, each rule as
 * `{ id, impact, nodes: [selector, …] }` (passes as a count). */
export async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe == "object"))) await page.addScriptTag({ content: source });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    const rules = (list) => list.map((r) => ({ id: r.id, impact: r.impact, nodes: r.nodes.map((n) => n.target.flat().join(" >> ")) }));
    return { violations: rules(result.violations), incomplete: rules(result.incomplete), passes: result.passes.length };
  }, WCAG22AA);
}
