// The built package in Node, used the way a shop's own test suite or SSR code would use it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, { Personalizer, version } from "../../pkg/node.js";

const DAY = 86_400_000;

function memoryStorage() {
  const map = new Map();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, String(v)), removeItem: (k) => void map.delete(k) };
}

test("init resolves at once and version is the package's", async () => {
  await init();
  const pkg = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url), "utf8"));
  assert.equal(version, pkg.version);
});

test("a shopper's cycle through an injected storage and clock", () => {
  const storage = memoryStorage();
  let now = Date.UTC(2026, 0, 1);
  const errors = [];
  const make = () => new Personalizer({ storage, now: () => now, onError: (e) => errors.push(e) });
  const p = make();
  p.track({ event: "view_item", items: [{ item_id: "a", item_category: "Shoes", price: 40 }] });
  p.track({ event: "add_to_cart", items: [{ item_id: "a", item_category: "Shoes", price: 40 }] });
  assert.equal(p.stage().stage, "acquisition");
  assert.equal(p.attributes().cartValue, 40);
  p.track({ event: "purchase", ecommerce: { transaction_id: "T1", value: 40, currency: "EUR", items: [{ item_id: "a", item_category: "Shoes" }] } });
  p.flush();
  assert.equal(p.stage().stage, "development");

  now += 10 * DAY;
  const q = make(); // a later page load
  assert.equal(q.stage().metrics.orders, 1);
  q.track({ event: "purchase", transaction_id: "T2", value: 60, currency: "EUR" });
  q.track({ event: "referral" });
  const r = q.stage();
  assert.equal(r.stage, "advocacy");
  assert.equal(r.metrics.revenue, 100);
  assert.deepEqual(r.reasons.map((x) => x.code), ["repeat_buyer", "advocacy_signal"]);
  assert.deepEqual(q.attributes().purchasedCategories, ["Shoes"]);
  q.flush();

  now += 200 * DAY;
  const later = make();
  const lapsed = later.stage();
  assert.equal(lapsed.stage, "lapsed");
  assert.equal(lapsed.previous, "advocacy");
  assert.equal(errors.length, 0, errors.map(String).join("\n"));
  const exported = JSON.parse(later.export());
  assert.equal(exported.crumbtrail.v, 1);
  assert.equal(typeof exported.crumbtrail.profile.visitor, "string");
});

test("server-side rendering: no window, no storage option — memory, silently", () => {
  const errors = [];
  const p = new Personalizer({ onError: (e) => errors.push(e) });
  p.track({ event: "page_view" });
  p.flush();
  assert.equal(p.stage().metrics.pageViews, 1);
  assert.deepEqual(errors, []);
});

test("asking for localStorage by name where there is none reports it once and works in memory", () => {
  const errors = [];
  const p = new Personalizer({ storage: "local", onError: (e) => errors.push(e) });
  p.track({ event: "page_view" });
  p.flush();
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof Error);
  assert.match(errors[0].message, /localStorage unavailable \(no window: not running in a browser\): keeping the profile in memory/);
});

test("callbacks that call back in, or throw, never break the page", () => {
  let p;
  const seen = [];
  p = new Personalizer({
    storage: memoryStorage(),
    onStageChange: (report, previous) => {
      seen.push([previous, report.stage]);
      p.track({ event: "page_view" }); // re-entrant
      throw new Error("the shop's handler is buggy");
    },
    onError: () => { throw new Error("so is this one"); },
  });
  assert.doesNotThrow(() => p.track({ event: "sign_up" }));
  assert.doesNotThrow(() => p.track({ event: /** @type {any} */ ("nonsense") }));
  assert.deepEqual(seen[0], [null, "acquisition"]);
  assert.equal(p.stage().metrics.pageViews, 1);
});

test("a StorageLike that throws is reported once and tracking carries on", () => {
  const errors = [];
  const broken = { getItem() { throw new Error("disk on fire"); }, setItem() { throw new Error("disk on fire"); }, removeItem() {} };
  const p = new Personalizer({ storage: broken, onError: (e) => errors.push(e.message) });
  p.track({ event: "page_view" });
  p.flush();
  p.track({ event: "page_view" });
  p.flush();
  assert.deepEqual(errors, ["crumbtrail: storage failed (Error: disk on fire): keeping the profile in memory"]);
  assert.equal(p.stage().metrics.pageViews, 2);
});

