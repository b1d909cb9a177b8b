// crumbtrail/locale/nl: the words a marketer reads, in Dutch: the stages' names and a sentence for
// each reason the engine gives (a code and its figures). Plain JavaScript, loaded only by the shops
// that show them; the wasm carries no words for them.

const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const ago = (days) => (days === 0 ? "vandaag" : days === 1 ? "1 dag geleden" : `${days} dagen geleden`);
const orders = (v) =>
  `${v.orders === 1 ? `1 bestelling, ${ago(v.daysAgo)}` : `${v.orders} bestellingen, laatste ${ago(v.daysAgo)}`}; haakt af na ${count(v.lapseAfterDays, "dag", "dagen")} zonder bestelling`;
/** What counted, by metric: a count's words, or the act itself. */
const engagedBy = {
  sessions: (n) => count(n, "sessie", "sessies"),
  itemViews: (n) => count(n, "productweergave", "productweergaven"),
  cartAdds: () => "in winkelwagen gelegd",
  wishlistAdds: () => "op verlanglijst gezet",
  checkouts: () => "afrekenen begonnen",
  signUps: () => "aangemeld",
  leads: () => "gegevens achtergelaten",
};

export const locale = "nl";

export const stages = {
  reach: "Bereik",
  acquisition: "Acquisitie",
  development: "Ontwikkeling",
  retention: "Behoud",
  advocacy: "Ambassadeur",
  lapsed: "Afgehaakt",
};

export const reasons = {
  not_engaged: (v) =>
    `nog geen bestelling; ${count(v.sessions, "sessie", "sessies")} en ${count(v.itemViews, "productweergave", "productweergaven")} (betrokken vanaf ${count(v.engagedSessions, "sessie", "sessies")} of ${count(v.engagedItemViews, "productweergave", "productweergaven")})`,
  engaged: (v) => `nog geen bestelling; betrokken: ${(engagedBy[v.by] ?? String)(v.count)}`,
  first_order: orders,
  repeat_buyer: orders,
  lapsed: orders,
  advocacy_signal: (v) => {
    const parts = [[v.referrals, "doorverwijzing", "doorverwijzingen"], [v.shares, "keer gedeeld", "keer gedeeld"], [v.goodReviews, "review", "reviews"]]
      .filter(([n]) => n > 0)
      .map(([n, one, many]) => count(n, one, many));
    return `${parts.join(", ")}${v.goodReviews > 0 ? ` (reviews met ${v.minRating} of meer sterren)` : ""}`;
  },
  returned: () => "bestelde opnieuw na afhaken",
};

/** For each code of a decision's reasons, the sentence its figures make. */
export const decisions = {
  stage: (v) => `fase ${stages[v.stage] ?? v.stage}`,
  condition: (v) => `voorwaarde: ${v.condition}`,
  cap: (v) => `${v.shown} van ${count(v.impressions, "keer", "keer")} getoond in ${count(v.days, "dag", "dagen")}`,
  only_eligible: (v) => `de enige boodschap die past in plek ${v.slot}`,
  priority_beat: (v) => `prioriteit ${v.priority} won van ${v.other} (${v.otherPriority})`,
  priority_tied: (v) => `prioriteit ${v.priority}, gelijk met ${v.other}: de loting van de shopper koos deze`,
  held_out: (v) => `uitgesloten van ${v.messages.join(", ")}`,
};

/** The reason's sentence; its code when the code is not one this module knows. */
export function describe(reason) {
  const text = reasons[reason?.code] ?? decisions[reason?.code];
  return text ? text(reason.values ?? {}) : String(reason?.code ?? "");
}
