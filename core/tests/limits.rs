//! Big inputs: an event with 200 items, a catalogue of 1,000 messages, a condition nested 100
//! levels, a 1 MB string — accepted in bounded time, or refused clearly past a limit.

mod common;

use std::time::Instant;

use common::{engine, json, runtime, T0};
use crumbtrail_core::condition::{Condition, Mode, MAX_NESTING};
use crumbtrail_core::decide::Catalogue;
use crumbtrail_core::{Map, Value};

/// A condition `levels` deep: a field test (two levels: the condition and its operators) inside
/// `$and`s.
fn nested(levels: usize) -> Value {
    let mut c = json(r#"{"orders":{"$gte":1}}"#);
    for _ in 2..levels {
        c = Value::object([("$and", Value::Array(vec![c]))]);
    }
    c
}

#[test]
fn a_condition_nested_100_levels_compiles_and_deeper_is_refused_clearly() {
    let groups = Map::default();
    let attrs = json(r#"{"orders":3}"#);
    let started = Instant::now();
    let ok = Condition::compile(&nested(MAX_NESTING), &runtime(), Mode::Strict(&groups)).unwrap();
    assert!(ok.matches(&attrs, &groups));
    println!("condition nested {} levels: compiled and evaluated in {:?}", MAX_NESTING, started.elapsed());
    let error = Condition::compile(&nested(MAX_NESTING + 1), &runtime(), Mode::Strict(&groups)).unwrap_err().0;
    assert_eq!(error, format!("nested deeper than {MAX_NESTING} levels"));
    // Leniently (evalCondition), too deep is simply false.
    let lenient = Condition::compile(&nested(MAX_NESTING + 1), &runtime(), Mode::Lenient).unwrap();
    assert!(!lenient.matches(&attrs, &groups));
    let message = Value::object([
        ("id", Value::from("deep")),
        ("slot", "s".into()),
        ("when", nested(MAX_NESTING + 1)),
        ("content", Value::Object(Map::default())),
    ]);
    let list = Value::Array(vec![message]);
    let message = Catalogue::from_options(&list, &Value::Null, &runtime()).unwrap_err().to_string();
    assert_eq!(message, format!("messages[0].when: nested deeper than {MAX_NESTING} levels"));
}

#[test]
fn a_catalogue_of_1000_messages_is_read_and_decided_quickly_and_1001_are_refused() {
    let messages = |n: usize| {
        let list: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id":"m{i}","slot":"s{}","priority":{},"when":{{"orders":{{"$gte":{}}}}},"content":{{"title":"{{{{categories.0 | x}}}}"}}}}"#, i % 10, i % 7, i % 3))
            .collect();
        json(&format!("[{}]", list.join(",")))
    };
    let started = Instant::now();
    let catalogue = Catalogue::from_options(&messages(1000), &Value::Null, &runtime()).unwrap();
    let built = started.elapsed();
    let mut e = engine().with_catalogue(catalogue);
    let started = Instant::now();
    for _ in 0..100 {
        assert!(e.decide("s3", Value::Null, "en", T0).0.is_some());
    }
    println!("1,000 messages: read in {built:?}, decide in {:?}", started.elapsed() / 100);
    let error = Catalogue::from_options(&messages(1001), &Value::Null, &runtime()).unwrap_err();
    assert_eq!(error.to_string(), "messages: at most 1000 messages");
}

#[test]
fn an_event_with_200_items_is_taken_and_201_or_a_1_mb_string_are_refused() {
    let items = |n: usize| (0..n).map(|i| format!(r#"{{"item_id":"s{i}","price":1}}"#)).collect::<Vec<_>>().join(",");
    let mut e = engine();
    e.track(&json(&format!(r#"{{"event":"add_to_cart","items":[{}]}}"#, items(200))), T0).unwrap();
    let error = e.track(&json(&format!(r#"{{"event":"add_to_cart","items":[{}]}}"#, items(201))), T0).unwrap_err();
    assert_eq!(error.to_string(), "items: more than 200 entries");
    let huge = "x".repeat(1 << 20);
    let started = Instant::now();
    let error =
        e.track(&json(&format!(r#"{{"event":"view_item","items":[{{"item_id":"{huge}"}}]}}"#)), T0).unwrap_err();
    assert_eq!(error.to_string(), "items[0].item_id: longer than 256 characters");
    let page =
        e.track(&json(&format!(r#"{{"event":"page_view","page_location":"https://x/{huge}"}}"#)), T0).unwrap_err();
    assert_eq!(page.to_string(), "page_location: longer than 4096 characters");
    println!("1 MB strings refused in {:?}", started.elapsed());
    // A 1 MB string in the context of a decision is fine: conditions read it, nothing keeps it.
    let c = Condition::compile(&json(r#"{"page.q":{"$regex":"^x+$"}}"#), &runtime(), Mode::Lenient).unwrap();
    assert!(c.matches(&Value::object([("page", Value::object([("q", Value::from(huge.as_str()))]))]), &Map::default()));
}
