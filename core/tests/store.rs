//! DESIGN §7: the versioned document — exact round trip, corrupt input, newer versions.

mod common;
use common::*;
use crumbtrail_core::base::read::FieldError;
use crumbtrail_core::store::{self, Document, StoreError, FORMAT_VERSION};
use crumbtrail_core::{Engine, Value};
use proptest::prelude::*;

fn decode(text: &str) -> Result<Document, StoreError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(FieldError::new("", e.to_string())))?;
    store::decode(&value)
}

fn text_of(doc: &Document) -> String {
    serde_json::to_string(&doc.to_value()).unwrap()
}

fn sample_engine() -> Engine {
    let mut e = engine();
    track(&mut e, T0, r#"{"event":"view_item","items":[{"item_id":"a","item_category":"Shoes","price":3}]}"#);
    track(&mut e, T0 + 1, r#"{"event":"add_to_cart","items":[{"item_id":"a","price":3}]}"#);
    buy(&mut e, T0 + 2, "T1");
    track(&mut e, T0 + 3, r#"{"event":"review","rating":5}"#);
    track(&mut e, T0 + 4, r#"{"event":"refund","transaction_id":"T0"}"#);
    report(&mut e, T0 + 5);
    e
}

fn sample() -> Document {
    sample_engine().document()
}

#[test]
fn a_document_round_trips_exactly() {
    let doc = sample();
    let text = text_of(&doc);
    println!("{text}");
    assert!(text.ends_with(&format!(r#","v":{FORMAT_VERSION}}}"#)));
    let back = decode(&text).unwrap();
    assert_eq!(back, doc);
    assert_eq!(text_of(&back), text);
    // What the browser writes (without copying the profile) is the same document.
    assert_eq!(sample_engine().stored(), doc.to_value());
}

#[test]
fn stable_field_names_are_what_the_format_promises() {
    let text = text_of(&sample());
    for field in [
        r#""visitor":"#,
        r#""born":"#,
        r#""firstSeen":"#,
        r#""lastSeen":"#,
        r#""tally":"#,
        r#""orders":"#,
        r#""items":"#,
        r#""boughtCategories":"#,
        r#""cart":"#,
        r#""stage":"#,
        r#""itemViews":1"#,
    ] {
        assert!(text.contains(field), "{field} missing from {text}");
    }
}

#[test]
fn corrupt_input_is_an_error_not_a_panic() {
    for (text, why) in [
        ("[]", "document: expected an object, got an array"),
        ("{}", "no format version"),
        (r#"{"v":"1"}"#, "format version is not a whole number ≥ 1"),
        (r#"{"v":0,"profile":{}}"#, "format version is not a whole number ≥ 1"),
        (r#"{"v":1.5}"#, "format version is not a whole number ≥ 1"),
        (r#"{"v":1}"#, "document.profile: missing"),
        (r#"{"v":1,"profile":[]}"#, "document.profile: expected an object, got an array"),
        (r#"{"v":1,"profile":{"visitor":"x"}}"#, "document.profile.born: missing"),
        (r#"{"v":1,"profile":{"visitor":"","born":0}}"#, "visitor id missing or too long"),
        (r#"{"v":1,"profile":{"visitor":"x","born":-1}}"#, "document.profile.born: expected a whole number ≥ 0"),
        (
            r#"{"v":1,"profile":{"visitor":"x","born":0,"orders":{"recent":{"T1":{"value":"lots"}}}}}"#,
            "document.profile.orders.recent.T1.value: expected a finite number ≥ 0",
        ),
        (
            r#"{"v":1,"profile":{"visitor":"x","born":0,"tally":{"slots":{"w":{"at":1,"c":{"pageViews":-3}}}}}}"#,
            "document.profile.tally.slots.w.c.pageViews: expected a whole number ≥ 0",
        ),
        (
            r#"{"v":1,"profile":{"visitor":"x","born":0,"stage":{"stage":"loyal","since":0}}}"#,
            "document.profile.stage.stage: unknown stage",
        ),
        (
            r#"{"v":1,"profile":{"visitor":"x","born":0,"tally":{"slots":{"w":{"at":1,"c":{"reviews":[0,0,1.5,0,0]}}}}}}"#,
            "document.profile.tally.slots.w.c.reviews[2]: expected a whole number ≥ 0",
        ),
    ] {
        match decode(text) {
            Err(StoreError::Corrupt(reason)) => assert_eq!(reason.to_string(), why, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    assert!(decode(r#"{"v":1,"profile":{"visitor":"x","born":0}}"#).is_ok(), "a minimal document loads");
}

#[test]
fn a_newer_version_is_recognised_even_when_its_shape_changed() {
    assert_eq!(decode(r#"{"v":2,"whatever":{"new":"shape"}}"#), Err(StoreError::Newer(2)));
    assert_eq!(
        StoreError::Newer(2).to_string(),
        "stored profile has format version 2, newer than this crumbtrail reads (1): left untouched, working in memory"
    );
}

proptest! {
    #![proptest_config(fixed_or_soak(256))]

    #[test]
    fn decoding_arbitrary_json_never_panics(text in "\\PC{0,200}") {
        let _ = decode(&text);
    }

    #[test]
    fn decoding_arbitrary_json_shaped_like_a_document_never_panics(
        v in prop_oneof![Just(serde_json::json!(1)), any::<i64>().prop_map(|n| serde_json::json!(n))],
        visitor in "\\PC{0,80}",
        born in any::<i64>(),
        junk in prop::collection::btree_map("[a-zA-Z]{1,10}", any::<i32>(), 0..6),
    ) {
        let doc = serde_json::json!({"v": v, "profile": {"visitor": visitor, "born": born, "tally": {"slots": {"w": {"at": born, "c": junk}}}}});
        let doc: Value = serde_json::from_value(doc).unwrap();
        let _ = store::decode(&doc);
    }
}
