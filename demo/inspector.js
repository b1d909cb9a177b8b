// The inspector: what crumbtrail sees and decided, live, beside the shop. It reads only the
// package's public API (stage, attributes, recommend, the decisions returned by render, export)
// and the exposures it pushed into the page's dataLayer. In the page's language: the stages' names
// and the stages' and decisions' reasons' sentences from the package's locale modules, its own labels from inspector-words.js.
import { h } from "./dom.js";
import { recommend } from "./pkg/recommend.js";
import * as en from "./pkg/locale/en.js";
import * as nl from "./pkg/locale/nl.js";
import { inspectorWords } from "./inspector-words.js";

const LOCALES = { en, nl };

const DAY = 86_400_000;
const METRICS = ["sessions", "pageViews", "itemViews", "cartAdds", "orders", "revenue", "daysSinceLastOrder",
  "meanGapDays", "lapseThresholdDays", "pAlive", "expectedOrders90d", "expectedOrderValue", "expectedRevenue90d",
  "reviews", "referrals"];

const show = (value) =>
  typeof value === "number" && !Number.isInteger(value) ? value.toFixed(3) : value === null ? "—" : String(value);

export class Inspector {
  /** `lang`: "en" or "nl"; `actions`: { travel(days), resetClock(), forget() }. */
  constructor(element, lang, actions) {
    this.element = element;
    this.locale = LOCALES[lang] ?? en;
    this.words = inspectorWords[lang] ?? inspectorWords.en;
    this.actions = actions;
    this.errors = [];
    this.keptAtParse = false; // whether a kept banner was in the page as parsed
  }

  error(e) {
    this.errors.push(e.code ? `${e.code}: ${e.message}` : e.message);
  }

  update({ p, decisions, clock, storageKey, context, tally }) {
    const { locale, words: w } = this;
    const report = p.stage();
    const attributes = p.attributes();
    // What the recommendations file ranks for this shopper on this page (its product left out).
    const recommended = recommend(p, 4, context).map((r) =>
      h("li", { "data-item": r.id, textContent: `${r.name ?? r.id} (${r.id}, ${w.score} ${r.score.toFixed(3)})` }));
    const stored = (() => {
      try { return localStorage.getItem(storageKey)?.length ?? 0; } catch { return 0; }
    })();
    const metrics = METRICS.map((name) => h("tr", {}, h("td", { textContent: name }), h("td", { textContent: show(report.metrics[name]) })));
    const slots = Object.entries(decisions).map(([slot, { decision: d, source, replaced }]) =>
      h("li", { "data-slot": slot, "data-source": source },
        h("strong", { textContent: `${slot}: ` }), d ? d.id : w.nothingEligible,
        h("span", { className: "source", textContent: replaced ? w.changed : w.confirmed }),
        d ? h("ul", {}, d.reasons.map((r) => h("li", { "data-code": r.code, textContent: locale.describe(r) })), d.heldOut.length ? h("li", { textContent: w.heldOutOf(d.heldOut.join(", ")) }) : null) : null));
    const kept = timeline(storageKey, w);
    // What the shop's analytics heard in this page load: crumbtrail's exposures in the dataLayer.
    const exposures = (window.dataLayer ?? []).filter((e) => e?.event === "view_promotion" || e?.event === "select_promotion");
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    const button = (label, onclick, className) => h("button", { type: "button", textContent: label, onclick, className });
    const parts = [
      h("h2", { textContent: w.title }),
      h("p", {}, `${w.stage} `, h("span", { className: "stage", id: "inspector-stage", "data-stage": report.stage, textContent: locale.stages[report.stage] }),
        report.previous ? w.was(locale.stages[report.previous]) : ""),
      h("ul", { id: "inspector-reasons" }, report.reasons.map((r) => h("li", { "data-code": r.code, textContent: locale.describe(r) }))),
      h("h3", { textContent: w.clock }),
      h("p", { id: "inspector-clock", textContent: new Date(clock()).toISOString().slice(0, 16).replace("T", " ") + " UTC" }),
      h("div", { className: "row", role: "group", "aria-label": w.timeTravel },
        button(w.plusDay, () => this.actions.travel(1)),
        button(w.plusDays(30), () => this.actions.travel(30)),
        button(w.plusDays(120), () => this.actions.travel(120)),
        button(w.today, () => this.actions.resetClock(), "quiet")),
      h("h3", { textContent: w.decisions }),
      h("ul", { id: "inspector-decisions" }, slots),
      h("p", { id: "inspector-tally", textContent: w.tally(tally.replaced, tally.decided) }),
      h("h3", { textContent: w.exposures }),
      exposures.length
        ? h("ul", { id: "inspector-exposures" }, exposures.map((e) => h("li", {
          textContent: `${e.event} ${e.ecommerce?.promotion_id} (${e.ecommerce?.creative_slot}, ${e.crumbtrail_arm}, ${e.crumbtrail_stage})`,
        })))
        : h("p", { id: "inspector-exposures", textContent: w.noExposures }),
      h("h3", { textContent: w.kept }),
      kept ? h("ul", { id: "inspector-kept" }, kept) : h("p", { id: "inspector-kept", textContent: w.nothingKept }),
      h("h3", { textContent: w.recommended }),
      recommended.length
        ? h("ol", { id: "inspector-recommended" }, recommended)
        : h("p", { id: "inspector-recommended", textContent: w.nothingRecommended }),
      h("h3", { textContent: w.metrics }),
      h("table", {}, h("tbody", {}, metrics)),
      h("h3", { textContent: w.attributes }),
      h("pre", { id: "inspector-attributes", tabIndex: 0, textContent: JSON.stringify(attributes, null, 1) }),
      h("h3", { textContent: w.stored }),
      h("p", { id: "inspector-stored", textContent: w.bytesIn(stored.toLocaleString("en"), storageKey) }),
      this.keptAtParse && paint ? h("p", { id: "inspector-first-banner", textContent: w.firstBanner(paint.startTime.toFixed(1)) }) : null,
      h("div", { className: "row" }, button(w.forget, () => this.actions.forget(), "quiet")),
      this.errors.length ? h("ul", { className: "errors", id: "inspector-errors" }, this.errors.slice(-5).map((m) => h("li", { textContent: m }))) : null,
    ];
    this.element.replaceChildren(...parts.filter(Boolean));
  }
}

/** The decisions crumbtrail keeps ready for the next page: per slot, each stretch of time and the
 * messages in rank order (what shows once the first is dismissed or capped). */
function timeline(storageKey, w) {
  let kept;
  try { kept = JSON.parse(localStorage.getItem(`${storageKey}:ready`)); } catch { return null; }
  if (!kept?.slots) return null;
  const when = (t) => (t > 8.64e15 ? w.ever : new Date(t).toISOString().slice(0, 16).replace("T", " "));
  return Object.entries(kept.slots).map(([slot, stretches]) =>
    h("li", { "data-slot": slot }, h("strong", { textContent: `${slot}:` }),
      h("ol", {}, stretches.map((s) => h("li", {
        textContent: `${w.until} ${when(s.until)}: ${s.show.map((m) => m.id).join(" → ") || w.baseline}${s.engine ? w.thenEngine : ""}`,
      })))));
}

export { DAY };
