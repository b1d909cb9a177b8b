// Writes the demo shop's pages (demo/render.mjs) into demo/en/ and demo/nl/ (build output, not
// tracked), with the built package's slot script (pkg/slot.js) inline in each page's <head>.
// scripts/build runs it after building pkg/; `node demo/build.mjs` alone after that.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LANGUAGES, render, routes } from "./render.mjs";

const demo = new URL(".", import.meta.url).pathname;
const slotScript = readFileSync(join(demo, "../pkg/slot.js"), "utf8");
let count = 0, bytes = 0;
for (const lang of LANGUAGES) {
  rmSync(join(demo, lang), { recursive: true, force: true });
  for (const [path, page] of routes()) {
    const file = join(demo, lang, path);
    mkdirSync(dirname(file), { recursive: true });
    const html = render(path, page, lang, { slotScript });
    writeFileSync(file, html);
    count += 1;
    bytes += html.length;
  }
}
console.log(`  demo pages: ${count} in demo/{${LANGUAGES.join(",")}}/ (${(bytes / count / 1024).toFixed(1)} KB each on average)`);
