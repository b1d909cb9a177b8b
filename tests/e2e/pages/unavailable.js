// Starts crumbtrail as ?fallback=1 says, and records what happened for the end-to-end tests.
import init, * as crumbtrail from "/pkg/index.js";

const fallback = new URLSearchParams(location.search).has("fallback");
const result = {};
try {
  result.init = await init(fallback ? { fallback: true } : undefined);
  const p = new crumbtrail.Personalizer({ messages: [{ id: "m", slot: "hero", content: { title: "Hi" } }] });
  p.track({ event: "purchase", transaction_id: "T1", value: 10 });
  result.decision = p.decide("hero");
  result.stage = p.stage().stage;
  result.evalCondition = crumbtrail.evalCondition({ a: 1 }, { a: 1 });
} catch (e) {
  result.error = e.message;
}
window.result = result;
