// The lists of names that exist in several copies stay in step: the attributes and metrics the
// wasm builds, the fallback's stand-ins (package/fallback.js), and the TypeScript interfaces
// of the .d.ts. A name added to one and not the others fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Personalizer } from "../../pkg/node.js";
import { InertPersonalizer } from "../../package/fallback.js";

const dts = readFileSync(new URL("../../pkg/web/crumbtrail.d.ts", import.meta.url), "utf8");
/** The member names of `interface name` in the .d.ts, with those of the interface it extends. */
function members(name) {
  const match = dts.match(new RegExp(`export interface ${name}(?: extends (\\w+))? \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(match, `interface ${name} in the .d.ts`);
  const own = [...match[2].replace(/\/\*[\s\S]*?\*\//g, "").matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]);
  return [...(match[1] ? members(match[1]) : []), ...own];
}
const sorted = (names) => [...names].sort();

test("attributes: the wasm's, the fallback's and the TypeScript Attributes name the same fields", () => {
  const p = new Personalizer({ storage: "memory" });
  const wasm = sorted(Object.keys(p.attributes()));
  assert.deepEqual(sorted(Object.keys(new InertPersonalizer().attributes())), wasm, "fallback.js");
  assert.deepEqual(sorted(members("Attributes")), wasm, "the Attributes interface");
  assert.ok(wasm.includes("profileAgeDays"));
});

test("metrics: the wasm's, the fallback's and the TypeScript Metrics name the same fields", () => {
  const wasm = sorted(Object.keys(new Personalizer({ storage: "memory" }).stage().metrics));
  assert.deepEqual(sorted(Object.keys(new InertPersonalizer().stage().metrics)), wasm, "fallback.js");
  assert.deepEqual(sorted(members("Metrics")), wasm, "the Metrics interface");
});

test("profileAgeDays is null before the first event, then the days since firstSeen", () => {
  let now = Date.UTC(2026, 0, 1);
  const p = new Personalizer({ storage: "memory", now: () => now });
  assert.equal(p.attributes().profileAgeDays, null);
  p.track({ event: "page_view" });
  now += 8.5 * 86_400_000;
  assert.equal(p.attributes().profileAgeDays, 8.5);
  assert.equal(p.attributes().firstSeen, Date.UTC(2026, 0, 1));
});

test("a message can target the profile's age (a young profile on Safari may be a wiped one)", () => {
  let now = Date.UTC(2026, 0, 1);
  const messages = [
    { id: "welcome-back", slot: "hero", priority: 1, when: { profileAgeDays: { $lt: 7 }, orders: 0 }, content: { title: "Been here before?" } },
    { id: "default", slot: "hero", content: { title: "Hello" } },
  ];
  const p = new Personalizer({ storage: "memory", now: () => now, messages });
  p.track({ event: "page_view" });
  assert.equal(p.decide("hero").id, "welcome-back");
  now += 8 * 86_400_000;
  assert.equal(p.decide("hero").id, "default");
});
