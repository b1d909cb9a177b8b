// The calibration page: reads the chosen file in the browser and fits the priors with the
// calibration build of crumbtrail (demo/calibrate-pkg, never part of the storefront's package);
// with a holdout, draws predicted against actual repeat purchases per calibration frequency. And
// learns the recommendations file from an export with items, to download.
import init, { fitPriors, learnRecommendations } from "./calibrate-pkg/crumbtrail.js";

await init();
/** The element with `id`: a form control, a link or a plain element, as this page's HTML has it.
 * @param {string} id
 * @returns {any} */
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

function svg(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// Two bars per group (0, 1, … 7+): the mean predicted and the mean actual repeat purchases.
function drawHoldout(holdout) {
  const chart = $("chart");
  chart.replaceChildren();
  const groups = holdout.byFrequency.filter((g) => g.customers > 0);
  const means = groups.map((g) => [g.predicted / g.customers, g.actual / g.customers]);
  const top = Math.max(...means.flat(), 1e-9);
  const [width, height, base] = [400, 180, 155];
  const slot = width / Math.max(groups.length, 1);
  groups.forEach((g, i) => {
    means[i].forEach((mean, k) => {
      const h = (mean / top) * (base - 15);
      chart.append(svg("rect", {
        x: i * slot + 6 + k * (slot / 2 - 4), y: base - h, width: slot / 2 - 8, height: h,
        class: k === 0 ? "predicted" : "actual",
        "data-frequency": g.frequency, "data-kind": k === 0 ? "predicted" : "actual", "data-mean": mean,
      }));
    });
    chart.append(svg("text", { x: i * slot + slot / 2, y: height - 8, "text-anchor": "middle" }, g.frequency));
  });
  $("holdout-chart").hidden = false;
}

/** On `form`'s submit: reads the file chosen in `input` and hands its text to `work`, which returns
 * what to say in `status` ("Could not <verb>: …" when it throws). `reset` clears the previous
 * result first. */
function onFile({ form, input, status, busy, verb }, reset, work) {
  $(form).addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = $(input).files[0];
    if (!file) return;
    $(status).textContent = `${busy} ${file.name}…`;
    reset();
    const text = await file.text();
    const started = performance.now();
    try {
      $(status).textContent = work(text, () => Math.round(performance.now() - started));
    } catch (e) {
      $(status).textContent = `Could not ${verb}: ${e.message}`;
    }
  });
}

onFile({ form: "calibrate", input: "file", status: "status", busy: "Fitting", verb: "fit" }, () => {
  $("result").textContent = "";
  $("holdout-chart").hidden = true;
}, (text, elapsed) => {
  const json = fitPriors(text, {
    period: $("period").value, end: $("end").value, holdoutFrom: $("holdout").value,
    customer: $("customer").value, date: $("date").value, amount: $("amount").value, order: $("order").value,
  });
  $("result").textContent = json;
  const result = JSON.parse(json);
  if (result.holdout) drawHoldout(result.holdout);
  return `Fitted in ${elapsed()} ms. Pass "priors" and "spendPriors" to new Personalizer({ priors, spendPriors }).`;
});

onFile({ form: "learn", input: "learn-file", status: "learn-status", busy: "Learning from", verb: "learn" }, () => {
  $("learn-result").textContent = "";
  $("learn-download").hidden = true;
}, (text, elapsed) => {
  const learned = learnRecommendations(text, {
    minCustomers: Number($("min-customers").value) || undefined,
    customer: $("learn-customer").value, date: $("learn-date").value, order: $("learn-order").value,
    item: $("learn-item").value, name: $("learn-name").value, href: $("learn-href").value,
  });
  const [, , items, minCustomers] = learned.split("\n", 1)[0].split(" ");
  $("learn-result").textContent = learned.length > 4000 ? `${learned.slice(0, 4000)}…` : learned;
  URL.revokeObjectURL($("learn-download").href);
  $("learn-download").href = URL.createObjectURL(new Blob([learned], { type: "text/plain" }));
  $("learn-download").hidden = false;
  return `Learned in ${elapsed()} ms: ${items} items, ${learned.length.toLocaleString("en")} bytes, pairs of at least ${minCustomers} customers.`;
});
window.calibrationReady = true;
