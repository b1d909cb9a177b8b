// Shoppers brought into each lifecycle stage with the clock at T0: the trails the slot tests and
// the accessibility tests drive pages with.

export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 2, 1, 12);

/** A product view, in the stage trails and on its own. */
export const view = { event: "view_item", items: [{ item_id: "S-1", item_category: "shoes", price: 20 }] };
const cart = { event: "add_to_cart", items: [{ item_id: "S-1", price: 20 }] };
const buy = (id, ts) => ({ event: "purchase", transaction_id: id, value: 20, currency: "EUR", ...(ts ? { ts } : {}) });
/** Events that bring a shopper into each stage at T0. */
export const TRAILS = {
  reach: [{ event: "page_view" }],
  acquisition: [view, cart],
  development: [buy("A")],
  retention: [buy("A", T0 - 10 * DAY), buy("B")],
  advocacy: [buy("A", T0 - 10 * DAY), buy("B"), { event: "referral" }],
  lapsed: [buy("A", T0 - 200 * DAY)],
};

/** A page of the shop that tracks a returning buyer's trail — two orders of shoes, 40 and 10 days
 * ago — in a `Personalizer` made with `options`, writes it, then sets `window.done`: the layout-shift
 * test and the Lighthouse bench seed their returning buyer with it. */
export const returningBuyerPage = (options) => `<!doctype html><meta charset="utf-8"><title>seed</title><script type="module">
  import init, { Personalizer } from "/pkg/index.js";
  await init();
  const p = new Personalizer(${JSON.stringify(options).replaceAll("<", "\\u003c")});
  const day = 86400000;
  for (const [id, ago] of [["T-1", 40], ["T-2", 10]]) p.track({ event: "purchase", transaction_id: id, value: 89, currency: "EUR", ts: Date.now() - ago * day,
    items: [{ item_id: "ridge-runner", item_category: "shoes", price: 89 }] });
  p.flush();
  window.done = true;
</script>`;
