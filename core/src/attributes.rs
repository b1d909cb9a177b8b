//! What targeting conditions see: the attribute object of DESIGN §8.
//!
//! One flat object: `stage`, `previousStage`, `daysInStage`, every metric by its name, the
//! category and item lists, the open cart, `signedUp`, `locale`, `profileAgeDays`, the items
//! `recommended` (from a loaded recommendations file, else none), and the caller's context under
//! `page`. Building it is the only job here; evaluating conditions over it
//! is `condition`'s.
//!
//! `profileAgeDays` (days since `firstSeen`) is here rather than among the metrics because it says
//! how long this device has kept the trail, not what the shopper did: Safari erases script-written
//! storage after 7 days without a visit, so a young profile may be a returning shopper whose trail
//! was wiped, and a message can take that into account (docs/guide/privacy.md, "Safari, and storage that expires").

use crate::base::value::{Map, Value};
use crate::lifecycle::DAY_MS;
use crate::profile::Facts;
use crate::stage::{StageReport, METRIC_NAMES};

/// The attributes besides the metrics.
const OTHER_NAMES: [&str; 14] = [
    "stage",
    "previousStage",
    "daysInStage",
    "categories",
    "purchasedCategories",
    "recentItems",
    "cartOpen",
    "cartItems",
    "cartValue",
    "signedUp",
    "locale",
    "profileAgeDays",
    "recommended",
    "page",
];

/// The value of `recommended`, worked out only when a name asks for it: the engine's top items
/// for the shopper (see `crate::recommender`).
pub type Recommended<'a> = &'a mut dyn FnMut() -> Value;

/// No recommendations: an empty list.
pub fn none_recommended() -> Value {
    Value::Array(Vec::new())
}

/// The attributes for `report` (already observed) and `facts`, at `now`.
pub fn build(
    report: &StageReport,
    facts: &Facts,
    locale: &str,
    page: Value,
    recommended: Recommended,
    now: u64,
) -> Value {
    build_named(&mut METRIC_NAMES.into_iter().chain(OTHER_NAMES), report, facts, locale, page, recommended, now)
}

/// Only the attributes `names` names (deciding builds only those its catalogue reads); names that
/// are no attribute are left out.
pub fn build_named(
    names: &mut dyn Iterator<Item = &str>,
    report: &StageReport,
    facts: &Facts,
    locale: &str,
    mut page: Value,
    recommended: Recommended,
    now: u64,
) -> Value {
    let mut attrs = Map::default();
    for name in names {
        let value = match name {
            "stage" => report.stage.as_str().into(),
            "previousStage" => report.previous.map(|s| s.as_str()).into(),
            "daysInStage" => (now.saturating_sub(report.since) as f64 / DAY_MS).into(),
            "categories" => facts.categories.clone().into(),
            "purchasedCategories" => facts.purchased_categories.clone().into(),
            "recentItems" => facts.recent_items.clone().into(),
            "cartOpen" => (facts.cart_items > 0).into(),
            "cartItems" => facts.cart_items.into(),
            "cartValue" => facts.cart_value.into(),
            "signedUp" => facts.signed_up.into(),
            "locale" => locale.into(),
            "profileAgeDays" => facts.first_seen.map(|first| now.saturating_sub(first) as f64 / DAY_MS).into(),
            "recommended" => recommended(),
            "page" => std::mem::take(&mut page),
            metric => match report.metrics.get(metric) {
                Some(value) => value,
                None => continue,
            },
        };
        attrs.insert(name, value);
    }
    Value::Object(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::{Stage, StageMark, StageRules};
    use crate::predict::Priors;
    use crate::profile::Profile;
    use crate::stage::{report_with, Detail};

    fn report_and_facts() -> (StageReport, Facts) {
        let facts = Profile::new("v".into(), 0).facts();
        let mark = StageMark { stage: Stage::Reach, previous: None, since: 0 };
        (report_with(&facts, &StageRules::default(), &Priors::default(), &mark, 1_000, Detail::Full), facts)
    }

    #[test]
    fn every_attribute_has_its_name_and_a_subset_is_the_same_values() {
        let (report, facts) = report_and_facts();
        let page = Value::object([("path", Value::from("/"))]);
        let all = build(&report, &facts, "nl", page.clone(), &mut none_recommended, 1_000);
        let Value::Object(map) = &all else { panic!("an object") };
        let names: Vec<&str> = map.keys().collect();
        let mut expected: Vec<&str> = METRIC_NAMES.iter().chain(&OTHER_NAMES).copied().collect();
        expected.sort_unstable();
        assert_eq!(names, expected, "each name is an attribute, and nothing else is");
        assert!(METRIC_NAMES.iter().all(|name| report.metrics.get(name).is_some()));
        let names = ["page", "orders", "nope", "locale"];
        let some = build_named(&mut names.into_iter(), &report, &facts, "nl", page, &mut none_recommended, 1_000);
        let Value::Object(some) = some else { panic!("an object") };
        assert_eq!(
            some.keys().collect::<Vec<_>>(),
            ["locale", "orders", "page"],
            "a name that is no attribute is left out"
        );
        assert!(some.iter().all(|(k, v)| all.get(k) == Some(v)));
    }

    #[test]
    fn profile_age_is_null_before_the_first_event_then_days_since_first_seen() {
        let (report, facts) = report_and_facts();
        let age = |facts: &Facts, now| {
            build_named(
                &mut ["profileAgeDays"].into_iter(),
                &report,
                facts,
                "en",
                Value::Null,
                &mut none_recommended,
                now,
            )
            .get("profileAgeDays")
            .cloned()
        };
        assert_eq!(age(&facts, 1_000), Some(Value::Null), "no event yet: no age");
        let first = 1_767_225_600_000; // 2026-01-01
        let seen = Facts { first_seen: Some(first), ..facts };
        assert_eq!(age(&seen, first), Some(Value::from(0.0)));
        assert_eq!(age(&seen, first + 7 * DAY_MS as u64 + DAY_MS as u64 / 2), Some(Value::from(7.5)));
        assert_eq!(
            age(&seen, first - 1),
            Some(Value::from(0.0)),
            "a clock behind firstSeen reads as a new profile, not a negative age"
        );
    }
}
