//! Lifecycle stages: the rules of DESIGN §5, the metrics they read, and the reasons (a code and its
//! figures; the words are the package's locale modules').
//!
//! [`classify`] is the rule list itself — first rule that holds wins — and is cheap enough to run
//! after every event. [`report`] adds the metrics (with BG/NBD predictions) and the reasons a
//! marketer reads, once worded in their language. Remembering which stage was seen last, for `previous` and `since`, is
//! [`StageMark`]'s job (beside the stages and the rules); the profile stores
//! it.

use crate::base::value::Value;
use crate::lifecycle::{Stage, StageMark, StageRules, DAY_MS};
use crate::predict::Priors;
use crate::profile::Facts;

impl StageRules {
    /// The first reason the shopper counts as engaged, if any: what counted (a metric's name) and
    /// how many. Cheap: `classify` asks after every event.
    fn engagement(&self, f: &Facts) -> Option<(&'static str, u64)> {
        let c = &f.counts;
        if c.sessions >= self.engaged_sessions {
            return Some(("sessions", c.sessions));
        }
        if c.item_views >= self.engaged_item_views {
            return Some(("itemViews", c.item_views));
        }
        let acts = [
            ("cartAdds", c.cart_adds),
            ("wishlistAdds", c.wishlist_adds),
            ("checkouts", c.checkouts),
            ("signUps", c.sign_ups),
            ("leads", c.leads),
        ];
        acts.into_iter().find(|(_, n)| *n > 0)
    }

    /// Referrals, shares and reviews at least `advocacyMinRating`; `None` without any, or when the
    /// latest came before the shopper's return from a lapse (the cycle started again).
    fn advocacy(&self, f: &Facts) -> Option<Advocacy> {
        if let Some(returned) = f.returned_at {
            if f.last_signal_at.is_none_or(|signal| signal < returned) {
                return None;
            }
        }
        let c = &f.counts;
        let good_reviews = c.reviews.iter().skip(usize::from(self.advocacy_min_rating).saturating_sub(1)).sum();
        let signals =
            Advocacy { referrals: c.referrals, shares: c.shares, good_reviews, min_rating: self.advocacy_min_rating };
        (signals.referrals + signals.shares + signals.good_reviews > 0).then_some(signals)
    }
}

/// The advocacy signals a shopper has given.
#[derive(Debug, Clone, Copy)]
struct Advocacy {
    referrals: u64,
    shares: u64,
    good_reviews: u64,
    min_rating: u8,
}

/// Order-related figures of the stage rules, all in days.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrderTiming {
    days_since_last: f64,
    mean_gap: Option<f64>,
    lapse_threshold: f64,
}

fn order_timing(f: &Facts, rules: &StageRules, now: u64) -> Option<OrderTiming> {
    let orders = f.orders.count;
    let (first, last) = (f.orders.first_at?, f.orders.last_at?);
    if orders == 0 {
        return None;
    }
    let days_since_last = now.saturating_sub(last) as f64 / DAY_MS;
    let mean_gap = (orders >= 2).then(|| last.saturating_sub(first) as f64 / DAY_MS / (orders - 1) as f64);
    let lapse_threshold = match mean_gap {
        None => rules.lapse_after_days,
        Some(gap) => rules.lapse_after_days.min(rules.lapse_min_days.max(rules.lapse_gap_factor * gap)),
    };
    Some(OrderTiming { days_since_last, mean_gap, lapse_threshold })
}

/// Roughly when a shopper with orders lapses if nothing else happens (within a millisecond; the
/// rule compares fractional days), or `None` without orders.
pub fn lapses_at(f: &Facts, rules: &StageRules) -> Option<u64> {
    let last = f.orders.last_at?;
    let timing = order_timing(f, rules, last)?;
    Some(last.saturating_add((timing.lapse_threshold * DAY_MS) as u64).saturating_add(1))
}

/// The stage the rules give, first rule that holds.
pub fn classify(f: &Facts, rules: &StageRules, now: u64) -> Stage {
    classify_with(f, rules, order_timing(f, rules, now))
}

fn classify_with(f: &Facts, rules: &StageRules, timing: Option<OrderTiming>) -> Stage {
    let orders = f.orders.count;
    match timing {
        None if rules.engagement(f).is_none() => Stage::Reach,
        None => Stage::Acquisition,
        Some(t) if t.days_since_last > t.lapse_threshold => Stage::Lapsed,
        Some(_) if orders == 1 => Stage::Development,
        Some(_) if orders >= rules.advocacy_min_orders && rules.advocacy(f).is_some() => Stage::Advocacy,
        Some(_) => Stage::Retention,
    }
}

