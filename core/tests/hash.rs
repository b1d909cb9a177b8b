//! GrowthBook's hash v1/v2, against every `hash` case of tests/data/growthbook (spec 0.8.0).

mod common;

use crumbtrail_core::base::hash::hash;
use crumbtrail_core::Value;

fn cases() -> Vec<Value> {
    match common::growthbook_cases().get("hash") {
        Some(Value::Array(cases)) => cases.clone(),
        _ => panic!("no hash cases"),
    }
}

#[test]
fn every_conformance_hash_case_matches() {
    let cases = cases();
    assert!(cases.len() >= 15);
    for case in &cases {
        let Value::Array(parts) = case else { panic!("bad case {case:?}") };
        let (seed, value) = (parts[0].as_str().unwrap(), parts[1].as_str().unwrap());
        let version = parts[2].as_f64().unwrap() as u32;
        let expected = parts[3].as_f64(); // null for an unknown version
        assert_eq!(hash(seed, value, version), expected, "hash({seed:?}, {value:?}, {version})");
    }
    println!("{} hash cases pass", cases.len());
}
