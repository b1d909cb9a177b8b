//! DESIGN §7, known orders: what the shop's own records hold for a signed-in customer, combined
//! with what the device saw, without double counting, across tabs, into stages and predictions.

mod common;

use common::{buy, engine, json, report, runtime, track, T0};
use crumbtrail_core::{Engine, Stage};

const DAY_MS: u64 = 86_400_000;

/// `knownOrders` with `count` orders, the first `first_days` and the last `last_days` before `now`.
fn know(e: &mut Engine, now: u64, count: u64, first_days: u64, last_days: u64, revenue: f64) {
    let facts = format!(
        r#"{{"count":{count},"first":{},"last":{},"revenue":{revenue},"currency":"EUR"}}"#,
        now - first_days * DAY_MS,
        now - last_days * DAY_MS
    );
    e.know_orders(&json(&facts), now, &*runtime()).expect("good facts");
}

fn orders(e: &mut Engine, now: u64) -> (u64, f64, u64) {
    let m = report(e, now).metrics;
    (m.orders, m.revenue, m.order_days)
}

#[test]
fn a_repeat_buyer_on_a_fresh_device_is_retained_and_a_long_gone_one_lapsed() {
    let now = T0 + 400 * DAY_MS;
    let mut e = engine();
    track(&mut e, now, r#"{"event":"page_view"}"#);
    assert_eq!(report(&mut e, now).stage, Stage::Reach);
    know(&mut e, now, 3, 300, 20, 150.0);
    let r = report(&mut e, now);
    assert_eq!(r.stage, Stage::Retention);
    assert_eq!((r.metrics.orders, r.metrics.revenue), (3, 150.0));
    assert!(r.metrics.p_alive.is_some_and(|p| p > 0.0 && p <= 1.0));
    assert!(r.metrics.expected_revenue_365d.is_some_and(|v| v > 0.0));

    let mut gone = engine();
    know(&mut gone, now, 3, 380, 200, 150.0);
    assert_eq!(report(&mut gone, now).stage, Stage::Lapsed);
}

#[test]
fn the_same_facts_again_change_nothing_and_device_orders_up_to_last_are_already_counted() {
    let now = T0 + 100 * DAY_MS;
    let mut e = engine();
    buy(&mut e, now - 30 * DAY_MS, "A"); // on this device, and in the shop's records
    know(&mut e, now, 2, 60, 30, 40.0);
    assert_eq!(orders(&mut e, now), (2, 40.0, 2));
    let stored = e.stored();
    know(&mut e, now, 2, 60, 30, 40.0);
    assert_eq!(e.stored(), stored, "the same facts again");
    buy(&mut e, now - DAY_MS, "B"); // after the last known order: adds
    assert_eq!(orders(&mut e, now), (3, 60.0, 3));
    buy(&mut e, now - DAY_MS, "B"); // the thank-you page reloaded
    assert_eq!(orders(&mut e, now), (3, 60.0, 3));
    // The shop's records catch up with B: nothing counts twice.
    know(&mut e, now, 3, 60, 1, 60.0);
    assert_eq!(orders(&mut e, now), (3, 60.0, 3));
    // Older records than those kept change nothing.
    know(&mut e, now, 2, 60, 30, 40.0);
    assert_eq!(orders(&mut e, now), (3, 60.0, 3));
}

#[test]
fn the_device_may_know_more_than_the_records() {
    // A guest order the shop did not tie to the account: the larger count stands.
    let now = T0 + 100 * DAY_MS;
    let mut e = engine();
    for (i, id) in ["A", "B", "C"].into_iter().enumerate() {
        buy(&mut e, now - (50 - i as u64) * DAY_MS, id);
    }
    know(&mut e, now, 1, 40, 40, 20.0);
    assert_eq!(orders(&mut e, now), (3, 60.0, 3));
}

#[test]
fn bad_facts_are_refused_with_their_path_and_change_nothing() {
    let now = T0 + 100 * DAY_MS;
    let mut e = engine();
    buy(&mut e, now - DAY_MS, "A");
    let before = e.stored();
    for (facts, path) in [
        (r#"{"count":-1}"#, "knownOrders.count"),
        (r#"{"count":2,"first":"2026-02-01","last":"2026-01-01"}"#, "knownOrders.first"),
        (r#"{"count":2,"first":1,"last":2,"currency":"XYZ"}"#, "knownOrders.currency"),
        (r#"{"count":2,"first":1,"last":2,"revenue":"12"}"#, "knownOrders.revenue"),
        (r#"null"#, "knownOrders"),
    ] {
        let err = e.know_orders(&json(facts), now, &*runtime()).unwrap_err();
        assert_eq!(err.path(), path, "{facts}");
    }
    assert_eq!(e.stored(), before);
}

#[test]
fn known_orders_merge_across_tabs_in_any_order() {
    let now = T0 + 100 * DAY_MS;
    let mut a = engine();
    let mut b = engine();
    buy(&mut b, now - 2 * DAY_MS, "B");
    know(&mut a, now, 4, 90, 10, 80.0);
    know(&mut b, now, 3, 90, 30, 60.0); // an older copy of the records
    let mut ab = a.profile().clone();
    ab.merge(b.profile(), now);
    let mut ba = b.profile().clone();
    ba.merge(a.profile(), now);
    assert_eq!(ab, ba);
    let mut twice = ab.clone();
    twice.merge(&ab, now);
    assert_eq!(twice, ab);
    let f = ab.facts().orders;
    assert_eq!((f.count, f.revenue), (5, 100.0), "the newer records, and B bought after them");
}
