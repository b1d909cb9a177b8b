// The benchmark's workload, shared by scripts/bench and the decide() timing of the end-to-end
// tests: a 50-message catalogue over two slots, and a shopper's trail of 10,000 events.

const STAGES = ["reach", "acquisition", "development", "retention", "advocacy", "lapsed"];
const CATEGORIES = ["shoes", "bags", "hats", "coats", "socks"];

/** 50 messages: conditions on purchases and orders, or on the page's path; frequency caps. */
export function catalogue() {
  return Array.from({ length: 50 }, (_, i) => ({
    id: `m${i}`,
    slot: i % 2 ? "hero" : "pdp",
    stages: [STAGES[i % 6], STAGES[(i + 2) % 6]],
    priority: i % 5,
    when: i % 3
      ? { purchasedCategories: { $in: [CATEGORIES[i % 5]] }, orders: { $gte: i % 4 } }
      : { "page.path": { $regex: `^/${CATEGORIES[i % 5]}` } },
    cap: i % 4 ? { impressions: 3, days: 7 } : undefined,
    content: { title: `More {{purchasedCategories.0 | ${CATEGORIES[i % 5]}}}` },
  }));
}

/** Tracks `n` events, one every 30 minutes from `start`: item views, and a purchase every 50th. */
export function trail(p, clock, n = 10_000) {
  for (let i = 0; i < n; i++) {
    clock.now += 30 * 60_000;
    const category = CATEGORIES[i % 5];
    const item = { item_id: `s${i % 97}`, item_category: category, price: 40 };
    if (i % 50 === 49) p.track({ event: "purchase", transaction_id: `T${i}`, value: 40, currency: "EUR", items: [item] });
    else p.track({ event: "view_item", items: [item] });
  }
}

export const CONTEXT = { path: "/shoes/sale" };
