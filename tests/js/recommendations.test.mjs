// Recommendations in Node, through the built package: crumbtrail/recommend loading a file into a
// Personalizer, recommend(p, n, context), what it leaves out (bought, in the cart, the page's
// product), the attribute in conditions and placeholders through the engine's hook, a corrupt
// file refused with its code, a hook that throws or gives junk, and purchases kept across a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Personalizer } from "../../pkg/node.js";
import { recommend, useRecommendations } from "../../pkg/recommend.js";

// A file as the learn step writes it: three items (ids sorted), one base-64 digit per index and
// one per score. boot goes with sock (score 63) and lace (50), and is followed by tent (63); lace
// goes with boot; sock with boot; tent with nothing.
const FILE = [
  "crumbtrail-recommendations 1 4 5",
  "boot\tTrail boot\t/p/boot",
  "lace\tLaces\t/p/lace",
  "sock\tMerino socks\t/p/sock",
  "tent\tTent",
  "C_By", "Ay", "A_", "",
  "D_", "", "", "",
  "",
].join("\n");

const memory = () => {
  const map = new Map();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
};
const ids = (items) => items.map((r) => r.id);

test("a loaded file ranks what goes with the trail, with names and pages, best first", () => {
  const p = new Personalizer({ storage: "memory" });
  assert.deepEqual(recommend(p, 3), [], "no file: nothing");
  assert.equal(useRecommendations(p, FILE), 4);
  assert.deepEqual(recommend(p, 3), [], "no trail: nothing");
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  const items = recommend(p, 10);
  assert.deepEqual(ids(items), ["sock", "lace", "tent"]);
  assert.deepEqual(items.map(({ name, href }) => [name, href]), [["Merino socks", "/p/sock"], ["Laces", "/p/lace"], ["Tent", null]]);
  assert.ok(items[0].score > items[1].score && items[1].score > items[2].score);
  assert.deepEqual(ids(recommend(p, 1)), ["sock"]);
  assert.deepEqual(ids(recommend(p, 10, { product: "sock" })), ["lace", "tent"], "the page's product is left out");
});

test("what was bought or is in the cart is never recommended, across a reload", () => {
  const storage = memory();
  const p = new Personalizer({ storage });
  useRecommendations(p, FILE);
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  p.track({ event: "add_to_cart", items: [{ item_id: "sock", price: 9 }] });
  assert.ok(!ids(recommend(p, 10)).includes("sock"), "in the cart");
  p.track({ event: "purchase", transaction_id: "T-1", value: 9, currency: "EUR", items: [{ item_id: "sock", price: 9 }] });
  p.flush();
  const stored = JSON.parse(storage.map.get("crumbtrail")).profile;
  assert.deepEqual(Object.keys(stored.boughtItems), ["sock"], "the purchased item is stored");
  const again = new Personalizer({ storage });
  useRecommendations(again, FILE);
  const after = ids(recommend(again, 10));
  assert.ok(after.length > 0 && !after.includes("sock"), `bought, after a reload: ${after}`);
});

test("messages read the attribute: conditions and placeholders, the context's product left out", () => {
  const messages = [
    { id: "goes-well", slot: "pdp", priority: 1, when: { "recommended.0": { $exists: true } },
      content: { title: "Goes well with it: {{recommended.0.name}}", href: "{{recommended.0.href}}" } },
    { id: "plain", slot: "pdp", content: { title: "Hello" } },
  ];
  const p = new Personalizer({ storage: "memory", messages });
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  assert.equal(p.decide("pdp").id, "plain", "no file: recommended is empty");
  assert.deepEqual(p.attributes().recommended, []);
  useRecommendations(p, FILE);
  assert.deepEqual(p.decide("pdp").content, { title: "Goes well with it: Merino socks", href: "/p/sock" });
  assert.deepEqual(p.decide("pdp", { product: "sock" }).content, { title: "Goes well with it: Laces", href: "/p/lace" });
  assert.deepEqual(ids(p.attributes().recommended), ["sock", "lace", "tent"]);
});

