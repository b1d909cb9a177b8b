// The calibration page: reads the chosen file in the browser and fits the priors with the
// calibration build of crumbtrail (www/calibrate-pkg, never part of the storefront's package).
import init, { fitPriors } from "./calibrate-pkg/crumbtrail.js";

await init();
const $ = (id) => document.getElementById(id);

$("calibrate").addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = $("file").files[0];
  if (!file) return;
  $("status").textContent = `Fitting ${file.name}…`;
  $("result").textContent = "";
  const text = await file.text();
  const started = performance.now();
  try {
    const json = fitPriors(text, {
      period: $("period").value, end: $("end").value, customer: $("customer").value, date: $("date").value, amount: $("amount").value,
    });
    $("result").textContent = json;
    $("status").textContent = `Fitted in ${Math.round(performance.now() - started)} ms. Pass "priors" to new Personalizer({ priors }).`;
  } catch (e) {
    $("status").textContent = `Could not fit: ${e.message}`;
  }
});
window.calibrationReady = true;
