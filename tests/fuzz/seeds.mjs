// Seed corpora for scripts/fuzz, made from the project's own data: events of the test trail and
// of GA4's documentation, stored documents written by the built package, the GrowthBook
// conformance conditions, and the demo's and the benchmark's catalogues.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Personalizer } from "../../pkg/node.js";
import { MESSAGES } from "../../demo/messages.js";
import { catalogue } from "../bench/workload.js";
import { growthbookCases } from "../js/growthbook-cases.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const out = process.argv[2] ?? join(repo, "target/fuzz-corpus");
const put = (target, name, value) => {
  mkdirSync(join(out, target), { recursive: true });
  writeFileSync(join(out, target, name), typeof value === "string" ? value : JSON.stringify(value));
};

const trail = readFileSync(join(repo, "tests/data/trail.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
trail.forEach((e, i) => put("event", `trail-${i}`, e));
put("event", "trail-all", trail);
put("event", "ga4-purchase", { event: "purchase", ecommerce: { transaction_id: "T_12345", value: 72.05, tax: 3.6, currency: "USD", items: [{ item_id: "SKU_12345", item_name: "Tee", item_category: "Apparel", price: 10.01, quantity: 3 }] } });

const documents = [1, 2].map((tab) => {
  const map = new Map();
  const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
  let now = Date.UTC(2026, 0, 1);
  const p = new Personalizer({ storage, now: () => now, messages: /** @type {any[]} */ (MESSAGES) }); // the demo's catalogue, typed by the demo
  for (const e of trail.slice(0, tab * 4)) { now += 3_600_000; p.track({ ...e, ts: undefined }); }
  p.seen("welcome");
  p.flush();
  return JSON.parse(map.get("crumbtrail"));
});
put("store", "one", documents[0]);
put("store", "two", documents);

growthbookCases.evalCondition.forEach(([, c, a, , g], i) => put("condition", `case-${i}`, g ? [c, a, g] : [c, a]));

put("catalogue", "demo", MESSAGES);
put("catalogue", "bench", [catalogue(), { vip: ["a"] }]);
console.log(`seeds in ${out}`);
