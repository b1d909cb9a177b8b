// The marketer's language: every stage and every reason code the engine gives has its words in each
// locale module of the package (crumbtrail/locale/en, crumbtrail/locale/nl), and the demo's
// inspector has each of its labels in both languages. The codes come from the engine's own list
// (core/src/stage.rs, REASON_CODES) and the package's declarations; the sentences are checked on
// reports the engine made.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Personalizer } from "../../pkg/node.js";
import * as en from "../../pkg/locale/en.js";
import * as nl from "../../pkg/locale/nl.js";
import { inspectorWords } from "../../demo/inspector-words.js";

const LOCALES = { en, nl };
const DAY = 86_400_000;
const source = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const quoted = (text) => [...text.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]).sort();

const engineCodes = quoted(source("core/src/stage.rs").match(/pub const REASON_CODES: \[&str; \d+\] =\s*\[([^\]]*)\]/)[1]);
const dts = source("pkg/web/crumbtrail.d.ts");
const declaredCodes = quoted(dts.match(/export type ReasonCode =([^;]*);/)[1]);
const stages = quoted(dts.match(/export type Stage =([^;]*);/)[1]);
const engineDecisionCodes = quoted(source("core/src/decide/mod.rs").match(/pub const DECISION_REASON_CODES: \[&str; \d+\] =\s*\[([^\]]*)\]/)[1]);
const declaredDecisionCodes = quoted(dts.match(/export type DecisionReasonCode =([^;]*);/)[1]);

/** Figures for each code of a decision's reasons, in the shapes the engine gives (keyed by code:
 * describe() takes each pair, which TypeScript cannot tie together from Object.entries).
 * @type {Record<string, any[]>} */
const DECISION_SAMPLES = {
  stage: [{ stage: "retention" }],
  condition: [{ condition: 'purchasedCategories in ["shoes"]' }],
  cap: [{ shown: 1, impressions: 2, days: 7 }, { shown: 0, impressions: 1, days: 1 }],
  only_eligible: [{ slot: "hero" }],
  priority_beat: [{ priority: 4, other: "loyalty", otherPriority: 2 }],
  priority_tied: [{ priority: 1, other: "b" }],
  held_out: [{ messages: ["a", "b"] }],
};

/** Figures for each code, in the shapes the engine gives, singular and plural.
 * @type {Record<string, any[]>} */
const SAMPLES = {
  not_engaged: [{ sessions: 1, itemViews: 0, engagedSessions: 2, engagedItemViews: 3 }, { sessions: 0, itemViews: 1, engagedSessions: 1, engagedItemViews: 1 }],
  engaged: ["sessions", "itemViews", "cartAdds", "wishlistAdds", "checkouts", "signUps", "leads"].flatMap((by) => [{ by, count: 1 }, { by, count: 4 }]),
  first_order: [{ orders: 1, daysAgo: 0, lapseAfterDays: 120 }, { orders: 1, daysAgo: 1, lapseAfterDays: 1 }],
  repeat_buyer: [{ orders: 2, daysAgo: 9, lapseAfterDays: 30 }],
  lapsed: [{ orders: 3, daysAgo: 190, lapseAfterDays: 45 }],
  advocacy_signal: [{ referrals: 1, shares: 0, goodReviews: 1, minRating: 4 }, { referrals: 0, shares: 2, goodReviews: 0, minRating: 5 }],
  returned: [{}],
};

test("the engine's reason codes are the declared ones, and each has figures to try here", () => {
  assert.deepEqual(engineCodes, declaredCodes);
  assert.deepEqual(Object.keys(SAMPLES).sort(), engineCodes);
  assert.deepEqual(stages, ["acquisition", "advocacy", "development", "lapsed", "reach", "retention"]);
  assert.deepEqual(engineDecisionCodes, declaredDecisionCodes);
  assert.deepEqual(Object.keys(DECISION_SAMPLES).sort(), engineDecisionCodes);
});

