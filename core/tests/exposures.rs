//! Exposures: which messages are reported to the shop's analytics, with which arm, once
//! per instance, only with consent granted, with nothing beyond the message's id, name and slot,
//! the stage, the expected revenue and the arm — and a `dataLayer` carrying them gives `listen` nothing to track.

mod common;
use common::{json, runtime, T0};
use crumbtrail_core::decide::Catalogue;
use crumbtrail_core::exposure::{Action, Arm, Exposure};
use crumbtrail_core::{profile::messages::Interaction, Consent, Engine, Options, Priors, Stage, StageRules, Value};

const GRANTED: Consent = Consent::Granted;

/// "test" holds half the shoppers out; "base" is the fallback; "solo" holds everyone out.
const MESSAGES: &str = r#"[
  {"id":"test","name":"Spring sale","slot":"hero","priority":1,"holdout":0.5,"content":{"title":"Spring"}},
  {"id":"base","slot":"hero","content":{"title":"Welcome"}},
  {"id":"solo","slot":"side","holdout":1,"content":{"title":"Never"}}
]"#;

fn engine(seed: u64) -> Engine {
    let catalogue = Catalogue::from_options(&json(MESSAGES), &Value::Null, &runtime()).expect("catalogue");
    Engine::new(StageRules::default(), Priors::default(), seed, T0).with_catalogue(catalogue)
}

/// A shopper in the given arm of "test".
fn shopper(held_out: bool) -> Engine {
    (0..200)
        .map(engine)
        .find(|e| {
            let mut e = e.clone();
            let d = e.decide("hero", Value::Null, "en", T0).0.expect("a decision");
            (d.id == "base") == held_out
        })
        .expect("both arms occur in 200 seeds")
}

fn decide(e: &mut Engine, slot: &str, consent: Consent) -> (Option<String>, Vec<Exposure>) {
    let (d, _, exposures) = e.decide_reporting(slot, Value::Null, "en", T0, consent);
    (d.map(|d| d.id), exposures)
}

fn seen(e: &mut Engine, id: &str, what: Interaction, consent: Consent) -> Option<Exposure> {
    e.interact_reporting(id, what, T0, consent).expect("a known message")
}

#[test]
fn a_shown_message_is_a_view_promotion_with_arm_shown_when_seen_once_per_instance() {
    let mut e = shopper(false);
    let (shown, exposures) = decide(&mut e, "hero", GRANTED);
    assert_eq!(shown.as_deref(), Some("test"));
    assert_eq!(exposures, vec![], "deciding alone shows nothing");
    let exposure = seen(&mut e, "test", Interaction::Seen, GRANTED).expect("reported");
    assert_eq!(
        exposure,
        Exposure {
            action: Action::View,
            id: "test".into(),
            name: "Spring sale".into(),
            slot: "hero".into(),
            stage: Stage::Reach,
            expected_revenue: 0,
            arm: Arm::Shown
        }
    );
    assert_eq!(seen(&mut e, "test", Interaction::Seen, GRANTED), None, "once per instance");
    assert_eq!(decide(&mut e, "hero", GRANTED).1, vec![]);
    // A new instance (the next page view) reports it again.
    let mut next = shopper(false);
    assert!(seen(&mut next, "test", Interaction::Seen, GRANTED).is_some());
}

#[test]
fn a_click_is_a_select_promotion_once_and_a_dismissal_is_not_an_exposure() {
    let mut e = shopper(false);
    let click = seen(&mut e, "test", Interaction::Clicked, GRANTED).expect("reported");
    assert_eq!((click.action, click.arm), (Action::Select, Arm::Shown));
    assert_eq!(click.to_value().get("event").and_then(Value::as_str), Some("select_promotion"));
    assert_eq!(seen(&mut e, "test", Interaction::Clicked, GRANTED), None);
    assert_eq!(seen(&mut e, "base", Interaction::Dismissed, GRANTED), None);
    // The click did not use up the view.
    assert!(seen(&mut e, "test", Interaction::Seen, GRANTED).is_some());
}

#[test]
fn a_held_out_shopper_is_reported_with_arm_held_out_when_the_slot_is_decided() {
    let mut e = shopper(true);
    let (shown, exposures) = decide(&mut e, "hero", GRANTED);
    assert_eq!(shown.as_deref(), Some("base"));
    assert_eq!(exposures.len(), 1);
    let held = &exposures[0];
    assert_eq!(
        (held.action, held.arm, held.id.as_str(), held.slot.as_str()),
        (Action::View, Arm::HeldOut, "test", "hero")
    );
    assert_eq!(decide(&mut e, "hero", GRANTED).1, vec![], "once per instance");
    // The fallback shown is reported as shown, separately.
    assert_eq!(seen(&mut e, "base", Interaction::Seen, GRANTED).map(|x| x.arm), Some(Arm::Shown));
}

#[test]
fn a_holdout_that_leaves_the_slot_empty_is_still_reported() {
    let mut e = engine(1);
    let (shown, exposures) = decide(&mut e, "side", GRANTED);
    assert_eq!(shown, None);
    assert_eq!(exposures.iter().map(|x| (x.id.as_str(), x.arm)).collect::<Vec<_>>(), vec![("solo", Arm::HeldOut)]);
}

