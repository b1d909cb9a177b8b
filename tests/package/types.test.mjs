// The declarations a user touches, against the packed package: no `any`; init() and initSync()
// typed as what they return (checked at run time in Node too); the .wasm subpath declared; typos in
// an event, an item or message content caught while GA4's parameters, fields passed through from a
// dataLayer object and declared custom fields compile.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appWithTarball, repo } from "./tarball.mjs";

let app;
before(() => {
  app = appWithTarball("types");
});

const TSC = ["--noEmit", "--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2022,dom"];
function tsc(file, source) {
  writeFileSync(join(app, file), source);
  try {
    execFileSync(join(repo, "node_modules/.bin/tsc"), [...TSC, file], { cwd: app, stdio: "pipe" });
    return "";
  } catch (e) {
    return e.stdout.toString();
  }
}

test("no `any` in any declaration file of the package", () => {
  const root = join(app, "node_modules/crumbtrail");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".d.ts"));
  for (const file of ["index.d.ts", "web/crumbtrail.d.ts", "web/crumbtrail_bg.wasm.d.ts"]) assert.ok(files.includes(file), file);
  for (const file of files) {
    const code = readFileSync(join(root, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    assert.doesNotMatch(code, /\bany\b/, file);
  }
});

test("what compiles: init's and initSync's results, the .wasm URL, GA4 parameters, passthrough, declared custom fields", () => {
  const errors = tsc("good.ts", `import init, { initSync, Personalizer } from "crumbtrail";
import type { Message, TrailEvent } from "crumbtrail";
import wasmUrl from "crumbtrail/crumbtrail_bg.wasm";

declare module "crumbtrail" {
  interface MessageContent { image?: string }
  interface TrailEvent { plan?: string }
}

export async function start(bytes: ArrayBuffer): Promise<string> {
  const url: string = wasmUrl;
  const ready: true = await init({ module_or_path: url });
  const maybe: true | null = await init({ fallback: true });
  const sync: true = initSync({ module: bytes });
  const p = new Personalizer();
  p.track({ event: "purchase", transaction_id: "T1", value: 10, currency: "EUR", affiliation: "Web", coupon: "SPRING", shipping: 2, tax: 1,
    items: [{ item_id: "a", item_brand: "Trail", item_variant: "red", item_category2: "Running", discount: 1 }] });
  p.track({ event: "sign_up", method: "email", plan: "gold" });
  // A dataLayer entry (not a literal) carries Tag Manager's own fields through.
  const entry = { event: "add_to_cart" as const, ecommerce: { items: [{ item_id: "b" }] }, "gtm.uniqueEventId": 12 };
  p.track(entry);
  const event: TrailEvent = { event: "page_view", page_location: "/", page_referrer: "/a" };
  p.track(event);
  const message: Message = { id: "m", slot: "hero", content: { title: "Hi", image: "/hi.png" } };
  const image: string | undefined = p.decide("hero")?.content.image;
  return \`\${ready} \${maybe} \${sync} \${message.id} \${image}\`;
}
`);
  assert.equal(errors, "");
});

test("what does not: typos in an event, an item and message content; a fallback-less init() is never null", () => {
  const errors = tsc("typos.ts", `import init, { Personalizer } from "crumbtrail";
import type { Message } from "crumbtrail";
const p = new Personalizer();
p.track({ event: "purchase", transacton_id: "T1" });
p.track({ event: "view_item", items: [{ item_idd: "a" }] });
const message: Message = { id: "m", slot: "hero", content: { titel: "Hi" } };
const ready: null = await init();
export { message, ready };
`);
  assert.match(errors, /transacton_id/);
  assert.match(errors, /item_idd/);
  // Content is MessageContent or a map of locales to it, so TypeScript reports "titel" as a
  // locale whose value is no MessageContent: the error is on that line, worded that way.
  assert.match(errors, /typos\.ts\(6,\d+\): error TS\d+: Type 'string' has no properties in common with type 'MessageContent'/);
  assert.match(errors, /Type 'true' is not assignable to type 'null'/);
  assert.equal(errors.trim().split("\n").filter((l) => l.startsWith("typos.ts(")).length, 4, errors);
});

test("in Node, init() resolves to true and initSync() returns true, as the declarations say", () => {
  writeFileSync(join(app, "init.mjs"), `import init, { initSync } from "crumbtrail";\nconsole.log(JSON.stringify([await init(), initSync()]));`);
  assert.equal(execFileSync("node", ["init.mjs"], { cwd: app, encoding: "utf8" }).trim(), "[true,true]");
});
