//! What targeting conditions see: the attribute object of DESIGN §8.
//!
//! One flat object: `stage`, `previousStage`, `daysInStage`, every metric by its name, the
//! category and item lists, the open cart, `signedUp`, `locale`, and the caller's context under
//! `page`. Building it is the only job here; evaluating conditions over it is `condition`'s.

use crate::profile::Facts;
use crate::stage::{StageReport, DAY_MS};
use crate::value::Value;

/// The attributes for `report` (already observed) and `facts`, at `now`.
pub fn build(report: &StageReport, facts: &Facts, locale: &str, page: Value, now: u64) -> Value {
    let mut attrs = match report.metrics.to_value() {
        Value::Object(map) => map,
        _ => Default::default(),
    };
    let days_in_stage = now.saturating_sub(report.since) as f64 / DAY_MS;
    let extra = [
        ("stage", report.stage.as_str().into()),
        ("previousStage", report.previous.map(|s| s.as_str()).into()),
        ("daysInStage", days_in_stage.into()),
        ("categories", facts.categories.clone().into()),
        ("purchasedCategories", facts.purchased_categories.clone().into()),
        ("recentItems", facts.recent_items.clone().into()),
        ("cartOpen", (facts.cart_items > 0).into()),
        ("cartItems", facts.cart_items.into()),
        ("cartValue", facts.cart_value.into()),
        ("signedUp", facts.signed_up.into()),
        ("locale", locale.into()),
        ("page", page),
    ];
    for (k, v) in extra {
        attrs.insert(k, v);
    }
    Value::Object(attrs)
}