test("a corrupt file throws invalid_model naming the line, and the file in use stays", () => {
  const p = new Personalizer({ storage: "memory" });
  useRecommendations(p, FILE);
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  const before = recommend(p, 10);
  /** @type {[string, RegExp][]} */
  const cases = [
    ["", /recommendations file is empty/],
    ["<!doctype html><html>", /not a recommendations file/],
    [FILE.replace("C_By", "C_B"), /line 6: bought-with list of the wrong length/],
    [FILE.replace("lace\t", "boot\t"), /line 3: id not after the previous one/],
    [FILE.replace("Ay", "A!"), /line 7: bought-with list has a character that is not base-64/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => useRecommendations(p, text), (/** @type {import("../../pkg/node/crumbtrail.js").CrumbtrailError} */ e) => e instanceof Error && e.code === "invalid_model" && message.test(e.message), text);
  }
  assert.throws(() => useRecommendations(p, /** @type {any} */ (42)), (/** @type {any} */ e) => e.code === "invalid_argument");
  assert.deepEqual(recommend(p, 10), before);
});

test("recommend never throws: an n that is not a number is reported and answered with nothing", () => {
  const errors = [];
  const p = new Personalizer({ storage: "memory", onError: (e) => errors.push(e.code) });
  useRecommendations(p, FILE);
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  assert.deepEqual(recommend(p, /** @type {any} */ ("three")), []);
  assert.deepEqual(recommend(p, -1), []);
  assert.deepEqual(errors, ["invalid_argument", "invalid_argument"]);
  assert.equal(recommend(p, 0).length, 0);
  assert.equal(recommend(p, 1e9).length, 3, "a large n is all there is");
});

test("the engine's hook: a recommender that throws or gives junk is reported, never thrown, and counts as none", () => {
  const messages = [
    { id: "goes-well", slot: "pdp", priority: 1, content: { title: "Goes well with it: {{recommended.0.name}}" } },
    { id: "plain", slot: "pdp", content: { title: "Hello" } },
  ];
  const errors = [];
  const p = new Personalizer({ storage: "memory", messages, onError: (e) => errors.push([e.code, e.message]) });
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  const asked = [];
  p.setRecommender((request) => {
    asked.push(request);
    return [{ id: "x", name: "Ex", href: null, score: 1, extra: true }];
  });
  assert.equal(p.decide("pdp", { product: 7 }).content.title, "Goes well with it: Ex");
  assert.deepEqual(asked, [{ n: 4, product: "7", ids: ["boot"], kinds: "v", times: [asked[0].times[0]] }]);
  assert.deepEqual(p.attributes().recommended, [{ id: "x", name: "Ex", href: null, score: 1 }], "four fields, no more");
  /** @type {[() => any, RegExp][]} hooks that answer wrongly, on purpose */
  const hooks = [
    [() => { throw new Error("boom"); }, /the recommender threw: boom/],
    [() => "junk", /not a list/],
    [() => [{ id: 3, score: 1 }], /without a string id/],
    [() => [{ id: "x", score: NaN }], /not finite/],
  ];
  for (const [hook, message] of hooks) {
    errors.length = 0;
    p.setRecommender(hook);
    assert.equal(p.decide("pdp").id, "plain", String(message));
    assert.deepEqual(errors.map(([code]) => code), ["invalid_argument"]);
    assert.match(errors[0][1], message);
  }
  // One that calls back into the Personalizer while it decides: refused as busy, never thrown.
  errors.length = 0;
  p.setRecommender(() => (p.stage(), /** @type {any[]} without href, which may be left out */ ([{ id: "x", name: "X", score: 1 }])));
  assert.equal(p.decide("pdp").content.title, "Goes well with it: X");
  assert.deepEqual(errors.map(([code]) => code), ["busy"]);
  errors.length = 0;
  p.setRecommender(/** @type {any} */ ("not a function"));
  assert.deepEqual(errors.map(([code]) => code), ["invalid_argument"], "reported, not thrown");
  p.setRecommender(null);
  assert.equal(p.decide("pdp").id, "plain");
  assert.deepEqual(p.attributes().recommended, []);
});

test("the methods moved to crumbtrail/recommend; it never throws from recommend, and refuses what is not a Personalizer", () => {
  const p = new Personalizer({ storage: "memory" });
  assert.equal(/** @type {any} */ (p).useRecommendations, undefined);
  assert.equal(/** @type {any} */ (p).recommend, undefined);
  assert.deepEqual(recommend(/** @type {any} */ ({}), 3), []);
  assert.deepEqual(recommend(null, 3), []);
  assert.throws(() => useRecommendations(/** @type {any} */ ({}), FILE), (/** @type {any} */ e) => e.code === "invalid_argument" && /expected a Personalizer/.test(e.message));
  const request = p.recommendationRequest(500, { product: "boot", other: 1 });
  assert.deepEqual(request, { n: 100, product: "boot", ids: [], kinds: "", times: [] }, "n is at most 100");
});
