// The TypeScript shapes of the binding's API, declared once. scripts/build puts them at the top of
// the declarations wasm-bindgen generates (pkg/web/crumbtrail.d.ts, pkg/node/crumbtrail.d.ts),
// where the Rust signatures name them through `typescript_type` (binding/src/types.rs), so that
// editors show real fields instead of `any`. The lines starting with `//` above the first
// declaration stay here; everything below ships.

/** Where a shopper stands in the lifecycle. */
export type Stage = "reach" | "acquisition" | "development" | "retention" | "advocacy" | "lapsed";

/** The shopper's consent for one purpose. */
export type Consent = "granted" | "pending" | "denied";
/**
 * Consent per purpose: `profile` keeps the trail on this device and personalises from it;
 * `measurement` lets exposures out to the shop's analytics (`onExposure`, `dataLayer`).
 */
export interface ConsentPurposes {
  profile: Consent;
  measurement: Consent;
}

/**
 * The orders the shop's own records hold for its signed-in customer (`p.knownOrders`): the order
 * facts become the larger of these and what this device saw; device purchases after `last` add.
 */
export interface KnownOrders {
  /** Orders, less refunded ones (0: a customer without orders; then leave the rest out). */
  count: number;
  /** The first order's date: ISO 8601 (`"2026-03-01"`, `"2026-03-01T18:04:00-05:00"`) or ms since the epoch. */
  first?: string | number;
  /** The last order's date, as `first`. */
  last?: string | number;
  /** Their revenue, in `currency` (default 0). */
  revenue?: number;
  /** ISO 4217 code of `revenue`, any case. */
  currency?: string;
}

/**
 * The stable `code` of an error crumbtrail throws or passes to `onError` (README: "Errors").
 * `wasm_unavailable` is `init()`'s, `not_initialized` that of an export used before `init()`;
 * `consent_unmapped` and the `*_unavailable` codes of consent platforms are `crumbtrail/consent`'s;
 * the others come from the engine.
 */
export type ErrorCode =
  | "invalid_option" | "invalid_argument" | "invalid_event" | "other_currency" | "order_too_old"
  | "unknown_order" | "unknown_message" | "storage_unavailable" | "storage_corrupt" | "storage_newer"
  | "kept_unreadable" | "busy" | "render_failed" | "invalid_orders" | "invalid_model" | "wasm_unavailable"
  | "not_initialized" | "consent_unmapped" | "consent_mode_unavailable" | "shopify_privacy_unavailable"
  | "cookiebot_unavailable" | "onetrust_unavailable" | "tcf_unavailable";

/** An `Error` from crumbtrail. Branch on `code`, which never changes meaning; `message` is for people. */
export interface CrumbtrailError extends Error {
  code: ErrorCode;
  /** The field concerned, when there is one: `rules.lapseAfterDays`, `messages[3].when`, `items[0].price`. */
  path?: string;
}

/** Anything with the three methods of the Web Storage API (e.g. for Node, tests or SSR). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Thresholds of the stage rules; every field has a default. */
export interface StageRules {
  /** A gap longer than this starts a new session. Default 30. */
  sessionTimeoutMinutes: number;
  /** Sessions that make a shopper engaged. Default 2. */
  engagedSessions: number;
  /** `view_item` events that make a shopper engaged. Default 3. */
  engagedItemViews: number;
  /** A review at least this good (1–5) is an advocacy signal. Default 4. */
  advocacyMinRating: number;
  /** Orders needed for advocacy. Default 2. */
  advocacyMinOrders: number;
  /** Days without an order after which a one-time buyer lapses, and the cap for repeat buyers. Default 120. */
  lapseAfterDays: number;
  /** Repeat buyers never lapse sooner than this many days. Default 30. */
  lapseMinDays: number;
  /** Repeat buyers lapse after this many mean gaps between orders. Default 3. */
  lapseGapFactor: number;
  /** Profiles idle longer than this many days are erased on load. Default 395. */
  retentionDays: number;
}

