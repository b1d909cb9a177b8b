// The in-page timings of decide() and track(), shared by scripts/bench (tests/bench/run.mjs) and
// the interleaved A/B comparison of two builds (scripts/bench-ab, tests/bench/ab.mjs). Each runs
// in a page that has set `window.crumbtrail` and `window.workload`.

// performance.now() ticks every 100 µs in headless Chromium: calls are timed in batches of 100.
export const decide = () => {
  const { crumbtrail, workload } = window;
  const clock = { now: Date.UTC(2026, 0, 1) };
  const p = new crumbtrail.Personalizer({ storage: "memory", messages: workload.catalogue(), now: () => clock.now });
  workload.trail(p, clock);
  // As a page meets it: the first call runs code the browser has not compiled yet, and the next
  // ones run its baseline code until enough calls have been made for the optimised tier.
  let t = performance.now();
  p.decide("hero", workload.CONTEXT);
  const firstMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < 10; i++) p.decide("hero", workload.CONTEXT);
  const next10Us = ((performance.now() - t) / 10) * 1000;
  for (let i = 0; i < 500; i++) p.decide("hero", workload.CONTEXT);
  const perCall = [];
  for (let b = 0; b < 100; b++) {
    const t = performance.now();
    for (let i = 0; i < 100; i++) p.decide("hero", workload.CONTEXT);
    perCall.push(((performance.now() - t) / 100) * 1000);
  }
  perCall.sort((a, b) => a - b);
  return { calls: 10_000, catalogue: 50, events: 10_000, firstMs, next10Us, medianUs: perCall[50], p95Us: perCall[95], winner: p.decide("hero", workload.CONTEXT)?.id ?? null };
};

// Persistence on: localStorage, with the package's coalesced writes (one per task). The trail is
// fed in tasks of 1,000 events; each task's time includes its write.
export const track = async () => {
  const { crumbtrail } = window;
  localStorage.clear();
  const p = new crumbtrail.Personalizer({ storageKey: "bench-track" });
  const items = [{ item_id: "SKU-1", item_category: "shoes", price: 40 }];
  let busy = 0;
  for (let task = 0; task < 100; task++) {
    const t = performance.now();
    for (let i = 0; i < 1000; i++) p.track({ event: i % 100 === 99 ? "add_to_cart" : "view_item", items });
    await Promise.resolve(); // the write queued by this task runs first
    busy += performance.now() - t;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const views = p.stage().metrics.itemViews;
  return { events: 100_000, perSecond: Math.round(100_000 / (busy / 1000)), usPerEvent: (busy * 1000) / 100_000, itemViews: views, storedBytes: localStorage.getItem("bench-track").length };
};