/// Every code a [`Reason`] can have; each has a sentence in every locale module of the package.
pub const REASON_CODES: [&str; 7] =
    ["not_engaged", "engaged", "first_order", "repeat_buyer", "advocacy_signal", "lapsed", "returned"];

/// One reason for a stage: a stable code and the figures behind it. The words are not the
/// engine's: the package's locale modules (`crumbtrail/locale/en`, `crumbtrail/locale/nl`) make
/// a sentence of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// One of [`REASON_CODES`].
    pub code: &'static str,
    /// The figures, an object: `not_engaged` { sessions, itemViews, engagedSessions,
    /// engagedItemViews }; `engaged` { by (the metric that counted: sessions, itemViews, cartAdds,
    /// wishlistAdds, checkouts, signUps or leads), count }; `first_order`, `repeat_buyer`, `lapsed`
    /// { orders, daysAgo (whole days), lapseAfterDays (rounded) }; `advocacy_signal` { referrals,
    /// shares, goodReviews, minRating }; `returned` {}.
    pub values: Value,
}

/// Every figure a report carries (DESIGN §5 lists the required ones).
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Sessions: a gap longer than `sessionTimeoutMinutes` starts a new one.
    pub sessions: u64,
    /// `page_view` events.
    pub page_views: u64,
    /// `view_item` events (not the items inside them).
    pub item_views: u64,
    /// `add_to_cart` events.
    pub cart_adds: u64,
    /// Distinct orders, less refunded ones.
    pub orders: u64,
    /// The orders' revenue in `currency`.
    pub revenue: f64,
    /// The first currency seen (ISO 4217); `None` before the first order.
    pub currency: Option<String>,
    /// Orders in another currency: counted as orders, not added to revenue.
    pub other_currency_orders: u64,
    /// Distinct calendar days with an order, the shopper's (what BG/NBD counts).
    pub order_days: u64,
    /// The first event, ms since the epoch.
    pub first_seen: Option<u64>,
    /// The latest event, ms since the epoch.
    pub last_seen: Option<u64>,
    /// The first order, ms since the epoch.
    pub first_order_at: Option<u64>,
    /// The latest order, ms since the epoch.
    pub last_order_at: Option<u64>,
    /// Days from the latest order to now.
    pub days_since_last_order: Option<f64>,
    /// Mean days between orders (two orders or more).
    pub mean_gap_days: Option<f64>,
    /// Days without an order after which the shopper lapses.
    pub lapse_threshold_days: Option<f64>,
    /// BG/NBD probability that the shopper is still active; `None` before the first order.
    pub p_alive: Option<f64>,
    /// BG/NBD expected orders in the next 90 days.
    pub expected_orders_90d: Option<f64>,
    /// Gamma-Gamma expected value of the next order, in `currency`.
    pub expected_order_value: Option<f64>,
    /// Expected orders × expected order value over the next 90 days.
    pub expected_revenue_90d: Option<f64>,
    /// The same over the next 365 days.
    pub expected_revenue_365d: Option<f64>,
    /// Viewed categories, most viewed first.
    pub top_categories: Vec<String>,
    /// `refund` events.
    pub refunds: u64,
    /// `review` events, whatever their rating.
    pub reviews: u64,
    /// `referral` events.
    pub referrals: u64,
    /// `share` events.
    pub shares: u64,
    /// Whether the engagement rule holds: enough sessions or item views, or a cart, wishlist,
    /// checkout, sign-up or lead.
    pub engaged: bool,
    /// Whether a referral, a share or a review of at least `advocacyMinRating` came since the latest return.
    pub advocacy_signal: bool,
}

/// The metrics' camelCase names (DESIGN §5), in the order reports list them.
pub const METRIC_NAMES: [&str; 28] = [
    "sessions",
    "pageViews",
    "itemViews",
    "cartAdds",
    "orders",
    "revenue",
    "currency",
    "otherCurrencyOrders",
    "orderDays",
    "firstSeen",
    "lastSeen",
    "firstOrderAt",
    "lastOrderAt",
    "daysSinceLastOrder",
    "meanGapDays",
    "lapseThresholdDays",
    "pAlive",
    "expectedOrders90d",
    "expectedOrderValue",
    "expectedRevenue90d",
    "expectedRevenue365d",
    "topCategories",
    "refunds",
    "reviews",
    "referrals",
    "shares",
    "engaged",
    "advocacySignal",
];

impl Metrics {
    /// As a JS-shaped object with the camelCase names of DESIGN §5.
    pub fn to_value(&self) -> Value {
        Value::object(METRIC_NAMES.map(|name| (name, self.get(name).unwrap_or_default())))
    }

