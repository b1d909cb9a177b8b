//! What targeting conditions see: the attribute object of DESIGN §8.
//!
//! One flat object: `stage`, `previousStage`, `daysInStage`, every metric by its name, the
//! category and item lists, the open cart, `signedUp`, `locale`, and the caller's context under
//! `page`. Building it is the only job here; evaluating conditions over it is `condition`'s.

use crate::profile::Facts;
use crate::stage::{StageReport, DAY_MS};
use crate::value::{Map, Value};

/// The attributes for `report` (already observed) and `facts`, at `now`.
pub fn build(report: &StageReport, facts: &Facts, locale: &str, page: Value, now: u64) -> Value {
    build_only(report, facts, locale, page, now, &|_| true)
}

/// The attributes `wanted` picks by name (deciding builds only those its catalogue reads).
pub fn build_only(
    report: &StageReport,
    facts: &Facts,
    locale: &str,
    page: Value,
    now: u64,
    wanted: &dyn Fn(&str) -> bool,
) -> Value {
    let mut attrs = Map::default();
    for (k, v) in report.metrics.pairs() {
        if wanted(k) {
            attrs.insert(k, v);
        }
    }
    let extra: [(&str, &dyn Fn() -> Value); 11] = [
        ("stage", &|| report.stage.as_str().into()),
        ("previousStage", &|| report.previous.map(|s| s.as_str()).into()),
        ("daysInStage", &|| (now.saturating_sub(report.since) as f64 / DAY_MS).into()),
        ("categories", &|| facts.categories.clone().into()),
        ("purchasedCategories", &|| facts.purchased_categories.clone().into()),
        ("recentItems", &|| facts.recent_items.clone().into()),
        ("cartOpen", &|| (facts.cart_items > 0).into()),
        ("cartItems", &|| facts.cart_items.into()),
        ("cartValue", &|| facts.cart_value.into()),
        ("signedUp", &|| facts.signed_up.into()),
        ("locale", &|| locale.into()),
    ];
    for (k, make) in extra {
        if wanted(k) {
            attrs.insert(k, make());
        }
    }
    if wanted("page") {
        attrs.insert("page", page);
    }
    Value::Object(attrs)
}
