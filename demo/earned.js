// What each message earned: sql/uplift.sql's report on a generated GA4 export (demo/earned.json,
// written and checked by scripts/uplift-check.py), drawn for a marketer. Per message: the 30-day
// revenue uplift per shown shopper with its 95% interval, plain and adjusted by CUPED (the
// shopper's expected revenue at exposure taken out), what was planted in the export, and the
// return on the message's cost; per stage, in a table. Stage names come from crumbtrail/locale/en
// and /nl; the page's own words are below, in both languages.
import { h } from "./dom.js";
import * as en from "./pkg/locale/en.js";
import * as nl from "./pkg/locale/nl.js";

const LOCALES = { en, nl };
const WORDS = {
  en: {
    title: "What each message earned",
    language: "Language",
    intro: (e, p) => `Each message's shoppers, shown against held out, over the 30 days after they first saw it — from a generated GA4 export of ${e.events.toLocaleString("en")} events (${e.shoppers.toLocaleString("en")} shoppers) with a known effect planted in it. The message costs ${money(p.cost_per_converter, "en")} per shown shopper who buys (the discount).`,
    counts: (r) => `${r.shown_shoppers.toLocaleString("en")} shown, ${r.held_out_shoppers.toLocaleString("en")} held out`,
    plain: "plain",
    cuped: "CUPED",
    planted: "planted",
    perShopper: "revenue per shopper, 30 days",
    roi: "return",
    breakEven: "break-even",
    earned: (r, l) => `Earned ${signed(r.cuped_revenue_uplift_30d, l)} per shown shopper (between ${signed(r.cuped_revenue_uplift_30d_low, l)} and ${signed(r.cuped_revenue_uplift_30d_high, l)}).`,
    lost: (r, l) => `Lost ${money(-r.cuped_revenue_uplift_30d, l)} per shown shopper (between ${signed(r.cuped_revenue_uplift_30d_low, l)} and ${signed(r.cuped_revenue_uplift_30d_high, l)}).`,
    unclear: (r, l) => `Not clear yet: between ${signed(r.cuped_revenue_uplift_30d_low, l)} and ${signed(r.cuped_revenue_uplift_30d_high, l)} per shown shopper.`,
    note: (r, l) => `CUPED took ${percent(r.variance_reduction, l)} of the variance out: its interval is ${percent(1 - width(r, "cuped") / width(r, "plain"), l)} narrower than the plain one. Incremental revenue ${money(r.incremental_revenue_30d, l)}, cost ${money(r.cost, l)}, return ${signedPercent(r.roi, l)} (${signedPercent(r.roi_low, l)} to ${signedPercent(r.roi_high, l)}).`,
    chart: (r, l, planted) => `Revenue uplift per shown shopper over 30 days: plain ${signed(r.revenue_uplift_30d, l)} (${signed(r.revenue_uplift_30d_low, l)} to ${signed(r.revenue_uplift_30d_high, l)}), CUPED ${signed(r.cuped_revenue_uplift_30d, l)} (${signed(r.cuped_revenue_uplift_30d_low, l)} to ${signed(r.cuped_revenue_uplift_30d_high, l)}); planted ${signed(planted, l)}. Return ${signedPercent(r.roi, l)}.`,
    byStage: "By stage",
    stage: "Stage",
    shoppers: "Shoppers (shown / held out)",
    uplift: "CUPED uplift per shopper (95%)",
    reduction: "Variance removed",
  },
  nl: {
    title: "Wat elke boodschap opleverde",
    language: "Taal",
    intro: (e, p) => `De klanten van elke boodschap, getoond tegenover uitgesloten, in de 30 dagen nadat ze haar voor het eerst zagen — uit een gegenereerde GA4-export van ${e.events.toLocaleString("nl")} events (${e.shoppers.toLocaleString("nl")} klanten) met een bekend, ingeplant effect. De boodschap kost ${money(p.cost_per_converter, "nl")} per getoonde klant die koopt (de korting).`,
    counts: (r) => `${r.shown_shoppers.toLocaleString("nl")} getoond, ${r.held_out_shoppers.toLocaleString("nl")} uitgesloten`,
    plain: "gewoon",
    cuped: "CUPED",
    planted: "ingeplant",
    perShopper: "omzet per klant, 30 dagen",
    roi: "rendement",
    breakEven: "quitte",
    earned: (r, l) => `Leverde ${signed(r.cuped_revenue_uplift_30d, l)} op per getoonde klant (tussen ${signed(r.cuped_revenue_uplift_30d_low, l)} en ${signed(r.cuped_revenue_uplift_30d_high, l)}).`,
    lost: (r, l) => `Kostte ${money(-r.cuped_revenue_uplift_30d, l)} per getoonde klant (tussen ${signed(r.cuped_revenue_uplift_30d_low, l)} en ${signed(r.cuped_revenue_uplift_30d_high, l)}).`,
    unclear: (r, l) => `Nog niet duidelijk: tussen ${signed(r.cuped_revenue_uplift_30d_low, l)} en ${signed(r.cuped_revenue_uplift_30d_high, l)} per getoonde klant.`,
    note: (r, l) => `CUPED haalde ${percent(r.variance_reduction, l)} van de variantie weg: het interval is ${percent(1 - width(r, "cuped") / width(r, "plain"), l)} smaller dan het gewone. Extra omzet ${money(r.incremental_revenue_30d, l)}, kosten ${money(r.cost, l)}, rendement ${signedPercent(r.roi, l)} (${signedPercent(r.roi_low, l)} tot ${signedPercent(r.roi_high, l)}).`,
    chart: (r, l, planted) => `Extra omzet per getoonde klant in 30 dagen: gewoon ${signed(r.revenue_uplift_30d, l)} (${signed(r.revenue_uplift_30d_low, l)} tot ${signed(r.revenue_uplift_30d_high, l)}), CUPED ${signed(r.cuped_revenue_uplift_30d, l)} (${signed(r.cuped_revenue_uplift_30d_low, l)} tot ${signed(r.cuped_revenue_uplift_30d_high, l)}); ingeplant ${signed(planted, l)}. Rendement ${signedPercent(r.roi, l)}.`,
    byStage: "Per fase",
    stage: "Fase",
    shoppers: "Klanten (getoond / uitgesloten)",
    uplift: "CUPED-uplift per klant (95%)",
    reduction: "Variantie weg",
  },
};