test("Personalizer.create resolves to a Personalizer as the constructor makes it, and rejects with the constructor's error", async () => {
  const storage = memoryStorage();
  const now = Date.UTC(2026, 0, 1);
  const p = await Personalizer.create({ storage, now: () => now });
  assert.ok(p instanceof Personalizer);
  p.track({ event: "purchase", transaction_id: "T1", value: 5 });
  p.flush();
  assert.equal((await Personalizer.create({ storage, now: () => now })).stage().stage, "development", "it loads the stored profile");
  for (const [options, path] of /** @type {[any, string][]} */ ([[{ rules: { lapseAfterDays: "x" } }, "rules.lapseAfterDays"], [7, "options"], [{ now: 1 }, "now"]])) {
    const created = Personalizer.create(options);
    assert.ok(created instanceof Promise, "a mistake is a rejection, never a throw");
    await assert.rejects(created, (/** @type {any} */ e) => e.code === "invalid_option" && e.path === path, JSON.stringify(options));
    assert.throws(() => new Personalizer(options), (/** @type {any} */ e) => e.code === "invalid_option" && e.path === path);
  }
});

test("rules and priors options shape the stage and predictions", () => {
  let now = Date.UTC(2026, 0, 1);
  const p = new Personalizer({ storage: "memory", now: () => now, rules: { lapseAfterDays: 10 }, priors: { r: 1.2, alpha: 10, a: 2.5, b: 4 } });
  p.track({ event: "purchase", transaction_id: "T1", value: 5 });
  now += 11 * DAY;
  const r = p.stage();
  assert.equal(r.stage, "lapsed");
  assert.equal(r.metrics.lapseThresholdDays, 10);
  assert.equal(r.metrics.pAlive, 1);
  assert.ok(r.metrics.expectedOrders90d > 0);
});

test("knownOrders: the shop's records make a retained shopper, survive a reload, and bad facts throw with code and path, changing nothing", () => {
  const storage = memoryStorage();
  const now = Date.UTC(2026, 5, 1);
  const errors = [];
  const make = (/** @type {import("../../pkg/node/crumbtrail.js").Consent} */ consent = "granted") => new Personalizer({ storage, consent, now: () => now, onError: (e) => errors.push(e) });
  const p = make();
  p.track({ event: "page_view" });
  assert.equal(p.stage().stage, "reach");
  p.knownOrders({ count: 3, first: "2025-11-02", last: now - 20 * DAY, revenue: 180, currency: "eur" });
  const r = p.stage();
  assert.deepEqual([r.stage, r.metrics.orders, r.metrics.revenue, r.metrics.currency], ["retention", 3, 180, "EUR"]);
  p.flush();
  const stored = storage.map.get("crumbtrail");

  for (const [facts, path] of /** @type {[any, string][]} */ ([
    [{ count: -2, first: 1, last: 2 }, "knownOrders.count"],
    [{ count: 2, first: "2026-03-01", last: "2026-02-01" }, "knownOrders.first"],
    [{ count: 2, first: 1, last: 2, currency: "EURO" }, "knownOrders.currency"],
    [{ count: Number.NaN }, "knownOrders.count"],
    [{ count: 2, first: 1, last: 2, revenue: Infinity }, "knownOrders.revenue"],
  ])) {
    assert.throws(() => p.knownOrders(facts), (/** @type {any} */ e) => e.code === "invalid_argument" && e.path === path && e.message.startsWith("knownOrders: "), JSON.stringify(facts));
  }
  p.flush();
  assert.equal(storage.map.get("crumbtrail"), stored, "bad facts changed nothing");
  assert.deepEqual(errors, []);

  const q = make(); // the next page, without the facts
  assert.equal(q.stage().stage, "retention");
  q.track({ event: "purchase", transaction_id: "T-new", value: 20, currency: "EUR" });
  assert.equal(q.stage().metrics.orders, 4, "a purchase after the last known order adds");

  const pending = memoryStorage();
  const s = new Personalizer({ storage: pending, consent: "pending", now: () => now });
  s.knownOrders({ count: 3, first: "2025-11-02", last: now - 20 * DAY, revenue: 180, currency: "EUR" });
  s.flush();
  assert.equal(s.stage().stage, "retention");
  assert.equal(pending.map.size, 0, "nothing stored without the profile's consent");
});
