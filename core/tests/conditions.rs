//! Targeting conditions: the whole GrowthBook conformance suite (spec 0.8.0), and the strict
//! validation the catalogue applies on top of it.

mod common;

use common::{growthbook_cases, json, runtime};
use crumbtrail_core::condition::{Condition, Mode};
use crumbtrail_core::{Map, Value};

fn cases() -> Vec<Value> {
    match growthbook_cases().get("evalCondition") {
        Some(Value::Array(cases)) => cases.clone(),
        _ => panic!("no evalCondition section"),
    }
}

#[test]
fn every_growthbook_eval_condition_case_passes() {
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        let Value::Array(parts) = case else { panic!("case is not an array") };
        let name = parts[0].as_str().unwrap_or("?");
        let groups = match parts.get(4) {
            Some(Value::Object(map)) => map.clone(),
            _ => Map::default(),
        };
        let condition = Condition::compile(&parts[1], &runtime(), Mode::Lenient).expect("lenient never fails");
        let expected = parts[3] == Value::Bool(true);
        if condition.matches(&parts[2], &groups) != expected {
            failures.push(name.to_owned());
        }
    }
    println!("GrowthBook evalCondition conformance: {}/{} passed", cases.len() - failures.len(), cases.len());
    assert_eq!(cases.len(), 248, "the suite has 248 cases");
    assert!(failures.is_empty(), "failed: {failures:#?}");
}

fn strict(condition: &str) -> Result<Condition, String> {
    let groups = match json(r#"{"vip":["a","b"]}"#) {
        Value::Object(map) => map,
        _ => unreachable!(),
    };
    Condition::compile(&json(condition), &runtime(), Mode::Strict(&groups)).map_err(|e| e.0)
}

#[test]
fn strict_mode_rejects_what_lenient_mode_makes_false() {
    for (condition, error) in [
        (r#"{"orders":{"$gte2":2}}"#, r#"unknown operator "$gte2""#),
        (r#"{"name":{"$regex":"/???***[)"}}"#, r#"$regex: invalid regular expression "/???***[)""#),
        (r#"{"id":{"$inGroup":"nope"}}"#, r#"$inGroup: unknown saved group "nope""#),
        (r#"{"tags":{"$in":"shoes"}}"#, "$in expects an array, got a string"),
        (r#"{"$or":{"a":1}}"#, "$or expects an array of conditions, got an object"),
        (r#"{"a":{"$type":"text"}}"#, r#"$type: unknown type "text""#),
        (r#"{"a":{"$gt":1,"b":2}}"#, "an object mixes operators and fields"),
        (r#"{"v":{"$vgt":true}}"#, "$vgt expects a version string, got a boolean"),
        (r#"["a"]"#, "expected a condition object, got an array"),
    ] {
        let message = strict(condition).expect_err(condition);
        assert!(message.starts_with(error), "{condition}: {message}");
        // The same condition is accepted leniently.
        assert!(Condition::compile(&json(condition), &runtime(), Mode::Lenient).is_ok());
    }
    assert!(strict(r#"{"id":{"$inGroup":"vip"},"orders":{"$gte":2}}"#).is_ok());
}

#[test]
fn conditions_read_in_words() {
    let c = strict(r#"{"orders":{"$gte":2},"purchasedCategories":{"$in":["shoes"]},"$or":[{"signedUp":true},{"page.path":{"$regex":"^/sale"}}]}"#).unwrap();
    assert_eq!(
        c.describe(),
        r#"(signedUp is true or page.path matches /^/sale/) and orders ≥ 2 and purchasedCategories in ["shoes"]"#
    );
}

#[test]
fn paths_reach_into_objects_and_arrays() {
    let attrs = json(r#"{"recentItems":["SKU-1","SKU-2"],"page":{"path":"/shoes"}}"#);
    let yes = strict(r#"{"recentItems.1":"SKU-2","page.path":{"$regex":"^/shoes"}}"#).unwrap();
    let no = strict(r#"{"recentItems.2":"SKU-2"}"#).unwrap();
    assert!(yes.matches(&attrs, &Map::default()));
    assert!(!no.matches(&attrs, &Map::default()));
    // An index as JavaScript writes it, or nothing (GrowthBook 1.8.0 agrees: items["01"] is undefined).
    for path in ["recentItems.01", "recentItems.+1", "recentItems. 1", "recentItems.1.0"] {
        let c = strict(&format!(r#"{{"{path}":{{"$exists":true}}}}"#)).unwrap();
        assert!(!c.matches(&attrs, &Map::default()), "{path}");
    }
    assert!(strict(r#"{"recentItems.0":{"$exists":true}}"#).unwrap().matches(&attrs, &Map::default()));
}
