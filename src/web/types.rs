//! The TypeScript shapes of the API, declared once: the generated `.d.ts` carries them, and the
//! Rust signatures point at them by name so that editors show real fields instead of `any`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Where a shopper stands in the lifecycle. */
export type Stage = "reach" | "acquisition" | "development" | "retention" | "advocacy" | "lapsed";

/** The shopper's consent to storing their trail on this device. */
export type Consent = "granted" | "pending" | "denied";

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

/** Options of `new Personalizer(options)`. A mistake throws an `Error` naming the option. */
export interface PersonalizerOptions {
  /** The storage key. Default "crumbtrail". */
  storageKey?: string;
  /** Default "local"; falls back to memory when the browser's storage is blocked or full. */
  storage?: "local" | "session" | "memory" | StorageLike;
  /** The clock, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Default "granted". */
  consent?: Consent;
  rules?: Partial<StageRules>;
  priors?: Partial<Priors>;
  /** Default `navigator.language`, else "en". */
  locale?: string;
  /** Non-fatal problems: rejected events, storage failures. Default: `console.warn`. */
  onError?: (error: Error) => void;
  /** Called when a change of stage is observed (on an event, or on `stage()`). */
  onStageChange?: (report: StageReport, previous: Stage | null) => void;
}

/** The event names crumbtrail understands (GA4's, plus `review` and `referral`). */
export type EventName =
  | "page_view" | "view_item_list" | "view_item" | "add_to_wishlist" | "add_to_cart"
  | "remove_from_cart" | "view_cart" | "begin_checkout" | "purchase" | "refund" | "sign_up"
  | "generate_lead" | "share" | "review" | "referral";

/** A GA4 item. `item_id` or `item_name` is required. */
export interface Item {
  item_id?: string | number;
  item_name?: string;
  item_category?: string;
  /** Unit price, ≥ 0. */
  price?: number;
  /** Whole number ≥ 1. Default 1. */
  quantity?: number;
  [field: string]: unknown;
}

/** GA4 ecommerce fields; they may sit at the top level or under `ecommerce`. */
export interface EcommerceFields {
  items?: Item[];
  value?: number;
  currency?: string;
  transaction_id?: string;
}

/** What `track` takes: a GA4-shaped event. */
export interface TrailEvent extends EcommerceFields {
  event: EventName;
  /** ms since the epoch; default now. */
  ts?: number;
  ecommerce?: EcommerceFields | null;
  /** For `review`: a whole number 1–5. */
  rating?: number;
  page_location?: string;
  page_title?: string;
  [field: string]: unknown;
}

/** Stable codes of the reasons in a report. */
export type ReasonCode =
  | "not_engaged" | "engaged" | "first_order" | "repeat_buyer" | "advocacy_signal" | "lapsed" | "returned";

export interface Reason {
  code: ReasonCode;
  /** For people: "2 orders, last 9 days ago; lapses after 45 days without an order". */
  detail: string;
}

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
  page: Record<string, unknown> | null;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `PersonalizerOptions`
    #[wasm_bindgen(typescript_type = "PersonalizerOptions")]
    pub type PersonalizerOptions;
    /// `TrailEvent`
    #[wasm_bindgen(typescript_type = "TrailEvent")]
    pub type TrailEventArg;
    /// `StageReport`
    #[wasm_bindgen(typescript_type = "StageReport")]
    pub type StageReportValue;
    /// `Attributes`
    #[wasm_bindgen(typescript_type = "Attributes")]
    pub type AttributesValue;
    /// `Consent`
    #[wasm_bindgen(typescript_type = "Consent")]
    pub type ConsentArg;
}