/** BG/NBD priors, `alpha` in days. Default: the published CDNOW fit. */
export interface Priors {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Gamma-Gamma spend priors (`fit-priors` prints them as `spendPriors`); `gamma` in the shop's
 * currency, `q` above 1. Default: the published CDNOW fit, p 6.25, q 3.74, gamma 15.44 (US dollars). */
export interface SpendPriors {
  p: number;
  q: number;
  gamma: number;
}

/** Options of `new Personalizer(options)`. A mistake throws an `Error` naming the option. */
export interface PersonalizerOptions {
  /** The storage key. Default "crumbtrail". */
  storageKey?: string;
  /** Default "local"; falls back to memory when the browser's storage is blocked or full. */
  storage?: "local" | "session" | "memory" | StorageLike;
  /** The clock, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** One state for both purposes, or each apart (a purpose left out is "granted"). Default "granted". */
  consent?: Consent | Partial<ConsentPurposes>;
  /** The message catalogue, validated at construction (a mistake throws, naming `messages[i].field`). */
  messages?: Message[];
  /** Lists for `$inGroup` / `$notInGroup` in conditions. */
  savedGroups?: Record<string, unknown[]>;
  /** Start with consent "denied" when the browser sends Global Privacy Control. Default false: nothing leaves the device anyway. */
  honorGlobalPrivacyControl?: boolean;
  rules?: Partial<StageRules>;
  priors?: Partial<Priors>;
  /** Gamma-Gamma spend priors for `expectedOrderValue` and `expectedRevenue*`. Default: the published CDNOW fit. */
  spendPriors?: Partial<SpendPriors>;
  /** Default `navigator.language`, else "en". */
  locale?: string;
  /** Non-fatal problems: rejected events, storage failures. Default: `console.warn`. */
  onError?: (error: CrumbtrailError) => void;
  /** Called when a change of stage is observed (on an event, or on `stage()`). */
  onStageChange?: (report: StageReport, previous: Stage | null) => void;
  /**
   * Called with each exposure for the shop's own analytics: a message shown (`render`, a slot,
   * `seen`), a message the shopper is held out of (when its slot is decided), a click. Once per
   * message and event per Personalizer (one per page view); never unless consent is "granted".
   * Exceptions it throws are swallowed.
   */
  onExposure?: (exposure: Exposure) => void;
  /**
   * Also push each exposure into `window.dataLayer` (made if absent), in GA4's promotion form:
   * `{ ecommerce: null }`, then `{ event, ecommerce: { promotion_id, promotion_name, creative_slot },
   * crumbtrail_stage, crumbtrail_expected_revenue, crumbtrail_arm }`. Default false.
   */
  exposuresToDataLayer?: boolean;
}

/**
 * An exposure, in GA4's promotion vocabulary; nothing else about the shopper is in it.
 * `view_promotion`: a message shown (`crumbtrail_arm: "shown"`) or one the shopper is held out of
 * (`"held_out"`); `select_promotion`: a click. Forward it with `gtag("event", e.event, e)`.
 */
export interface Exposure {
  event: "view_promotion" | "select_promotion";
  /** The message id. */
  promotion_id: string;
  /** The message's `name`, else its id. */
  promotion_name: string;
  /** The message's slot. */
  creative_slot: string;
  /** The shopper's stage then. */
  crumbtrail_stage: Stage;
  /**
   * The shopper's expected revenue over the next 365 days then (`expectedRevenue365d`), rounded
   * to a whole amount; 0 before the first order. The covariate that narrows an uplift's interval.
   */
  crumbtrail_expected_revenue: number;
  crumbtrail_arm: "shown" | "held_out";
}

/**
 * A targeting condition in GrowthBook's language (spec 0.8.0): attribute paths mapped to values
 * or operator objects (`{ orders: { $gte: 2 } }`), combined with `$and`, `$or`, `$nor`, `$not`.
 */
export type Condition = { [pathOrOperator: string]: unknown };

/**
 * What `render` shows of a message's content. Other fields are passed through to `decide` as they
 * are: declare yours once, so that a typo in a catalogue is still caught:
 * `declare module "crumbtrail" { interface MessageContent { image?: string } }`.
 */
export interface MessageContent {
  title?: string;
  body?: string;
  /** Link text. */
  cta?: string;
  /** `http(s):` or relative; anything else is dropped. */
  href?: string;
  /** The dismiss button's label for screen readers. Default "Dismiss". */
  dismissLabel?: string;
}

/** A message of the catalogue. */
export interface Message {
  /** Unique, 1–64 characters. */
  id: string;
  /** What analytics calls it (`promotion_name` of exposures), 1–64 characters. Default: the id. */
  name?: string;
  /** The placement it fills, e.g. "hero". */
  slot: string;
  /** Stages it is for; default every stage. */
  stages?: Stage[];
  /** Over `Attributes` (the `decide` context under `page`). */
  when?: Condition;
  /** Higher wins; default 0. Ties go to a stable per-shopper hash. */
  priority?: number;
  /** Strings may hold `{{path}}` or `{{path | fallback}}` placeholders. Per-locale variants: `{ en: {...}, nl: {...} }`. */
  content: MessageContent | { [locale: string]: MessageContent };
  /** At most `impressions` (1–6) in any rolling `days` (1–365). */
  cap?: { impressions: number; days: number };
  /** Hidden this long after a dismissal. Default 30. */
  cooldownDays?: number;
  /** Never shown again after a click. */
  stopAfterClick?: boolean;
  /** ISO 8601 date (UTC midnight) or date-time with an offset; shown from `start`, inclusive. */
  start?: string;
  /** Shown until `end`, exclusive. */
  end?: string;
  /** Share of shoppers (0–1) who never see it: they get the next eligible message. */
  holdout?: number;
}

/** The message chosen for a slot. */
export interface Decision {
  id: string;
  slot: string;
  /** For the shopper's locale, placeholders filled (plain text). */
  content: MessageContent;
  /** The language tag of the content's variant, when the content has variants (`render` marks
   * the banner with it). */
  lang?: string;
  stage: Stage;
  /**
   * Why this message: codes and figures, `[{ code: "stage", values: { stage: "retention" } }, { code:
   * "priority_beat", values: { priority: 4, other: "loyalty", otherPriority: 2 } }]`; `describe`
   * of `crumbtrail/locale/en` or `/nl` makes sentences of them.
   */
  reasons: DecisionReason[];
  /** Higher-ranked messages the shopper is held out of. */
  heldOut: string[];
}

/** The event names crumbtrail understands (GA4's, plus `review` and `referral`). */
export type EventName =
  | "page_view" | "view_item_list" | "view_item" | "add_to_wishlist" | "add_to_cart"
  | "remove_from_cart" | "view_cart" | "begin_checkout" | "purchase" | "refund" | "sign_up"
  | "generate_lead" | "share" | "review" | "referral";

/**
 * A GA4 item. `item_id` or `item_name` is required; crumbtrail reads those, `item_category`,
 * `price` and `quantity`, and accepts GA4's other item parameters. No index signature, so that a
 * typo is caught; declare custom item parameters with
 * `declare module "crumbtrail" { interface Item { size?: string } }`.
 */
export interface Item {
  item_id?: string | number;
  item_name?: string;
  item_category?: string;
  /** Unit price, ≥ 0. */
  price?: number;
  /** Whole number ≥ 1. Default 1. */
  quantity?: number;
  affiliation?: string;
  coupon?: string;
  discount?: number;
  index?: number;
  item_brand?: string;
  item_category2?: string;
  item_category3?: string;
  item_category4?: string;
  item_category5?: string;
  item_list_id?: string;
  item_list_name?: string;
  item_variant?: string;
  location_id?: string;
  creative_name?: string;
  creative_slot?: string;
  promotion_id?: string;
  promotion_name?: string;
}

/** GA4 ecommerce fields; they may sit at the top level or under `ecommerce`. */
export interface EcommerceFields {
  items?: Item[];
  value?: number;
  currency?: string;
  transaction_id?: string;
  affiliation?: string;
  coupon?: string;
  shipping?: number;
  tax?: number;
  payment_type?: string;
  shipping_tier?: string;
  item_list_id?: string;
  item_list_name?: string;
  creative_name?: string;
  creative_slot?: string;
  promotion_id?: string;
  promotion_name?: string;
}

/**
 * What `track` takes: a GA4-shaped event. GA4's documented parameters are declared, and an object
 * that is not a literal may carry any other field (a `dataLayer` entry passes through as it is);
 * an unknown key in an object literal is a compile error, which catches `transacton_id`. Declare
 * custom parameters with `declare module "crumbtrail" { interface TrailEvent { plan?: string } }`.
 */
export interface TrailEvent extends EcommerceFields {
  event: EventName;
  /** ms since the epoch; default now. */
  ts?: number;
  ecommerce?: EcommerceFields | null;
  /** For `review`: a whole number 1–5. */
  rating?: number;
  page_location?: string;
  page_title?: string;
  page_referrer?: string;
  /** `sign_up`, `share`: how. */
  method?: string;
  /** `share`. */
  content_type?: string;
  /** `share`. */
  item_id?: string;
  /** `generate_lead`. */
  lead_source?: string;
  language?: string;
  engagement_time_msec?: number;
  /** gtag's routing parameters, as a `dataLayer` entry may carry them. */
  send_to?: string | string[];
}

/** Stable codes of the reasons in a report. */
export type ReasonCode =
  | "not_engaged" | "engaged" | "first_order" | "repeat_buyer" | "advocacy_signal" | "lapsed" | "returned";

/** Stable codes of the reasons in a decision. */
export type DecisionReasonCode =
  | "stage" | "condition" | "cap" | "only_eligible" | "priority_beat" | "priority_tied" | "held_out";

/** Why a decision chose its message: a stable code and the figures behind it. */
export type DecisionReason =
  | { code: "stage"; values: { stage: Stage } }
  | { code: "condition"; values: { condition: string } }
  | { code: "cap"; values: { shown: number; impressions: number; days: number } }
  | { code: "only_eligible"; values: { slot: string } }
  | { code: "priority_beat"; values: { priority: number; other: string; otherPriority: number } }
  | { code: "priority_tied"; values: { priority: number; other: string } }
  | { code: "held_out"; values: { messages: string[] } };

/** What counted when a shopper without an order is engaged: the metric's name. */
export type EngagedBy = "sessions" | "itemViews" | "cartAdds" | "wishlistAdds" | "checkouts" | "signUps" | "leads";

/**
 * Why a shopper is in their stage: a stable code and the figures behind it. The engine carries no
 * words: `describe(reason)` from `crumbtrail/locale/en` or `crumbtrail/locale/nl` makes a sentence
 * ("2 orders, last 9 days ago; lapses after 45 days without an order").
 */
export type Reason =
  | { code: "not_engaged"; values: { sessions: number; itemViews: number; engagedSessions: number; engagedItemViews: number } }
  | { code: "engaged"; values: { by: EngagedBy; count: number } }
  | { code: "first_order" | "repeat_buyer" | "lapsed"; values: { orders: number; daysAgo: number; lapseAfterDays: number } }
  | { code: "advocacy_signal"; values: { referrals: number; shares: number; goodReviews: number; minRating: number } }
  | { code: "returned"; values: Record<string, never> };

/** The figures behind a stage. Times are ms since the epoch; durations are days. */
export interface Metrics {
  sessions: number;
  pageViews: number;
  itemViews: number;
  cartAdds: number;
  /** Distinct orders, less refunded ones. */
  orders: number;
  /** In `currency`, the first currency seen. */
  revenue: number;
  currency: string | null;
  otherCurrencyOrders: number;
  /** Distinct UTC days with an order. */
  orderDays: number;
  firstSeen: number | null;
  lastSeen: number | null;
  firstOrderAt: number | null;
  lastOrderAt: number | null;
  daysSinceLastOrder: number | null;
  meanGapDays: number | null;
  lapseThresholdDays: number | null;
  /** BG/NBD probability that the shopper is still active; null before the first order. */
  pAlive: number | null;
  /** BG/NBD expected orders in the next 90 days; null before the first order. */
  expectedOrders90d: number | null;
  /** Gamma-Gamma expected value of the shopper's next order, in `currency`: the population's mean
   * (`spendPriors`) weighed with the shopper's own spend per order day; null before the first order. */
  expectedOrderValue: number | null;
  /** Expected orders × expected order value over the next 90 days; null before the first order. */
  expectedRevenue90d: number | null;
  /** The same over the next 365 days. */
  expectedRevenue365d: number | null;
  /** Viewed categories, most viewed first. */
  topCategories: string[];
  refunds: number;
  reviews: number;
  referrals: number;
  shares: number;
  engaged: boolean;
  advocacySignal: boolean;
}

export interface StageReport {
  stage: Stage;
  previous: Stage | null;
  /** When the change to `stage` was observed. */
  since: number;
  reasons: Reason[];
  metrics: Metrics;
}

/**
 * An item recommended for the shopper, from the file loaded with `useRecommendations` of
 * `crumbtrail/recommend` (README: "Recommendations").
 */
export interface Recommendation {
  /** The item's id, as the shop's order export and its events name it. */
  id: string;
  /** Its name in the file; null when the file has none. */
  name: string | null;
  /** Its page in the file; null when the file has none. */
  href: string | null;
  /** Higher is better; comparable within one answer only. */
  score: number;
}

/**
 * What a recommender ranks from: `recommendationRequest`'s answer, and what `setRecommender`'s
 * function is called with. The shopper's recent items are in columns, entry `i` in each: viewed
 * recently, in the open cart, or bought recently.
 */
export interface RecommendationRequest {
  /** How many items to give at most (≤ 100). */
  n: number;
  /** The page's product, never to be recommended; null when the context names none. */
  product: string | null;
  /** The items' ids as the profile keeps them: ids longer than 32 characters as a prefix and a hash. */
  ids: string[];
  /** One letter per item: `v` viewed, `c` in the open cart, `b` bought. */
  kinds: string;
  /** When, ms since the epoch. */
  times: number[];
}

/** The function the engine asks for the attribute `recommended` (`setRecommender`). */
export type Recommender = (request: RecommendationRequest) => Recommendation[];

/** What targeting conditions see. */
export interface Attributes extends Metrics {
  stage: Stage;
  previousStage: Stage | null;
  daysInStage: number;
  categories: string[];
  purchasedCategories: string[];
  recentItems: string[];
  cartOpen: boolean;
  cartItems: number;
  cartValue: number;
  signedUp: boolean;
  locale: string;
  /**
   * Days since `firstSeen`: how long this device has kept the trail (null before the first event).
   * Safari erases a site's script-written storage after 7 days without a visit, so a young profile
   * may be a returning shopper whose trail was wiped.
   */
  profileAgeDays: number | null;
  /**
   * The top 4 items `recommend` of `crumbtrail/recommend` gives, best first:
   * `{{recommended.0.name}}` and `{{recommended.0.href}}` in content, `{ "recommended.0": {
   * $exists: true } }` in conditions. Never the product the `decide` context names as `product`.
   * Empty without a recommendations file (or without `crumbtrail/recommend`).
   */
  recommended: Recommendation[];
  page: Record<string, unknown> | null;
}
