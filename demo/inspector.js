// The inspector: what crumbtrail sees and decided, live, beside the shop. It reads only the
// package's public API (stage, attributes, recommend, the decisions returned by render, export)
// and the exposures it pushed into the page's dataLayer.
import { h } from "./dom.js";
import { recommend } from "./pkg/recommend.js";

const DAY = 86_400_000;
const METRICS = ["sessions", "pageViews", "itemViews", "cartAdds", "orders", "revenue", "daysSinceLastOrder",
  "meanGapDays", "lapseThresholdDays", "pAlive", "expectedOrders90d", "expectedOrderValue", "expectedRevenue90d",
  "reviews", "referrals"];

const show = (value) =>
  typeof value === "number" && !Number.isInteger(value) ? value.toFixed(3) : value === null ? "—" : String(value);

export class Inspector {
  /** `actions`: { travel(days), resetClock(), forget() }. */
  constructor(element, actions) {
    this.element = element;
    this.actions = actions;
    this.errors = [];
    this.firstBanner = null;
  }

  error(e) {
    this.errors.push(e.code ? `${e.code}: ${e.message}` : e.message);
  }

  update({ p, decisions, clock, storageKey, context, tally }) {
    const report = p.stage();
    const attributes = p.attributes();
    // What the recommendations file ranks for this shopper on this page (its product left out).
    const recommended = recommend(p, 4, context).map((r) =>
      h("li", { "data-item": r.id, textContent: `${r.name ?? r.id} (${r.id}, score ${r.score.toFixed(3)})` }));
    const stored = (() => {
      try { return localStorage.getItem(storageKey)?.length ?? 0; } catch { return 0; }
    })();
    const metrics = METRICS.map((name) => h("tr", {}, h("td", { textContent: name }), h("td", { textContent: show(report.metrics[name]) })));
    const slots = Object.entries(decisions).map(([slot, { decision: d, source, replaced }]) =>
      h("li", { "data-slot": slot, "data-source": source },
        h("strong", { textContent: `${slot}: ` }), d ? d.id : "nothing eligible (the baseline shows)",
        h("span", { className: "source", textContent: replaced ? " — changed by the engine" : " — as kept ready, confirmed by the engine" }),
        d ? h("ul", {}, d.reasons.map((r) => h("li", { textContent: r })), d.heldOut.length ? h("li", { textContent: `held out of ${d.heldOut.join(", ")}` }) : null) : null));
    const kept = timeline(storageKey);
    // What the shop's analytics heard in this page load: crumbtrail's exposures in the dataLayer.
    const exposures = (window.dataLayer ?? []).filter((e) => e?.event === "view_promotion" || e?.event === "select_promotion");
    const button = (label, onclick, className) => h("button", { type: "button", textContent: label, onclick, className });
    const parts = [
      h("h2", { textContent: "crumbtrail inspector" }),
      h("p", {}, "Stage ", h("span", { className: "stage", id: "inspector-stage", textContent: report.stage }),
        report.previous ? ` (was ${report.previous})` : ""),
      h("ul", { id: "inspector-reasons" }, report.reasons.map((r) => h("li", { textContent: r.detail }))),
      h("h3", { textContent: "Clock" }),
      h("p", { id: "inspector-clock", textContent: new Date(clock()).toISOString().slice(0, 16).replace("T", " ") + " UTC" }),
      h("div", { className: "row", role: "group", "aria-label": "Time travel" },
        button("+1 day", () => this.actions.travel(1)),
        button("+30 days", () => this.actions.travel(30)),
        button("+120 days", () => this.actions.travel(120)),
        button("Back to today", () => this.actions.resetClock(), "quiet")),
      h("h3", { textContent: "Decisions" }),
      h("ul", { id: "inspector-decisions" }, slots),
      h("p", { id: "inspector-tally", textContent: `In this tab, the engine changed ${tally.replaced} of ${tally.decided} slots it decided after the kept decision had shown.` }),
      h("h3", { textContent: "Exposures on this page" }),
      exposures.length
        ? h("ul", { id: "inspector-exposures" }, exposures.map((e) => h("li", {
          textContent: `${e.event} ${e.ecommerce?.promotion_id} (${e.ecommerce?.creative_slot}, ${e.crumbtrail_arm}, ${e.crumbtrail_stage})`,
        })))
        : h("p", { id: "inspector-exposures", textContent: "none yet (only with consent)" }),
      h("h3", { textContent: "Kept ready for the next page" }),
      kept ? h("ul", { id: "inspector-kept" }, kept) : h("p", { id: "inspector-kept", textContent: "nothing kept (no consent, or no write yet)" }),
      h("h3", { textContent: "Recommended here" }),
      recommended.length
        ? h("ol", { id: "inspector-recommended" }, recommended)
        : h("p", { id: "inspector-recommended", textContent: "nothing yet (no recommendations file, or nothing viewed, carted or bought that it knows)" }),
      h("h3", { textContent: "Metrics" }),
      h("table", {}, h("tbody", {}, metrics)),
      h("h3", { textContent: "What conditions see" }),
      h("pre", { id: "inspector-attributes", tabIndex: 0, textContent: JSON.stringify(attributes, null, 1) }),
      h("h3", { textContent: "Stored" }),
      h("p", { id: "inspector-stored", textContent: `${stored.toLocaleString("en")} bytes in localStorage["${storageKey}"]` }),
      this.firstBanner === null ? null : h("p", { id: "inspector-first-banner", textContent: `First banner shown ${this.firstBanner.toFixed(1)} ms after navigation start (${this.firstBanner <= (performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Infinity) ? "before" : "after"} the first contentful paint)` }),
      h("div", { className: "row" }, button("Forget me", () => this.actions.forget(), "quiet")),
      this.errors.length ? h("ul", { className: "errors", id: "inspector-errors" }, this.errors.slice(-5).map((m) => h("li", { textContent: m }))) : null,
    ];
    this.element.replaceChildren(...parts.filter(Boolean));
  }
}

/** The decisions crumbtrail keeps ready for the next page: per slot, each stretch of time and the
 * messages in rank order (what shows once the first is dismissed or capped). */
function timeline(storageKey) {
  let kept;
  try { kept = JSON.parse(localStorage.getItem(`${storageKey}:ready`)); } catch { return null; }
  if (!kept?.slots) return null;
  const when = (t) => (t > 8.64e15 ? "ever" : new Date(t).toISOString().slice(0, 16).replace("T", " "));
  return Object.entries(kept.slots).map(([slot, stretches]) =>
    h("li", { "data-slot": slot }, h("strong", { textContent: `${slot}:` }),
      h("ol", {}, stretches.map((s) => h("li", {
        textContent: `until ${when(s.until)}: ${s.show.map((m) => m.id).join(" → ") || "the baseline"}${s.engine ? " (then the engine decides)" : ""}`,
      })))));
}

export { DAY };
