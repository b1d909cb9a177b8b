//! DESIGN §4: the event vocabulary, the GA4 forms, and junk input.

mod common;
use common::*;
use crumbtrail_core::event::{EventName, TrailEvent, MAX_CLOCK_SKEW_MS};

fn reject(event: &str) -> String {
    TrailEvent::parse(&json(event), T0).expect_err(event).to_string()
}

#[test]
fn every_design_event_name_parses() {
    for name in EventName::ALL {
        let extra = match name {
            EventName::Refund => r#","transaction_id":"T1""#,
            EventName::Review => r#","rating":5"#,
            _ => "",
        };
        let e = TrailEvent::parse(&json(&format!(r#"{{"event":"{}"{extra}}}"#, name.as_str())), T0).unwrap();
        assert_eq!(e.name, name);
        assert_eq!(e.ts, T0, "a missing ts is now");
    }
}

#[test]
fn ga4_nested_ecommerce_form_reads_the_same_as_the_flat_form() {
    let nested = TrailEvent::parse(
        &json(
            r#"{"event":"purchase","ecommerce":{"transaction_id":"T9","value":42.5,"currency":"eur",
            "items":[{"item_id":"SKU1","item_name":"Boot","item_category":"Shoes","price":21.25,"quantity":2}]}}"#,
        ),
        T0,
    )
    .unwrap();
    let flat = TrailEvent::parse(
        &json(
            r#"{"event":"purchase","transaction_id":"T9","value":42.5,"currency":"EUR",
            "items":[{"item_id":"SKU1","item_name":"Boot","item_category":"Shoes","price":21.25,"quantity":2}]}"#,
        ),
        T0,
    )
    .unwrap();
    assert_eq!(nested, flat);
    assert_eq!(nested.items[0].quantity, 2);
    assert_eq!(nested.currency.as_deref(), Some("EUR"));
}