const money = (v, l) => new Intl.NumberFormat(l, { style: "currency", currency: "EUR", maximumFractionDigits: Math.abs(v) < 100 ? 2 : 0 }).format(v);
const signed = (v, l) => (v > 0 ? "+" : "") + money(v, l);
const percent = (v, l) => new Intl.NumberFormat(l, { style: "percent", maximumFractionDigits: 0 }).format(v);
const signedPercent = (v, l) => (v === null ? "—" : (v > 0 ? "+" : "") + percent(v, l));
const width = (r, kind) => kind === "cuped"
  ? r.cuped_revenue_uplift_30d_high - r.cuped_revenue_uplift_30d_low
  : r.revenue_uplift_30d_high - r.revenue_uplift_30d_low;

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attributes = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  el.append(...children.filter(Boolean));
  return el;
}

/** A scale from `lo`–`hi` onto `left`–`right` pixels, with round ticks. */
function scale(lo, hi, left, right) {
  const span = hi - lo || 1;
  const x = (v) => left + ((v - lo) / span) * (right - left);
  const raw = span / 8;
  const step = [1, 2, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(raw))).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(Math.round(t / step) * step + 0); // + 0: never −0
  return { x, ticks };
}

const W = 640;
const LABEL = 110;

/** Uplift per shopper, plain and CUPED, with what was planted: one shared scale for all messages. */
function upliftChart(r, planted, range, w, l) {
  const { x, ticks } = scale(range[0], range[1], LABEL, W - 20);
  const row = (y, kind, low, mid, high) => [
    svg("text", { x: 0, y: y + 4 }, w[kind]),
    svg("line", { class: `range ${kind}`, x1: x(low), x2: x(high), y1: y, y2: y }),
    svg("circle", { class: `dot ${kind}`, cx: x(mid), cy: y, r: 6 }),
  ];
  return svg("svg", { viewBox: `0 -14 ${W} 128`, role: "img", "aria-label": w.chart(r, l, planted) },
    ...ticks.flatMap((t) => [
      svg("line", { class: t === 0 ? "zero" : "axis", x1: x(t), x2: x(t), y1: 0, y2: 72 }),
      svg("text", { class: "muted", x: x(t), y: 90, "text-anchor": "middle" }, signed(t, l)),
    ]),
    svg("line", { class: "planted", x1: x(planted), x2: x(planted), y1: -6, y2: 76 }),
    svg("text", { class: "planted-label", x: x(planted) + 4, y: -4 }, `${w.planted} ${signed(planted, l)}`),
    ...row(22, "plain", r.revenue_uplift_30d_low, r.revenue_uplift_30d, r.revenue_uplift_30d_high),
    ...row(52, "cuped", r.cuped_revenue_uplift_30d_low, r.cuped_revenue_uplift_30d, r.cuped_revenue_uplift_30d_high),
    svg("text", { class: "muted", x: (x(range[0]) + x(range[1])) / 2, y: 110, "text-anchor": "middle" }, w.perShopper));
}

