// Messaging through the built package in Node: the whole GrowthBook conformance suite through the
// exported evalCondition, decisions, caps and errors as a shop's code meets them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CompiledCondition, Personalizer, evalCondition } from "../../pkg/node.js";
import { growthbookCases as cases } from "./growthbook-cases.mjs";

const DAY = 86_400_000;

test("every GrowthBook evalCondition case passes through the package's evalCondition (Node)", () => {
  const failed = [];
  for (const [name, condition, attributes, expected, groups] of cases.evalCondition) {
    if (evalCondition(condition, attributes, groups) !== expected) failed.push(name);
  }
  console.log(`GrowthBook evalCondition conformance in Node: ${cases.evalCondition.length - failed.length}/${cases.evalCondition.length} passed`);
  assert.equal(cases.evalCondition.length, 248);
  assert.deepEqual(failed, []);
});

test("evalCondition never throws, whatever it is given", () => {
  /** @type {any[][]} not conditions and attributes, on purpose */
  const junk = [[null, {}], [undefined, undefined], ["x", 1], [{ a: { $regex: "(" } }, { a: "(" }], [{ $or: 5 }, {}]];
  for (const [c, a] of junk) {
    assert.equal(typeof evalCondition(c, a), "boolean");
  }
  assert.equal(evalCondition(null, {}), false);
});

test("a condition reads only the attributes it names, as own enumerable members, however large the object", () => {
  let touched = 0;
  const attributes = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
  Object.defineProperty(attributes, "costly", { enumerable: true, get: () => (touched++, 1) });
  Object.defineProperty(attributes, "broken", { enumerable: true, get: () => { throw new Error("boom"); } });
  Object.defineProperty(attributes, "hidden", { enumerable: false, value: 3 });
  attributes.orders = 3; // the 5,004th key: past the 1,000 keys read from an object as a whole
  const vip = new CompiledCondition({ orders: { $gte: 2 } });
  assert.equal(vip.matches(attributes), true);
  assert.equal(touched, 0, "a getter the condition does not name is never called");
  assert.equal(evalCondition({ broken: { $exists: false } }, attributes), true, "a throwing getter reads as undefined");
  assert.equal(evalCondition({ hidden: { $exists: true } }, attributes), false, "a non-enumerable member is not an attribute");
  assert.equal(evalCondition({ orders: 3 }, Object.create({ orders: 3 })), false, "an inherited member is not an attribute");
  const bare = Object.create(null);
  bare.orders = 3;
  assert.equal(vip.matches(bare), true);
  const hostile = new Proxy({ orders: 3 }, { getOwnPropertyDescriptor() { throw new Error("trap"); } });
  assert.equal(vip.matches(hostile), false);
  assert.equal(evalCondition({ 0: "a" }, /** @type {any} */ (["a"])), true, "an array is read whole, as before");
});

test("a pattern tested again and again follows the text it is given (no stale text between calls)", () => {
  const p = new Personalizer({ storage: "memory", messages: [
    { id: "shoes", slot: "hero", when: { "page.path": { $regex: "^/shoes" } }, content: { title: "Shoes" } },
    { id: "bags", slot: "hero", when: { "page.path": { $regexi: "^/BAGS" } }, content: { title: "Bags" } },
  ] });
  const ids = ["/shoes/a", "/bags/b", "/bags/b", "/hats", "/shoes/a", "/shoes/b", "/bags"]
    .map((path) => p.decide("hero", { path })?.id ?? null);
  assert.deepEqual(ids, ["shoes", "bags", "bags", null, "shoes", "shoes", "bags"]);
  const sale = new CompiledCondition({ path: { $regex: "sale$" } });
  assert.deepEqual(["/x/sale", "/x/sale", "/x", "/y/sale", "", "sale"].map((path) => sale.matches({ path })), [true, true, false, true, false, true]);
});

function memoryStorage() {
  const map = new Map();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, String(v)), removeItem: (k) => void map.delete(k) };
}

/** @type {import("../../pkg/node/crumbtrail.js").Message[]} */
const catalogue = [
  { id: "welcome", slot: "hero", stages: ["reach"], content: { en: { title: "Welcome" }, nl: { title: "Welkom" } } },
  { id: "promo", slot: "hero", stages: ["acquisition"], priority: 2, cap: { impressions: 2, days: 7 },
    content: { title: "10% off {{categories.0 | everything}}" } },
  { id: "club", slot: "hero", stages: ["acquisition"], priority: 1, content: { title: "Join the club" } },
];

test("decide, seen and caps across page loads", () => {
  const storage = memoryStorage();
  let now = Date.UTC(2026, 10, 1);
  const errors = [];
  const make = (locale = "en") => new Personalizer({ storage, now: () => now, locale, messages: catalogue, onError: (e) => errors.push(e.message) });
  let p = make("nl-BE");
  assert.equal(p.decide("hero").content.title, "Welkom");
  assert.equal(p.decide("footer"), null);
  p.track({ event: "view_item", items: [{ item_id: "a", item_category: "Shoes" }] });
  p.track({ event: "add_to_cart", items: [{ item_id: "a", item_category: "Shoes", price: 10 }] });
  const d = p.decide("hero", { path: "/shoes" });
  assert.deepEqual(d, {
    id: "promo", slot: "hero", content: { title: "10% off Shoes" }, stage: "acquisition",
    reasons: [
      { code: "stage", values: { stage: "acquisition" } },
      { code: "cap", values: { shown: 0, impressions: 2, days: 7 } },
      { code: "priority_beat", values: { priority: 2, other: "club", otherPriority: 1 } },
    ],
    heldOut: [],
  });
  p.seen("promo");
  p.flush();
  p = make(); // reload
  p.seen("promo");
  assert.equal(p.decide("hero").id, "club");
  now += 8 * DAY;
  assert.equal(make().decide("hero").id, "promo");
  assert.deepEqual(errors, []);
});

test("catalogue mistakes throw at construction, naming the place", () => {
  assert.throws(() => new Personalizer({ storage: "memory", messages: [...catalogue, { id: "x", slot: "s", when: { orders: { $gte2: 2 } }, content: /** @type {any} */ ({}) }] }),
    { message: 'messages[3].when: unknown operator "$gte2"' });
  assert.throws(() => new Personalizer({ storage: "memory", messages: [{ id: "x", slot: "s", when: { a: { $regex: "(" } }, content: {} }] }),
    { message: /^messages\[0\]\.when: \$regex: invalid regular expression "\(": Invalid regular expression/ });
  assert.throws(() => new Personalizer({ storage: "memory", messages: [{ id: "x", slot: "s", content: {} }], savedGroups: /** @type {any} */ ([]) }),
    { message: "savedGroups: expected an object, got an array" });
});

test("decide and the interaction calls report bad input instead of throwing", () => {
  const errors = [];
  const p = new Personalizer({ storage: "memory", messages: catalogue, onError: (e) => errors.push(e.message) });
  assert.equal(p.decide(/** @type {any} */ (42)), null);
  p.seen("nope");
  p.clicked(undefined);
  assert.deepEqual(errors, [
    "crumbtrail: decide: the slot must be a string",
    'crumbtrail: seen: no message "nope" in the catalogue',
    "crumbtrail: clicked: the message id must be a string",
  ]);
});