    /// The metric called `name` (one of [`METRIC_NAMES`]), if there is one.
    pub fn get(&self, name: &str) -> Option<Value> {
        let time = |t: Option<u64>| t.map(|t| t as f64).into();
        Some(match name {
            "sessions" => self.sessions.into(),
            "pageViews" => self.page_views.into(),
            "itemViews" => self.item_views.into(),
            "cartAdds" => self.cart_adds.into(),
            "orders" => self.orders.into(),
            "revenue" => self.revenue.into(),
            "currency" => self.currency.clone().into(),
            "otherCurrencyOrders" => self.other_currency_orders.into(),
            "orderDays" => self.order_days.into(),
            "firstSeen" => time(self.first_seen),
            "lastSeen" => time(self.last_seen),
            "firstOrderAt" => time(self.first_order_at),
            "lastOrderAt" => time(self.last_order_at),
            "daysSinceLastOrder" => self.days_since_last_order.into(),
            "meanGapDays" => self.mean_gap_days.into(),
            "lapseThresholdDays" => self.lapse_threshold_days.into(),
            "pAlive" => self.p_alive.into(),
            "expectedOrders90d" => self.expected_orders_90d.into(),
            "expectedOrderValue" => self.expected_order_value.into(),
            "expectedRevenue90d" => self.expected_revenue_90d.into(),
            "expectedRevenue365d" => self.expected_revenue_365d.into(),
            "topCategories" => self.top_categories.clone().into(),
            "refunds" => self.refunds.into(),
            "reviews" => self.reviews.into(),
            "referrals" => self.referrals.into(),
            "shares" => self.shares.into(),
            "engaged" => self.engaged.into(),
            "advocacySignal" => self.advocacy_signal.into(),
            _ => return None,
        })
    }
}

/// The metrics that come from the models (the costly part of a report): a condition that reads
/// one of them makes deciding compute them.
pub const PREDICTION_NAMES: [&str; 5] =
    ["pAlive", "expectedOrders90d", "expectedOrderValue", "expectedRevenue90d", "expectedRevenue365d"];

/// What `stage()` returns.
#[derive(Debug, Clone, PartialEq)]
pub struct StageReport {
    /// The stage now.
    pub stage: Stage,
    /// The stage before the last observed change.
    pub previous: Option<Stage>,
    /// When the last change was observed, ms.
    pub since: u64,
    /// Why: codes and their figures.
    pub reasons: Vec<Reason>,
    /// The figures.
    pub metrics: Metrics,
}

impl StageReport {
    /// As a JS-shaped object: `{ stage, previous, since, reasons: [{ code, values }], metrics }`.
    pub fn to_value(&self) -> Value {
        let reasons = self.reasons.iter().map(Reason::to_value).collect();
        Value::object([
            ("stage", self.stage.as_str().into()),
            ("previous", self.previous.map(Stage::as_str).into()),
            ("since", (self.since as f64).into()),
            ("reasons", Value::Array(reasons)),
            ("metrics", self.metrics.to_value()),
        ])
    }
}

impl Reason {
    /// As the JavaScript object `{ code, values }`.
    pub fn to_value(&self) -> Value {
        Value::object([("code", self.code.into()), ("values", self.values.clone())])
    }
}

/// How much of a report to work out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything: for `stage()` and `onStageChange`.
    Full,
    /// What conditions read: no reasons, and predictions (the costly part) only if asked for.
    ForConditions {
        /// Whether to compute the [`PREDICTION_NAMES`].
        predictions: bool,
    },
}

/// The model's figures for a shopper with an order; all `None` before the first.
#[derive(Default)]
struct Forecast {
    p_alive: Option<f64>,
    orders_90d: Option<f64>,
    order_value: Option<f64>,
    revenue_90d: Option<f64>,
    revenue_365d: Option<f64>,
}

/// The model's figures for the shopper at `now`, from the priors; all `None` before the first order.
/// One copy in the wasm, for reports and exposures alike.
#[inline(never)]
fn forecast(f: &Facts, priors: &Priors, now: u64) -> Forecast {
    let o = &f.orders;
    let (Some(first), Some(last), true) = (o.first_at, o.last_at, o.count > 0) else {
        return Forecast::default();
    };
    let x = o.days.saturating_sub(1) as f64;
    let t_x = last.saturating_sub(first) as f64 / DAY_MS;
    let big_t = (now.saturating_sub(first) as f64 / DAY_MS).max(t_x);
    // Spend per order day, as the fit reduces a log; the profile keeps revenue as a total,
    // so the first order day is in the mean here (the fit leaves it out).
    let value = priors.spend.expected_order_value(x, o.revenue / o.days.max(1) as f64);
    let orders_90d = priors.expected_orders(x, t_x, big_t, 90.0);
    let orders_365d = priors.expected_orders(x, t_x, big_t, 365.0);
    Forecast {
        p_alive: Some(priors.p_alive(x, t_x, big_t)),
        orders_90d,
        order_value: Some(value),
        revenue_90d: orders_90d.map(|n| n * value),
        revenue_365d: orders_365d.map(|n| n * value),
    }
}