/** The return on the message's cost, with the interval carried through; 0 is break-even. */
function roiChart(r, range, w, l) {
  const { x, ticks } = scale(range[0], range[1], LABEL, W - 20);
  return svg("svg", { viewBox: `0 0 ${W} 58`, "aria-hidden": "true" },
    ...ticks.flatMap((t) => [
      svg("line", { class: t === 0 ? "zero" : "axis", x1: x(t), x2: x(t), y1: 4, y2: 32 }),
      svg("text", { class: "muted", x: x(t), y: 50, "text-anchor": "middle" }, t === 0 ? w.breakEven : signedPercent(t, l)),
    ]),
    svg("text", { x: 0, y: 22 }, w.roi),
    svg("line", { class: "range cuped", x1: x(r.roi_low), x2: x(r.roi_high), y1: 18, y2: 18 }),
    svg("circle", { class: "dot cuped", cx: x(r.roi), cy: 18, r: 6 }));
}

function render(report, lang) {
  const w = WORDS[lang];
  const locale = LOCALES[lang];
  document.documentElement.lang = lang;
  document.title = `${w.title} — crumbtrail`;
  document.getElementById("title").textContent = w.title;
  document.getElementById("lang-label").textContent = w.language;
  const all = report.rows.filter((r) => r.stage === "all").sort((a, b) => b.incremental_revenue_30d - a.incremental_revenue_30d);
  const bounds = (values) => [Math.min(0, ...values), Math.max(0, ...values)];
  const upliftRange = bounds(all.flatMap((r) => [r.revenue_uplift_30d_low, r.revenue_uplift_30d_high, report.planted[r.promotion_id]]));
  const roiRange = bounds(all.flatMap((r) => [r.roi_low, r.roi_high]));
  const cards = all.map((r) => {
    const verdict = r.cuped_revenue_uplift_30d_low > 0 ? w.earned : r.cuped_revenue_uplift_30d_high < 0 ? w.lost : w.unclear;
    const stages = report.rows.filter((s) => s.promotion_id === r.promotion_id && s.stage !== "all");
    return h("section", { className: "message", "data-message": r.promotion_id, "aria-labelledby": `m-${r.promotion_id}` },
      h("h2", { id: `m-${r.promotion_id}`, textContent: r.promotion_id }),
      h("p", { className: "counts", textContent: w.counts(r) }),
      h("p", { className: "verdict", textContent: verdict(r, lang) }),
      upliftChart(r, report.planted[r.promotion_id], upliftRange, w, lang),
      roiChart(r, roiRange, w, lang),
      h("p", { className: "note", textContent: w.note(r, lang) }),
      h("details", {}, h("summary", { textContent: w.byStage }),
        h("table", {},
          h("thead", {}, h("tr", {}, h("th", { textContent: w.stage }), h("th", { className: "num", textContent: w.shoppers }),
            h("th", { className: "num", textContent: w.uplift }), h("th", { className: "num", textContent: w.reduction }))),
          h("tbody", {}, stages.map((s) => h("tr", { "data-stage": s.stage },
            h("td", { textContent: locale.stages[s.stage] ?? s.stage }),
            h("td", { className: "num", textContent: `${s.shown_shoppers} / ${s.held_out_shoppers}` }),
            h("td", { className: "num", textContent: `${signed(s.cuped_revenue_uplift_30d, lang)} (${signed(s.cuped_revenue_uplift_30d_low, lang)} … ${signed(s.cuped_revenue_uplift_30d_high, lang)})` }),
            h("td", { className: "num", textContent: percent(s.variance_reduction ?? 0, lang) })))))));
  });
  document.getElementById("report").replaceChildren(h("p", { className: "intro", textContent: w.intro(report.export, report.parameters) }), ...cards);
}

const select = /** @type {HTMLSelectElement} */ (document.getElementById("lang"));
const asked = new URLSearchParams(location.search).get("lang");
select.value = asked in WORDS ? asked : navigator.language?.toLowerCase().startsWith("nl") ? "nl" : "en";
const report = await (await fetch(new URL("earned.json", import.meta.url))).json();
render(report, select.value);
select.addEventListener("change", () => render(report, select.value));
