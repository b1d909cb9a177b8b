// The inspector: what crumbtrail sees and decided, live, beside the shop. It reads only the
// package's public API (stage, attributes, the decisions returned by render, export).
import { h } from "./dom.js";

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
    this.errors.push(e.message);
  }

  update({ p, decisions, clock, storageKey }) {
    const report = p.stage();
    const attributes = p.attributes();
    const stored = (() => {
      try { return localStorage.getItem(storageKey)?.length ?? 0; } catch { return 0; }
    })();
    const metrics = METRICS.map((name) => h("tr", {}, h("td", { textContent: name }), h("td", { textContent: show(report.metrics[name]) })));
    const slots = Object.entries(decisions).map(([slot, d]) =>
      h("li", { "data-slot": slot },
        h("strong", { textContent: `${slot}: ` }), d ? d.id : "nothing eligible",
        d ? h("ul", {}, d.reasons.map((r) => h("li", { textContent: r })), d.heldOut.length ? h("li", { textContent: `held out of ${d.heldOut.join(", ")}` }) : null) : null));
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
      h("h3", { textContent: "Metrics" }),
      h("table", {}, h("tbody", {}, metrics)),
      h("h3", { textContent: "What conditions see" }),
      h("pre", { id: "inspector-attributes", textContent: JSON.stringify(attributes, null, 1) }),
      h("h3", { textContent: "Stored" }),
      h("p", { id: "inspector-stored", textContent: `${stored.toLocaleString("en")} bytes in localStorage["${storageKey}"]` }),
      this.firstBanner === null ? null : h("p", { textContent: `First banner ${this.firstBanner.toFixed(1)} ms after navigation start` }),
      h("div", { className: "row" }, button("Forget me", () => this.actions.forget(), "quiet")),
      this.errors.length ? h("ul", { className: "errors" }, this.errors.slice(-5).map((m) => h("li", { textContent: m }))) : null,
    ];
    this.element.replaceChildren(...parts.filter(Boolean));
  }
}

export { DAY };
