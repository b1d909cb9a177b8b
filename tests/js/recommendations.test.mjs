// Recommendations in Node, through the built package: loading a file, recommend(n, context),
// what it leaves out (bought, in the cart, the page's product), the attribute in conditions and
// placeholders, a corrupt file refused with its code, and purchases kept across a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Personalizer } from "../../pkg/node.js";

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
  assert.deepEqual(p.recommend(3), [], "no file: nothing");
  assert.equal(p.useRecommendations(FILE), 4);
  assert.deepEqual(p.recommend(3), [], "no trail: nothing");
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  const items = p.recommend(10);
  assert.deepEqual(ids(items), ["sock", "lace", "tent"]);
  assert.deepEqual(items.map(({ name, href }) => [name, href]), [["Merino socks", "/p/sock"], ["Laces", "/p/lace"], ["Tent", null]]);
  assert.ok(items[0].score > items[1].score && items[1].score > items[2].score);
  assert.deepEqual(ids(p.recommend(1)), ["sock"]);
  assert.deepEqual(ids(p.recommend(10, { product: "sock" })), ["lace", "tent"], "the page's product is left out");
});

test("what was bought or is in the cart is never recommended, across a reload", () => {
  const storage = memory();
  const p = new Personalizer({ storage });
  p.useRecommendations(FILE);
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  p.track({ event: "add_to_cart", items: [{ item_id: "sock", price: 9 }] });
  assert.ok(!ids(p.recommend(10)).includes("sock"), "in the cart");
  p.track({ event: "purchase", transaction_id: "T-1", value: 9, currency: "EUR", items: [{ item_id: "sock", price: 9 }] });
  p.flush();
  const stored = JSON.parse(storage.map.get("crumbtrail")).profile;
  assert.deepEqual(Object.keys(stored.boughtItems), ["sock"], "the purchased item is stored");
  const again = new Personalizer({ storage });
  again.useRecommendations(FILE);
  const after = ids(again.recommend(10));
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
  p.useRecommendations(FILE);
  assert.deepEqual(p.decide("pdp").content, { title: "Goes well with it: Merino socks", href: "/p/sock" });
  assert.deepEqual(p.decide("pdp", { product: "sock" }).content, { title: "Goes well with it: Laces", href: "/p/lace" });
  assert.deepEqual(ids(p.attributes().recommended), ["sock", "lace", "tent"]);
});

test("a corrupt file throws invalid_model naming the line, and the file in use stays", () => {
  const p = new Personalizer({ storage: "memory" });
  p.useRecommendations(FILE);
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  const before = p.recommend(10);
  const cases = [
    ["", /recommendations file is empty/],
    ["<!doctype html><html>", /not a recommendations file/],
    [FILE.replace("C_By", "C_B"), /line 6: bought-with list of the wrong length/],
    [FILE.replace("lace\t", "boot\t"), /line 3: id not after the previous one/],
    [FILE.replace("Ay", "A!"), /line 7: bought-with list has a character that is not base-64/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => p.useRecommendations(text), (e) => e instanceof Error && e.code === "invalid_model" && message.test(e.message), text);
  }
  assert.throws(() => p.useRecommendations(42), (e) => e.code === "invalid_argument");
  assert.deepEqual(p.recommend(10), before);
});

test("recommend never throws: an n that is not a number is reported and answered with nothing", () => {
  const errors = [];
  const p = new Personalizer({ storage: "memory", onError: (e) => errors.push(e.code) });
  p.useRecommendations(FILE);
  p.track({ event: "view_item", items: [{ item_id: "boot" }] });
  assert.deepEqual(p.recommend("three"), []);
  assert.deepEqual(p.recommend(-1), []);
  assert.deepEqual(errors, ["invalid_argument", "invalid_argument"]);
  assert.equal(p.recommend(0).length, 0);
  assert.equal(p.recommend(1e9).length, 3, "a large n is all there is");
});
