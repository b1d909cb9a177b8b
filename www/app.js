// The demo is a user of the package, written as a shop would: it imports the built package.
import init, { Personalizer } from "./pkg/index.js";

await init();

const DAY = 86_400_000;
// Time travel: an offset kept for this tab, added to the real clock through the `now` option.
let offset = Number(sessionStorage.getItem("demo-offset") ?? 0);
const now = () => Date.now() + offset;

const p = new Personalizer({
  now,
  onError: (e) => console.warn(e.message),
  onStageChange: (report, previous) => console.info(`stage ${previous ?? "(new)"} → ${report.stage}`),
});

let sku = 0;
const item = () => ({ item_id: `SKU-${(sku++ % 5) + 1}`, item_name: "Trail runner", item_category: "Shoes", price: 89 });
const actions = {
  view: () => p.track({ event: "view_item", items: [item()] }),
  cart: () => p.track({ event: "add_to_cart", items: [item()] }),
  buy: () => p.track({ event: "purchase", ecommerce: { transaction_id: `T-${now()}`, value: 89, currency: "EUR", items: [item()] } }),
  review: () => p.track({ event: "review", rating: 5 }),
  refer: () => p.track({ event: "referral" }),
  forget: () => p.forget(),
};

function render() {
  const report = p.stage();
  document.querySelector("#stage").textContent = report.stage;
  document.querySelector("#clock").textContent = new Date(now()).toISOString().slice(0, 10);
  const reasons = document.querySelector("#reasons");
  reasons.replaceChildren(...report.reasons.map((r) => Object.assign(document.createElement("li"), { textContent: r.detail })));
  const rows = Object.entries(report.metrics).map(([name, value]) => {
    const tr = document.createElement("tr");
    const isTime = /(At|Seen)$/.test(name) && typeof value === "number";
    const shown = isTime ? new Date(value).toISOString().replace("T", " ").slice(0, 16)
      : typeof value === "number" && !Number.isInteger(value) ? value.toFixed(3) : JSON.stringify(value);
    tr.append(Object.assign(document.createElement("td"), { textContent: name }), Object.assign(document.createElement("td"), { textContent: shown }));
    return tr;
  });
  document.querySelector("#metrics tbody").replaceChildren(...rows);
}

document.addEventListener("click", (e) => {
  const button = e.target.closest("button");
  if (!button) return;
  if (button.dataset.act) actions[button.dataset.act]();
  if (button.dataset.days) {
    offset += Number(button.dataset.days) * DAY;
    sessionStorage.setItem("demo-offset", String(offset));
  }
  render();
});

p.track({ event: "page_view", page_location: location.href });
render();