for (const [language, locale] of Object.entries(LOCALES)) {
  test(`crumbtrail/locale/${language}: a sentence for every reason code and a name for every stage, and nothing else`, () => {
    assert.equal(locale.locale, language);
    assert.deepEqual(Object.keys(locale.reasons).sort(), engineCodes, "a reason code without words, or words without a code");
    assert.deepEqual(Object.keys(locale.stages).sort(), stages);
    assert.deepEqual(Object.keys(locale.decisions).sort(), engineDecisionCodes, "a decision's reason code without words, or words without a code");
    for (const [code, samples] of Object.entries(DECISION_SAMPLES)) {
      for (const values of samples) {
        const text = locale.describe(/** @type {any} */ ({ code, values }));
        assert.ok(text.length > 5 && !/undefined|NaN|null|\[object/.test(text), `${code} ${JSON.stringify(values)}: ${text}`);
      }
    }
    for (const stage of stages) assert.match(locale.stages[stage], /^\p{Lu}\p{Ll}+$/u, stage);
    for (const [code, samples] of Object.entries(SAMPLES)) {
      for (const values of samples) {
        const text = locale.describe(/** @type {any} */ ({ code, values }));
        assert.ok(text.length > 5 && !/undefined|NaN|null|\[object/.test(text), `${code} ${JSON.stringify(values)}: ${text}`);
      }
    }
    assert.equal(locale.describe(/** @type {any} */ ({ code: "unheard_of", values: {} })), "unheard_of", "an unknown code reads as itself");
  });
}

test("the two languages differ: each sentence and stage name is translated", () => {
  for (const stage of stages) assert.notEqual(en.stages[stage], nl.stages[stage], stage);
  for (const [code, samples] of Object.entries(SAMPLES)) {
    for (const values of samples) assert.notEqual(en.describe(/** @type {any} */ ({ code, values })), nl.describe(/** @type {any} */ ({ code, values })), code);
  }
  for (const [code, samples] of Object.entries(DECISION_SAMPLES)) {
    for (const values of samples) assert.notEqual(en.describe(/** @type {any} */ ({ code, values })), nl.describe(/** @type {any} */ ({ code, values })), code);
  }
});

test("a decision's reasons read as sentences in English and in Dutch", () => {
  const p = new Personalizer({
    storage: "memory",
    messages: [
      { id: "welcome", slot: "hero", priority: 2, cap: { impressions: 2, days: 7 }, content: { title: "Hi" } },
      { id: "plain", slot: "hero", priority: 1, content: { title: "Hello" } },
    ],
  });
  const words = (d) => d.reasons.map((r) => [en.describe(r), nl.describe(r)]);
  assert.deepEqual(words(p.decide("hero")), [
    ["stage Reach", "fase Bereik"],
    ["shown 0 of 2 times in 7 days", "0 van 2 keer getoond in 7 dagen"],
    ["priority 2 beat plain (1)", "prioriteit 2 won van plain (1)"],
  ]);
});

/** A shopper's reports along a trail, each worded in both languages; every code occurs. */
function trail() {
  let now = Date.UTC(2026, 2, 1);
  const p = new Personalizer({ storage: "memory", now: () => now });
  const words = () => p.stage().reasons.map((r) => [r.code, en.describe(r), nl.describe(r)]);
  const out = [];
  p.track({ event: "page_view" });
  out.push(words());
  p.track({ event: "add_to_cart", items: [{ item_id: "a", price: 5 }] });
  out.push(words());
  p.track({ event: "purchase", transaction_id: "T1", value: 20 });
  now += 9 * DAY;
  out.push(words());
  p.track({ event: "purchase", transaction_id: "T2", value: 20 });
  p.track({ event: "referral" });
  p.track({ event: "review", rating: 5 });
  now += DAY;
  out.push(words());
  now += 200 * DAY;
  out.push(words());
  p.track({ event: "purchase", transaction_id: "T3", value: 20 });
  out.push(words());
  return out;
}

const TRAIL = trail();

test("the engine's reports read as sentences in English and in Dutch", () => {
  assert.deepEqual(TRAIL, [
    [["not_engaged", "no order yet; 1 session and 0 item views (engaged from 2 sessions or 3 item views)",
      "nog geen bestelling; 1 sessie en 0 productweergaven (betrokken vanaf 2 sessies of 3 productweergaven)"]],
    [["engaged", "no order yet; engaged: added to cart", "nog geen bestelling; betrokken: in winkelwagen gelegd"]],
    [["first_order", "1 order, 9 days ago; lapses after 120 days without an order",
      "1 bestelling, 9 dagen geleden; haakt af na 120 dagen zonder bestelling"]],
    [["repeat_buyer", "2 orders, last 1 day ago; lapses after 30 days without an order",
      "2 bestellingen, laatste 1 dag geleden; haakt af na 30 dagen zonder bestelling"],
    ["advocacy_signal", "1 referral, 1 review (reviews rated 4 or more)", "1 doorverwijzing, 1 review (reviews met 4 of meer sterren)"]],
    [["lapsed", "2 orders, last 201 days ago; lapses after 30 days without an order",
      "2 bestellingen, laatste 201 dagen geleden; haakt af na 30 dagen zonder bestelling"]],
    [["repeat_buyer", "3 orders, last today; lapses after 120 days without an order",
      "3 bestellingen, laatste vandaag; haakt af na 120 dagen zonder bestelling"],
    ["returned", "ordered again after lapsing", "bestelde opnieuw na afhaken"]],
  ]);
});

test("the demo's inspector has each of its labels in English and in Dutch", () => {
  const { en: english, nl: dutch } = inspectorWords;
  assert.deepEqual(Object.keys(dutch).sort(), Object.keys(english).sort());
  for (const key of Object.keys(english)) {
    assert.equal(typeof dutch[key], typeof english[key], key);
    const sample = (w) => (typeof w === "function" ? w("x", 2) : w);
    assert.ok(sample(dutch[key]).length > 0 && sample(english[key]).length > 0, key);
  }
});

test("the messages guide's tables of stage names and reasons are the modules' words", () => {
  const readme = source("docs/guide/messages.md");
  const stageRows = [...readme.matchAll(/^\| ([a-z]+) \| (\p{L}+) \| (\p{L}+) \|$/gmu)].map((m) => m.slice(1))
    .filter(([stage]) => stages.includes(stage)).sort();
  assert.deepEqual(stageRows, stages.map((s) => [s, en.stages[s], nl.stages[s]]));
  const reasonRows = [...readme.matchAll(/^\| `([a-z_]+)` \| [^|]+ \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => m.slice(1));
  const worded = new Map(TRAIL.flat().reverse().map(([code, english, dutch]) => [code, [english, dutch]])); // each code's first
  assert.deepEqual(reasonRows.map(([code]) => code).sort(), engineCodes);
  for (const [code, english, dutch] of reasonRows) assert.deepEqual([english, dutch], worded.get(code), code);
});