#[test]
fn nothing_is_reported_without_consent_and_what_was_not_reported_comes_once_granted() {
    for consent in [Consent::Pending, Consent::Denied] {
        let mut e = shopper(true);
        assert_eq!(decide(&mut e, "hero", consent).1, vec![]);
        assert_eq!(decide(&mut e, "side", consent).1, vec![]);
        assert_eq!(seen(&mut e, "base", Interaction::Seen, consent), None);
        assert_eq!(seen(&mut e, "base", Interaction::Clicked, consent), None);
        assert_eq!(decide(&mut e, "hero", GRANTED).1.len(), 1, "{consent:?} then granted");
        assert!(seen(&mut e, "base", Interaction::Seen, GRANTED).is_some());
        assert!(seen(&mut e, "base", Interaction::Clicked, GRANTED).is_some());
    }
}

#[test]
fn an_exposure_carries_exactly_the_listed_fields() {
    let mut e = shopper(true);
    let held = decide(&mut e, "hero", GRANTED).1.remove(0);
    assert_eq!(
        held.to_value(),
        json(
            r#"{"event":"view_promotion","promotion_id":"test","promotion_name":"Spring sale","creative_slot":"hero",
                "crumbtrail_stage":"reach","crumbtrail_expected_revenue":0,"crumbtrail_arm":"held_out"}"#
        )
    );
    assert_eq!(
        held.to_data_layer(),
        json(
            r#"{"event":"view_promotion","ecommerce":{"promotion_id":"test","promotion_name":"Spring sale","creative_slot":"hero"},
                "crumbtrail_stage":"reach","crumbtrail_expected_revenue":0,"crumbtrail_arm":"held_out"}"#
        )
    );
    // Without a name, the id names it.
    let base = seen(&mut e, "base", Interaction::Seen, GRANTED).expect("reported");
    assert_eq!(base.to_value().get("promotion_name").and_then(Value::as_str), Some("base"));
}

#[test]
fn the_stage_is_the_shoppers_stage_at_the_time() {
    let mut e = shopper(false);
    common::buy(&mut e, T0, "T1");
    let exposure = seen(&mut e, "test", Interaction::Seen, GRANTED).expect("reported");
    assert_eq!(exposure.stage, Stage::Development, "a first order");
    assert_eq!(exposure.stage, e.report(T0).0.stage);
}

#[test]
fn the_expected_revenue_is_the_reports_365_day_prediction_rounded_and_0_before_an_order() {
    let mut e = shopper(true);
    let held = decide(&mut e, "hero", GRANTED).1.remove(0);
    assert_eq!(held.expected_revenue, 0, "no order yet");
    // After orders, the prediction of the stage report at the moment of exposure, rounded.
    for (day, id) in [(0, "T1"), (20, "T2"), (45, "T3")] {
        common::buy(&mut e, T0 + day * 86_400_000, id);
    }
    let now = T0 + 60 * 86_400_000;
    let predicted = e.report(now).0.metrics.expected_revenue_365d.expect("a prediction after orders");
    assert!(predicted > 1.0, "{predicted}");
    let view = e.interact_reporting("base", Interaction::Seen, now, GRANTED).expect("known").expect("reported");
    assert_eq!(view.expected_revenue, predicted.round() as u64);
    assert_eq!(view.to_value().get("crumbtrail_expected_revenue").and_then(Value::as_f64), Some(predicted.round()));
    assert_eq!(
        view.to_data_layer().get("crumbtrail_expected_revenue"),
        view.to_value().get("crumbtrail_expected_revenue")
    );
}

#[test]
fn the_options_are_validated_with_errors_naming_the_field() {
    let options = |text: &str| Options::from_value(&json(text), &runtime());
    assert!(options(r#"{"exposuresToDataLayer":true}"#).expect("valid").exposures_to_data_layer);
    assert!(!options("{}").expect("valid").exposures_to_data_layer);
    let e = options(r#"{"exposuresToDataLayer":"yes"}"#).expect_err("an error");
    assert_eq!(e.to_string(), "exposuresToDataLayer: expected a boolean, got a string");
    let e = options(r#"{"messages":[{"id":"a","slot":"s","name":7,"content":{}}]}"#).expect_err("an error");
    assert_eq!(e.to_string(), "messages[0].name: expected a string, got a number");
    let e = options(r#"{"messages":[{"id":"a","slot":"s","name":"","content":{}}]}"#).expect_err("an error");
    assert_eq!(e.path(), "messages[0].name");
}

#[test]
fn exposed_reports_a_view_without_counting_an_impression() {
    let mut e = shopper(false);
    let before = e.profile().messages.clone();
    let view = e.exposed("test", T0, GRANTED).expect("a known message").expect("reported");
    assert_eq!((view.action, view.arm), (Action::View, Arm::Shown));
    assert_eq!(e.profile().messages, before, "no impression recorded");
    assert_eq!(e.exposed("test", T0, GRANTED).expect("known"), None, "once per instance");
    assert_eq!(seen(&mut e, "test", Interaction::Seen, GRANTED), None, "seen after exposed: already reported");
    assert_ne!(e.profile().messages, before, "but seen counts the impression");
    assert_eq!(e.exposed("base", T0, Consent::Pending).expect("known"), None);
    assert!(e.exposed("nope", T0, GRANTED).is_err());
}
