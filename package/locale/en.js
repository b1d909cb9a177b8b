// crumbtrail/locale/en: the words a marketer reads, in English: the stages' names and a sentence
// for each reason the engine gives (a code and its figures). Plain JavaScript, loaded only by the
// shops that show them; the wasm carries no words for them.

const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const ago = (days) => (days === 0 ? "today" : days === 1 ? "1 day ago" : `${days} days ago`);
const orders = (v) =>
  `${v.orders === 1 ? `1 order, ${ago(v.daysAgo)}` : `${v.orders} orders, last ${ago(v.daysAgo)}`}; lapses after ${count(v.lapseAfterDays, "day", "days")} without an order`;
/** What counted, by metric: a count's words, or the act itself. */
const engagedBy = {
  sessions: (n) => count(n, "session", "sessions"),
  itemViews: (n) => count(n, "item view", "item views"),
  cartAdds: () => "added to cart",
  wishlistAdds: () => "added to wishlist",
  checkouts: () => "began checkout",
  signUps: () => "signed up",
  leads: () => "left their details",
};

export const locale = "en";

export const stages = {
  reach: "Reach",
  acquisition: "Acquisition",
  development: "Development",
  retention: "Retention",
  advocacy: "Advocacy",
  lapsed: "Lapsed",
};

export const reasons = {
  not_engaged: (v) =>
    `no order yet; ${count(v.sessions, "session", "sessions")} and ${count(v.itemViews, "item view", "item views")} (engaged from ${count(v.engagedSessions, "session", "sessions")} or ${count(v.engagedItemViews, "item view", "item views")})`,
  engaged: (v) => `no order yet; engaged: ${(engagedBy[v.by] ?? String)(v.count)}`,
  first_order: orders,
  repeat_buyer: orders,
  lapsed: orders,
  advocacy_signal: (v) => {
    const parts = [[v.referrals, "referral", "referrals"], [v.shares, "share", "shares"], [v.goodReviews, "review", "reviews"]]
      .filter(([n]) => n > 0)
      .map(([n, one, many]) => count(n, one, many));
    return `${parts.join(", ")}${v.goodReviews > 0 ? ` (reviews rated ${v.minRating} or more)` : ""}`;
  },
  returned: () => "ordered again after lapsing",
};

/** For each code of a decision's reasons, the sentence its figures make. */
export const decisions = {
  stage: (v) => `stage ${stages[v.stage] ?? v.stage}`,
  condition: (v) => `condition: ${v.condition}`,
  cap: (v) => `shown ${v.shown} of ${count(v.impressions, "time", "times")} in ${count(v.days, "day", "days")}`,
  only_eligible: (v) => `the only message that fits slot ${v.slot}`,
  priority_beat: (v) => `priority ${v.priority} beat ${v.other} (${v.otherPriority})`,
  priority_tied: (v) => `priority ${v.priority}, tied with ${v.other}: the shopper's tie-break chose this one`,
  held_out: (v) => `held out of ${v.messages.join(", ")}`,
};

/** The sentence of a stage's or a decision's reason; its code when the code is not one this
 * module knows. */
export function describe(reason) {
  const text = reasons[reason?.code] ?? decisions[reason?.code];
  return text ? text(reason.values ?? {}) : String(reason?.code ?? "");
}
