//! DESIGN §5: every stage, both sides of every rule's boundary, refunds, duplicates, reasons.

mod common;
use common::*;
use crumbtrail_core::base::read::FieldError;
use crumbtrail_core::store;
use crumbtrail_core::{Stage, StageRules};

fn stage_at(e: &mut crumbtrail_core::Engine, now: u64) -> Stage {
    report(e, now).stage
}

fn view_item(e: &mut crumbtrail_core::Engine, now: u64) {
    track(e, now, r#"{"event":"view_item","items":[{"item_id":"sku","item_category":"Shoes"}]}"#);
}

#[test]
fn a_new_shopper_is_in_reach_until_two_sessions() {
    let mut e = engine();
    track(&mut e, T0, r#"{"event":"page_view"}"#);
    assert_eq!(stage_at(&mut e, T0), Stage::Reach);
    // exactly the timeout later: still the same session
    track(&mut e, T0 + 30 * MINUTE, r#"{"event":"page_view"}"#);
    let r = report(&mut e, T0 + 30 * MINUTE);
    assert_eq!((r.stage, r.metrics.sessions), (Stage::Reach, 1));
    assert_eq!(r.reasons[0].code, "not_engaged");
    // In words (crumbtrail/locale/en): "no order yet; 1 session and 0 item views (engaged from
    // 2 sessions or 3 item views)".
    assert_eq!(r.reasons[0].values, json(r#"{"sessions":1,"itemViews":0,"engagedSessions":2,"engagedItemViews":3}"#));
    // one ms beyond the timeout after the last event: a second session
    track(&mut e, T0 + 60 * MINUTE + 1, r#"{"event":"page_view"}"#);
    let r = report(&mut e, T0 + 60 * MINUTE + 1);
    assert_eq!((r.stage, r.metrics.sessions), (Stage::Acquisition, 2));
    assert_eq!((r.reasons[0].code, &r.reasons[0].values), ("engaged", &json(r#"{"by":"sessions","count":2}"#)));
}

#[test]
fn three_item_views_engage_and_two_do_not() {
    let mut e = engine();
    view_item(&mut e, T0);
    view_item(&mut e, T0 + 1);
    assert_eq!(stage_at(&mut e, T0 + 1), Stage::Reach);
    view_item(&mut e, T0 + 2);
    let r = report(&mut e, T0 + 2);
    assert_eq!((r.stage, r.metrics.item_views), (Stage::Acquisition, 3));
    assert_eq!((r.reasons[0].code, &r.reasons[0].values), ("engaged", &json(r#"{"by":"itemViews","count":3}"#)));
}

#[test]
fn item_views_count_events_not_the_items_inside_them() {
    let mut e = engine();
    track(&mut e, T0, r#"{"event":"view_item","items":[{"item_id":"a"},{"item_id":"b"},{"item_id":"c"}]}"#);
    assert_eq!(report(&mut e, T0).metrics.item_views, 1);
    assert_eq!(stage_at(&mut e, T0), Stage::Reach);
}

#[test]
fn each_engaging_action_alone_engages_and_other_actions_do_not() {
    for (event, engaging) in [
        (r#"{"event":"add_to_cart","items":[{"item_id":"a","price":5}]}"#, true),
        (r#"{"event":"add_to_wishlist","items":[{"item_id":"a"}]}"#, true),
        (r#"{"event":"begin_checkout"}"#, true),
        (r#"{"event":"sign_up"}"#, true),
        (r#"{"event":"generate_lead"}"#, true),
        (r#"{"event":"page_view"}"#, false),
        (r#"{"event":"view_item_list"}"#, false),
        (r#"{"event":"view_cart"}"#, false),
        (r#"{"event":"share"}"#, false),
        (r#"{"event":"referral"}"#, false),
        (r#"{"event":"review","rating":5}"#, false),
    ] {
        let mut e = engine();
        track(&mut e, T0, event);
        let expected = if engaging { Stage::Acquisition } else { Stage::Reach };
        assert_eq!(stage_at(&mut e, T0), expected, "{event}");
    }
}

#[test]
fn one_order_is_development_until_lapse_after_days() {
    let mut e = engine();
    buy(&mut e, T0, "T1");
    let r = report(&mut e, T0 + 9 * DAY);
    assert_eq!(r.stage, Stage::Development);
    assert_eq!(r.reasons[0].code, "first_order");
    assert_eq!(r.reasons[0].values, json(r#"{"orders":1,"daysAgo":9,"lapseAfterDays":120}"#));
    assert_eq!(r.metrics.lapse_threshold_days, Some(120.0));
    assert_eq!(r.metrics.mean_gap_days, None);
    assert_eq!(stage_at(&mut e, T0 + 120 * DAY), Stage::Development, "exactly 120 days: not yet");
    assert_eq!(stage_at(&mut e, T0 + 120 * DAY + 1), Stage::Lapsed, "just past 120 days");
}

#[test]
fn repeat_buyers_lapse_after_three_mean_gaps_but_never_sooner_than_thirty_days() {
    // gap 10 days: 3 × 10 = 30 → max(30, 30) = 30
    let mut e = engine();
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + 10 * DAY, "T2");
    let last = T0 + 10 * DAY;
    let r = report(&mut e, last + 9 * DAY);
    assert_eq!(r.stage, Stage::Retention);
    assert_eq!(r.metrics.mean_gap_days, Some(10.0));
    assert_eq!(r.reasons[0].values, json(r#"{"orders":2,"daysAgo":9,"lapseAfterDays":30}"#));
    assert_eq!(stage_at(&mut e, last + 30 * DAY), Stage::Retention);
    assert_eq!(stage_at(&mut e, last + 30 * DAY + 1), Stage::Lapsed);

    // gap 5 days: 3 × 5 = 15 < 30, so the floor of 30 applies
    let mut e = engine();
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + 5 * DAY, "T2");
    assert_eq!(report(&mut e, T0 + 5 * DAY).metrics.lapse_threshold_days, Some(30.0));
    assert_eq!(stage_at(&mut e, T0 + 35 * DAY), Stage::Retention);
    assert_eq!(stage_at(&mut e, T0 + 35 * DAY + 1), Stage::Lapsed);

    // gap 20 days: 60
    let mut e = engine();
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + 20 * DAY, "T2");
    assert_eq!(report(&mut e, T0 + 20 * DAY).metrics.lapse_threshold_days, Some(60.0));
    assert_eq!(stage_at(&mut e, T0 + 80 * DAY), Stage::Retention);
    assert_eq!(stage_at(&mut e, T0 + 80 * DAY + 1), Stage::Lapsed);
}

#[test]
fn lapse_threshold_is_capped_at_lapse_after_days() {
    let mut e = engine();
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + 50 * DAY, "T2"); // 3 × 50 = 150 > 120
    let last = T0 + 50 * DAY;
    assert_eq!(report(&mut e, last).metrics.lapse_threshold_days, Some(120.0));
    assert_eq!(stage_at(&mut e, last + 120 * DAY), Stage::Retention);
    assert_eq!(stage_at(&mut e, last + 120 * DAY + 1), Stage::Lapsed);
}

#[test]
fn advocacy_needs_two_orders_and_a_referral_share_or_good_review() {
    for (signal, advocate) in [
        (r#"{"event":"referral"}"#, true),
        (r#"{"event":"share"}"#, true),
        (r#"{"event":"review","rating":4}"#, true),
        (r#"{"event":"review","rating":5}"#, true),
        (r#"{"event":"review","rating":3}"#, false),
        (r#"{"event":"page_view"}"#, false),
    ] {
        let mut e = engine();
        buy(&mut e, T0, "T1");
        track(&mut e, T0 + DAY, signal);
        assert_eq!(stage_at(&mut e, T0 + DAY), Stage::Development, "one order is never advocacy ({signal})");
        buy(&mut e, T0 + 2 * DAY, "T2");
        let r = report(&mut e, T0 + 2 * DAY);
        let expected = if advocate { Stage::Advocacy } else { Stage::Retention };
        assert_eq!(r.stage, expected, "{signal}");
        if advocate {
            assert_eq!(r.reasons[1].code, "advocacy_signal");
        }
    }
}

#[test]
fn advocacy_reasons_name_the_signals() {
    let mut e = engine();
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + DAY, "T2");
    track(&mut e, T0 + DAY, r#"{"event":"referral"}"#);
    track(&mut e, T0 + DAY, r#"{"event":"review","rating":5}"#);
    let r = report(&mut e, T0 + DAY);
    assert_eq!(r.reasons[1].values, json(r#"{"referrals":1,"shares":0,"goodReviews":1,"minRating":4}"#));
}

#[test]
fn a_lapsed_advocate_is_lapsed_and_a_new_order_starts_the_cycle_again() {
    let mut e = engine();
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + 10 * DAY, "T2");
    track(&mut e, T0 + 10 * DAY, r#"{"event":"referral"}"#);
    assert_eq!(stage_at(&mut e, T0 + 10 * DAY), Stage::Advocacy);
    let later = T0 + 200 * DAY;
    let r = report(&mut e, later);
    assert_eq!(r.stage, Stage::Lapsed);
    assert_eq!(r.previous, Some(Stage::Advocacy));
    assert_eq!(r.since, later, "the change is observed by stage(), without any event");
    assert_eq!(
        (r.reasons[0].code, &r.reasons[0].values),
        ("lapsed", &json(r#"{"orders":2,"daysAgo":190,"lapseAfterDays":30}"#))
    );
    let (_, change) = e.report(later + DAY);
    assert_eq!(change, None, "no change observed twice");

    // Back in the cycle as a repeat buyer: the referral from before the lapse no longer counts.
    let tab = e.clone();
    buy(&mut e, later + DAY, "T3");
    let r = report(&mut e, later + DAY);
    assert_eq!(r.stage, Stage::Retention);
    assert_eq!(r.previous, Some(Stage::Lapsed));
    assert_eq!(r.reasons.last().unwrap().code, "returned");
    assert_eq!(r.reasons.last().unwrap().values, json("{}"));
    assert!(!r.metrics.advocacy_signal);
    // A new signal makes them an advocate again.
    track(&mut e, later + 2 * DAY, r#"{"event":"share"}"#);
    assert_eq!(stage_at(&mut e, later + 2 * DAY), Stage::Advocacy);
    // A tab that never saw the return learns it by merging, and agrees.
    let mut other = tab;
    other.absorb(e.profile(), later + 2 * DAY);
    assert_eq!(stage_at(&mut other, later + 2 * DAY), Stage::Advocacy);
    assert_eq!(other.profile().returned_at, Some(later + DAY));
}

#[test]
fn a_lapsed_repeat_buyer_returns_to_retention_with_a_new_order() {
    let mut e = engine();
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + 10 * DAY, "T2");
    assert_eq!(stage_at(&mut e, T0 + 100 * DAY), Stage::Lapsed);
    buy(&mut e, T0 + 100 * DAY, "T3");
    assert_eq!(stage_at(&mut e, T0 + 100 * DAY), Stage::Retention);
}

#[test]
fn duplicate_transaction_ids_count_once_and_purchases_without_id_count_each() {
    let mut e = engine();
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + MINUTE, "T1"); // the thank-you page reloaded
    let r = report(&mut e, T0 + MINUTE);
    assert_eq!((r.metrics.orders, r.metrics.revenue), (1, 20.0));
    assert_eq!(r.stage, Stage::Development);
    track(&mut e, T0 + 2 * MINUTE, r#"{"event":"purchase","value":5}"#);
    track(&mut e, T0 + 3 * MINUTE, r#"{"event":"purchase","value":5}"#);
    let r = report(&mut e, T0 + 3 * MINUTE);
    assert_eq!((r.metrics.orders, r.metrics.revenue), (3, 30.0));
}

#[test]
fn refunds_subtract_orders_and_their_revenue() {
    let mut e = engine();
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + DAY, "T2");
    assert_eq!(stage_at(&mut e, T0 + DAY), Stage::Retention);
    let t = e.track(&json(r#"{"event":"refund","transaction_id":"T2"}"#), T0 + 2 * DAY).unwrap();
    assert!(t.notices.is_empty());
    let r = report(&mut e, T0 + 2 * DAY);
    assert_eq!((r.metrics.orders, r.metrics.revenue, r.metrics.refunds), (1, 20.0, 1));
    assert_eq!(r.stage, Stage::Development);
    assert_eq!(r.metrics.last_order_at, Some(T0), "the refunded order no longer counts as the last");
    // refunding everything leaves a shopper with no order
    track(&mut e, T0 + 3 * DAY, r#"{"event":"refund","transaction_id":"T1"}"#);
    assert_eq!(stage_at(&mut e, T0 + 3 * DAY), Stage::Acquisition);
}

#[test]
fn a_refund_of_an_unknown_order_is_reported_and_counts_when_the_purchase_arrives() {
    let mut e = engine();
    let t = e.track(&json(r#"{"event":"refund","transaction_id":"T7"}"#), T0).unwrap();
    assert_eq!(
        t.notices.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
        ["refund of T7, an order not among the recent ones: orders unchanged until that purchase is seen"]
    );
    buy(&mut e, T0 + 1, "T7");
    assert_eq!(report(&mut e, T0 + 1).metrics.orders, 0);
}

#[test]
fn revenue_stays_in_the_first_currency_and_other_currencies_are_reported() {
    let mut e = engine();
    buy(&mut e, T0, "T1");
    let t =
        e.track(&json(r#"{"event":"purchase","transaction_id":"T2","value":99,"currency":"USD"}"#), T0 + 1).unwrap();
    assert_eq!(
        t.notices[0].to_string(),
        "purchase in USD counted as an order but not added to revenue, which is kept in EUR"
    );
    let m = report(&mut e, T0 + 1).metrics;
    assert_eq!((m.orders, m.revenue, m.currency.as_deref(), m.other_currency_orders), (2, 20.0, Some("EUR"), 1));
}

#[test]
fn purchase_value_falls_back_to_the_items() {
    let mut e = engine();
    track(
        &mut e,
        T0,
        r#"{"event":"purchase","transaction_id":"T1","items":[{"item_id":"a","price":2.5,"quantity":4},{"item_id":"b","price":1}]}"#,
    );
    assert_eq!(report(&mut e, T0).metrics.revenue, 11.0);
}

#[test]
fn the_open_cart_is_what_was_added_since_the_last_order() {
    let mut e = engine();
    track(
        &mut e,
        T0,
        r#"{"event":"add_to_cart","items":[{"item_id":"a","price":10,"quantity":2},{"item_id":"b","price":5}]}"#,
    );
    track(&mut e, T0 + 1, r#"{"event":"remove_from_cart","items":[{"item_id":"a"}]}"#);
    let f = e.profile().facts();
    assert_eq!((f.cart_items, f.cart_value), (2, 15.0));
    buy(&mut e, T0 + 2, "T1");
    let f = e.profile().facts();
    assert_eq!((f.cart_items, f.cart_value), (0, 0.0));
    track(&mut e, T0 + 3, r#"{"event":"add_to_cart","items":[{"item_id":"a","price":10}]}"#);
    assert_eq!(e.profile().facts().cart_items, 1, "a new add starts from zero, not from before the order");
}

#[test]
fn categories_rank_by_views_and_purchases_by_recency() {
    let mut e = engine();
    for (i, cat) in ["Hats", "Shoes", "Shoes", "Socks", "Shoes", "Hats"].iter().enumerate() {
        track(
            &mut e,
            T0 + i as u64,
            &format!(r#"{{"event":"view_item","items":[{{"item_id":"i{i}","item_category":"{cat}"}}]}}"#),
        );
    }
    track(
        &mut e,
        T0 + 10,
        r#"{"event":"purchase","transaction_id":"T1","items":[{"item_id":"x","item_category":"Socks"}]}"#,
    );
    track(
        &mut e,
        T0 + 11,
        r#"{"event":"purchase","transaction_id":"T2","items":[{"item_id":"y","item_category":"Hats"}]}"#,
    );
    let f = e.profile().facts();
    assert_eq!(f.categories, ["Shoes", "Hats", "Socks"]);
    assert_eq!(f.purchased_categories, ["Hats", "Socks"]);
    assert_eq!(f.recent_items[0], "i5");
    assert_eq!(report(&mut e, T0 + 11).metrics.top_categories, ["Shoes", "Hats", "Socks"]);
}

#[test]
fn stage_changes_are_reported_once_with_the_previous_stage() {
    let mut e = engine();
    let first = e.track(&json(r#"{"event":"page_view"}"#), T0).unwrap();
    assert_eq!(first.change.unwrap().previous, None);
    let none = e.track(&json(r#"{"event":"page_view"}"#), T0 + 1).unwrap();
    assert_eq!(none.change, None);
    let engaged = e.track(&json(r#"{"event":"sign_up"}"#), T0 + 2).unwrap();
    assert_eq!(engaged.change.unwrap().previous, Some(Stage::Reach));
    let r = report(&mut e, T0 + 5);
    assert_eq!((r.stage, r.previous, r.since), (Stage::Acquisition, Some(Stage::Reach), T0 + 2));
}

#[test]
fn every_threshold_is_a_rule() {
    let rules = StageRules::from_value(
        &json(
            r#"{"sessionTimeoutMinutes":5,"engagedSessions":3,"engagedItemViews":1,"advocacyMinRating":5,
                  "advocacyMinOrders":3,"lapseAfterDays":10,"lapseMinDays":2,"lapseGapFactor":1,"retentionDays":30}"#,
        ),
        "rules",
    )
    .unwrap();
    let mut e = engine_with(rules.clone());
    view_item(&mut e, T0);
    assert_eq!(stage_at(&mut e, T0), Stage::Acquisition, "engagedItemViews 1");
    let mut e = engine_with(rules.clone());
    for i in 0..3 {
        track(&mut e, T0 + i * 6 * MINUTE, r#"{"event":"page_view"}"#);
    }
    assert_eq!(report(&mut e, T0).metrics.sessions, 3, "sessionTimeoutMinutes 5");
    let mut e = engine_with(rules.clone());
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + DAY, "T2");
    track(&mut e, T0 + DAY, r#"{"event":"review","rating":4}"#);
    assert_eq!(stage_at(&mut e, T0 + DAY), Stage::Retention, "rating 4 < advocacyMinRating 5");
    track(&mut e, T0 + DAY, r#"{"event":"referral"}"#);
    assert_eq!(stage_at(&mut e, T0 + DAY), Stage::Retention, "2 orders < advocacyMinOrders 3");
    buy(&mut e, T0 + 2 * DAY, "T3");
    assert_eq!(stage_at(&mut e, T0 + 2 * DAY), Stage::Advocacy);
    // mean gap 1 day × factor 1 = 1, floor lapseMinDays 2
    assert_eq!(stage_at(&mut e, T0 + 4 * DAY), Stage::Advocacy);
    assert_eq!(stage_at(&mut e, T0 + 4 * DAY + 1), Stage::Lapsed);
    let mut e = engine_with(rules.clone());
    buy(&mut e, T0, "T1");
    assert_eq!(stage_at(&mut e, T0 + 10 * DAY + 1), Stage::Lapsed, "lapseAfterDays 10");
    assert!(!store::is_expired(e.profile(), &rules, T0 + 30 * DAY));
    assert!(store::is_expired(e.profile(), &rules, T0 + 30 * DAY + 1), "retentionDays 30");
}

#[test]
fn profiles_idle_longer_than_retention_days_expire() {
    let mut e = engine();
    track(&mut e, T0, r#"{"event":"page_view"}"#);
    assert!(!store::is_expired(e.profile(), &StageRules::default(), T0 + 395 * DAY));
    assert!(store::is_expired(e.profile(), &StageRules::default(), T0 + 395 * DAY + 1));
}

#[test]
fn bad_rules_are_errors_that_name_the_rule() {
    let err = |text: &str| StageRules::from_value(&json(text), "rules").unwrap_err();
    assert_eq!(
        err(r#"{"lapseAfterDays":"soon"}"#),
        FieldError::new("rules.lapseAfterDays", "expected a positive number, got a string")
    );
    assert_eq!(
        err(r#"{"engagedSessions":1.5}"#).to_string(),
        "rules.engagedSessions: expected a whole number ≥ 1, got a number out of range"
    );
    assert_eq!(
        err(r#"{"advocacyMinRating":6}"#).to_string(),
        "rules.advocacyMinRating: expected a whole number from 1 to 5, got 6"
    );
    assert_eq!(err(r#"{"lapseMinDays":-1}"#).to_string(), "rules.lapseMinDays: expected a number ≥ 0, got -1");
    assert!(err(r#"{"lapseAfterDay":3}"#)
        .to_string()
        .starts_with("rules.lapseAfterDay: unknown option (expected one of: sessionTimeoutMinutes,"));
    assert_eq!(err("[]").to_string(), "rules: expected an object, got an array");
}

#[test]
fn every_reason_code_given_is_one_of_the_listed_codes() {
    use crumbtrail_core::stage::REASON_CODES;
    let mut seen = std::collections::BTreeSet::new();
    let mut e = engine();
    let mut note = |r: crumbtrail_core::stage::StageReport| seen.extend(r.reasons.iter().map(|r| r.code));
    note(report(&mut e, T0));
    track(&mut e, T0, r#"{"event":"sign_up"}"#);
    note(report(&mut e, T0));
    buy(&mut e, T0, "T1");
    note(report(&mut e, T0));
    buy(&mut e, T0 + DAY, "T2");
    track(&mut e, T0 + DAY, r#"{"event":"share"}"#);
    note(report(&mut e, T0 + DAY));
    note(report(&mut e, T0 + 200 * DAY));
    buy(&mut e, T0 + 201 * DAY, "T3");
    note(report(&mut e, T0 + 201 * DAY));
    assert_eq!(seen, REASON_CODES.into_iter().collect(), "every code occurs, and no other");
}
