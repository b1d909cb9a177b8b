// docs/guide/shopify.md against the app it describes: every setting of every block in its tables,
// with its type and default; the pixel's privacy settings; the sizes it gives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { EXTENSION, schemaOf } from "./storefront.mjs";

const root = new URL("../../", import.meta.url);
const read = (path) => readFileSync(new URL(path, root), "utf8");
const guide = read("docs/guide/shopify.md");
const labels = JSON.parse(readFileSync(`${EXTENSION}locales/en.default.schema.json`, "utf8"));
const label = (ref) => ref.slice(2).split(".").reduce((at, part) => at[part], labels);

test("the guide's tables list every setting of each block, with its type and default", () => {
  for (const block of ["crumbtrail-embed", "personalised-banner"]) {
    const schema = schemaOf(block);
    assert.ok(guide.includes(`"${label(schema.name)}"`), `the guide names the block ${label(schema.name)}`);
    for (const setting of schema.settings) {
      const row = guide.split("\n").find((line) => line.startsWith(`| ${label(setting.label)} | \`${setting.type}\` |`));
      assert.ok(row, `a row for ${block}'s ${setting.id}`);
      const shown = row.split(" | ")[2];
      if (setting.type === "checkbox") assert.equal(shown, setting.default ? "on" : "off");
      else if (setting.type === "select") assert.equal(shown, label(setting.options.find((o) => o.value === setting.default).label));
      else if (setting.default === undefined) assert.equal(shown, "empty");
      else if (setting.id !== "catalogue") assert.equal(shown, `\`${setting.default}\``);
    }
  }
});

test("the guide says what the pixel's privacy settings say", () => {
  const toml = read("shopify/extensions/crumbtrail-pixel/shopify.extension.toml");
  assert.match(toml, /^preferences = true$/m);
  assert.match(guide, /`preferences = true`, and neither\s+analytics nor marketing nor the sale of data/);
  for (const event of ["product_viewed", "product_added_to_cart", "checkout_started", "checkout_completed"]) {
    assert.ok(read("shopify/extensions/crumbtrail-pixel/src/index.js").includes(`"${event}"`) && guide.includes(`\`${event}\``), event);
  }
});

test("the sizes the guide gives are the build's: the slot script exactly, the rest within 10 %", () => {
  const gz = (path) => gzipSync(readFileSync(new URL(path, root)), { level: 9 }).length;
  const slot = gz("shopify/extensions/crumbtrail/snippets/crumbtrail-slot-script.liquid");
  assert.match(guide, new RegExp(`\\| slot script, inline in \`<head>\` \\| every page, at once \\| ${slot.toLocaleString("en")} B `));
  const near = (row, bytes) => {
    const kb = Number(new RegExp(`\\| ${row} \\|[^|]*\\| ≈ ([0-9.]+) KB`).exec(guide)[1]);
    assert.ok(Math.abs(kb * 1024 - bytes) <= bytes / 10, `${row}: the guide says ${kb} KB, the build gives ${bytes} bytes`);
  };
  near("engine `crumbtrail.js`", gz("shopify/extensions/crumbtrail/assets/crumbtrail.js"));
  near("`crumbtrail.wasm`", gz("shopify/extensions/crumbtrail/assets/crumbtrail.wasm"));
  near("web pixel", gz("target/shopify/pixel.js"));
});