#[test]
fn numeric_item_ids_are_accepted_as_text_and_quantity_defaults_to_one() {
    let e = TrailEvent::parse(&json(r#"{"event":"view_item","items":[{"item_id":12345}]}"#), T0).unwrap();
    assert_eq!(e.items[0].id.as_deref(), Some("12345"));
    assert_eq!(e.items[0].quantity, 1);
}

#[test]
fn junk_is_rejected_with_the_field_named() {
    let cases = [
        (r#"[1,2]"#, "event: an event must be an object, got an array"),
        (r#"{"ts":1}"#, "event: is required"),
        (r#"{"event":"buy_now"}"#, "event: unknown event \"buy_now\""),
        (r#"{"event":7}"#, "event: expected a string, got a number"),
        (r#"{"event":"page_view","ts":"yesterday"}"#, "ts: expected a number, got a string"),
        (r#"{"event":"page_view","ts":-5}"#, "ts: must be ≥ 0"),
        (r#"{"event":"purchase","value":"12"}"#, "value: expected a number, got a string"),
        (r#"{"event":"purchase","value":-1}"#, "value: must be ≥ 0"),
        (r#"{"event":"purchase","ecommerce":{"value":true}}"#, "ecommerce.value: expected a number, got a boolean"),
        (r#"{"event":"purchase","ecommerce":[]}"#, "ecommerce: expected an object, got an array"),
        (r#"{"event":"view_item","items":{}}"#, "items: expected an array, got an object"),
        (r#"{"event":"view_item","items":[{"price":3}]}"#, "items[0].item_id: is required"),
        (
            r#"{"event":"view_item","ecommerce":{"items":[{"item_id":"a"},{"item_id":"b","price":-2}]}}"#,
            "ecommerce.items[1].price: must be ≥ 0",
        ),
        (r#"{"event":"view_item","ts":-5}"#, "ts: must be ≥ 0"),
        (
            r#"{"event":"view_item","items":[{"item_id":"a"},{"item_id":"b","price":"x"}]}"#,
            "items[1].price: expected a number, got a string",
        ),
        (
            r#"{"event":"view_item","items":[{"item_id":"a","quantity":0}]}"#,
            "items[0].quantity: must be a whole number from 1 to 1000000",
        ),
        (
            r#"{"event":"view_item","items":[{"item_id":"a","quantity":1.5}]}"#,
            "items[0].quantity: must be a whole number from 1 to 1000000",
        ),
        (r#"{"event":"view_item","items":[3]}"#, "items[0]: expected an object, got a number"),
        (r#"{"event":"refund"}"#, "transaction_id: is required"),
        (r#"{"event":"review"}"#, "rating: is required"),
        (r#"{"event":"review","rating":0}"#, "rating: must be a whole number from 1 to 5"),
        (r#"{"event":"review","rating":4.5}"#, "rating: must be a whole number from 1 to 5"),
        (r#"{"event":"review","rating":6}"#, "rating: must be a whole number from 1 to 5"),
        (r#"{"event":"purchase","transaction_id":{"a":1}}"#, "transaction_id: expected a string, got an object"),
        (r#"{"event":"purchase","currency":"EURO-DOLLAR"}"#, "currency: longer than 8 characters"),
    ];
    for (event, message) in cases {
        assert_eq!(reject(event), message, "for {event}");
    }
}

#[test]
fn non_finite_numbers_from_javascript_are_rejected() {
    use crumbtrail_core::Value;
    let mut raw = json(r#"{"event":"purchase"}"#);
    if let Value::Object(map) = &mut raw {
        map.insert("value", Value::Number(f64::NAN));
    }
    assert_eq!(TrailEvent::parse(&raw, T0).unwrap_err().to_string(), "value: must be a finite number");
    if let Value::Object(map) = &mut raw {
        map.insert("value", Value::Number(f64::INFINITY));
    }
    assert_eq!(TrailEvent::parse(&raw, T0).unwrap_err().to_string(), "value: must be a finite number");
}

#[test]
fn over_long_strings_and_item_lists_are_rejected() {
    let long = "x".repeat(257);
    assert_eq!(
        reject(&format!(r#"{{"event":"view_item","items":[{{"item_id":"{long}"}}]}}"#)),
        "items[0].item_id: longer than 256 characters"
    );
    assert_eq!(
        reject(&format!(r#"{{"event":"page_view","page_location":"https://shop.example/{}"}}"#, "p".repeat(5000))),
        "page_location: longer than 4096 characters"
    );
    let items: Vec<String> = (0..201).map(|i| format!(r#"{{"item_id":"{i}"}}"#)).collect();
    assert_eq!(
        reject(&format!(r#"{{"event":"view_item","items":[{}]}}"#, items.join(","))),
        "items: more than 200 entries"
    );
    let items: Vec<String> = (0..200).map(|i| format!(r#"{{"item_id":"{i}"}}"#)).collect();
    assert!(TrailEvent::parse(&json(&format!(r#"{{"event":"view_item","items":[{}]}}"#, items.join(","))), T0).is_ok());
}

#[test]
fn a_ts_more_than_five_minutes_ahead_is_clamped_to_now_and_a_smaller_lead_is_kept() {
    let at = |ts: u64| TrailEvent::parse(&json(&format!(r#"{{"event":"page_view","ts":{ts}}}"#)), T0).unwrap().ts;
    assert_eq!(at(T0 + MAX_CLOCK_SKEW_MS), T0 + MAX_CLOCK_SKEW_MS);
    assert_eq!(at(T0 + MAX_CLOCK_SKEW_MS + 1), T0);
    assert_eq!(at(T0 - DAY), T0 - DAY);
}

#[test]
fn a_rejected_event_leaves_the_profile_untouched() {
    let mut e = engine();
    track(&mut e, T0, r#"{"event":"view_item","items":[{"item_id":"a","item_category":"Shoes"}]}"#);
    let before = e.profile().clone();
    let err = e.track(&json(r#"{"event":"view_item","items":[{"item_id":"b"},{"item_id":"c","price":-2}]}"#), T0 + 1);
    assert_eq!(err.unwrap_err().to_string(), "items[1].price: must be ≥ 0");
    assert_eq!(e.profile(), &before);
}

mod never_panics {
    use super::*;
    use crumbtrail_core::Priors;
    use crumbtrail_core::StageRules;
    use crumbtrail_core::{Map, Value};
    use proptest::prelude::*;

    /// Any JSON-like value, biased towards event-shaped objects so that deep fields get exercised.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>().prop_map(Value::Number),
            prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(-0.0), Just(1e300)].prop_map(Value::Number),
            "\\PC{0,12}".prop_map(Value::String),
            prop::sample::select(vec![
                "purchase",
                "view_item",
                "refund",
                "review",
                "add_to_cart",
                "remove_from_cart",
                "items",
                "ecommerce",
                "transaction_id",
                "value",
                "currency",
                "rating",
                "item_id",
                "price",
                "quantity",
                "ts",
            ])
            .prop_map(|s| Value::String(s.to_owned())),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            let key = prop::sample::select(vec![
                "event",
                "ts",
                "items",
                "ecommerce",
                "value",
                "currency",
                "transaction_id",
                "rating",
                "item_id",
                "item_name",
                "item_category",
                "price",
                "quantity",
                "page_location",
                "x",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key, inner), 0..8).prop_map(|pairs| Value::Object(
                    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map>()
                )),
            ]
        })
    }

    proptest! {
        #![proptest_config(fixed_or_soak(2000))]

        #[test]
        fn tracking_arbitrary_json_never_panics_and_rejects_without_a_trace(raw in any_value(), now in any::<u64>()) {
            let mut e = engine();
            let before = e.profile().clone();
            match e.track(&raw, now) {
                Ok(_) => { let _ = e.report(now); }
                Err(err) => {
                    prop_assert!(!err.to_string().is_empty());
                    prop_assert_eq!(e.profile(), &before);
                }
            }
        }

        #[test]
        fn reading_arbitrary_options_never_panics(raw in any_value()) {
            let _ = StageRules::from_value(&raw, "rules");
            let _ = Priors::from_value(&raw, "priors");
        }
    }
}