/// The shopper's expected revenue over the next 365 days (`expectedRevenue365d`), rounded to a
/// whole amount of the shop's currency: what an exposure carries. 0 before the first order.
pub fn expected_revenue_365d(f: &Facts, priors: &Priors, now: u64) -> u64 {
    forecast(f, priors, now).revenue_365d.map_or(0, |r| r.round() as u64)
}

/// The full report: stage, metrics with predictions, reasons. `mark` is the stored observation
/// (already updated for this stage by the caller).
pub fn report(f: &Facts, rules: &StageRules, priors: &Priors, mark: &StageMark, now: u64) -> StageReport {
    report_with(f, rules, priors, mark, now, Detail::Full)
}

/// The report at the given level of [`Detail`]; what is left out reads as null or empty.
pub fn report_with(
    f: &Facts,
    rules: &StageRules,
    priors: &Priors,
    mark: &StageMark,
    now: u64,
    detail: Detail,
) -> StageReport {
    let timing = order_timing(f, rules, now);
    let stage = classify_with(f, rules, timing);
    let engagement = rules.engagement(f);
    let advocacy = rules.advocacy(f);
    let o = &f.orders;

    let predictions = matches!(detail, Detail::Full | Detail::ForConditions { predictions: true });
    let forecast = if predictions { forecast(f, priors, now) } else { Forecast::default() };

    let mut reasons = Vec::new();
    let reason = |code, values: &[(&str, Value)]| Reason { code, values: Value::object(values.iter().cloned()) };
    match (stage, timing) {
        _ if detail != Detail::Full => {}
        (Stage::Reach, _) => reasons.push(reason(
            "not_engaged",
            &[
                ("sessions", f.counts.sessions.into()),
                ("itemViews", f.counts.item_views.into()),
                ("engagedSessions", rules.engaged_sessions.into()),
                ("engagedItemViews", rules.engaged_item_views.into()),
            ],
        )),
        (Stage::Acquisition, _) => {
            let (by, count) = engagement.unwrap_or(("sessions", 0));
            reasons.push(reason("engaged", &[("by", by.into()), ("count", count.into())]));
        }
        (_, Some(t)) => {
            let code = match stage {
                Stage::Lapsed => "lapsed",
                Stage::Development => "first_order",
                _ => "repeat_buyer",
            };
            let values = [
                ("orders", o.count.into()),
                ("daysAgo", (t.days_since_last.floor() as u64).into()),
                ("lapseAfterDays", (t.lapse_threshold.round() as u64).into()),
            ];
            reasons.push(reason(code, &values));
            if let (Stage::Advocacy, Some(a)) = (stage, advocacy) {
                let values = [
                    ("referrals", a.referrals.into()),
                    ("shares", a.shares.into()),
                    ("goodReviews", a.good_reviews.into()),
                    ("minRating", u64::from(a.min_rating).into()),
                ];
                reasons.push(reason("advocacy_signal", &values));
            }
            if mark.previous == Some(Stage::Lapsed) && stage != Stage::Lapsed {
                reasons.push(reason("returned", &[]));
            }
        }
        (_, None) => {}
    }

    let c = &f.counts;
    StageReport {
        stage,
        previous: mark.previous,
        since: mark.since,
        reasons,
        metrics: Metrics {
            sessions: c.sessions,
            page_views: c.page_views,
            item_views: c.item_views,
            cart_adds: c.cart_adds,
            orders: o.count,
            revenue: o.revenue,
            currency: o.currency.clone(),
            other_currency_orders: o.other_currency,
            order_days: o.days,
            first_seen: f.first_seen,
            last_seen: f.last_seen,
            first_order_at: o.first_at,
            last_order_at: o.last_at,
            days_since_last_order: timing.map(|t| t.days_since_last),
            mean_gap_days: timing.and_then(|t| t.mean_gap),
            lapse_threshold_days: timing.map(|t| t.lapse_threshold),
            p_alive: forecast.p_alive,
            expected_orders_90d: forecast.orders_90d,
            expected_order_value: forecast.order_value,
            expected_revenue_90d: forecast.revenue_90d,
            expected_revenue_365d: forecast.revenue_365d,
            top_categories: f.categories.clone(),
            refunds: c.refunds,
            reviews: c.reviews.iter().sum(),
            referrals: c.referrals,
            shares: c.shares,
            engaged: engagement.is_some(),
            advocacy_signal: advocacy.is_some(),
        },
    }
}
