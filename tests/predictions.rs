//! DESIGN §6: BG/NBD against an independent reference (scripts/bgnbd-reference.py, mpmath at 50
//! digits). Relative error ≤ 1e-9 required.

// The reference values keep all 17 digits mpmath printed: they are the reference.
#![allow(clippy::excessive_precision)]

mod common;
use common::*;
use crumbtrail::config::ConfigError;
use crumbtrail::predict::{Priors, SpendPriors};

const CDNOW: Priors = Priors { r: 0.243, alpha: 4.414 * 7.0, a: 0.793, b: 2.426, spend: SpendPriors::CDNOW };
const OTHER: Priors = Priors { r: 1.2, alpha: 10.0, a: 2.5, b: 4.0, spend: SpendPriors::CDNOW };

/// (priors, x, t_x, T, t, P(alive), E[orders in t days]) — pasted from the reference script.
const REFERENCE: [(Priors, f64, f64, f64, f64, f64, f64); 16] = [
    (CDNOW, 0.0, 0.0, 0.0, 90.0, 1.0, 0.5297692457081344),
    (CDNOW, 0.0, 0.0, 30.0, 90.0, 1.0, 0.3018244460989287),
    (CDNOW, 0.0, 0.0, 365.0, 90.0, 1.0, 0.053445384769787249),
    (CDNOW, 1.0, 10.0, 20.0, 90.0, 0.69978599156936956, 1.1762948731967668),
    (CDNOW, 1.0, 10.0, 200.0, 90.0, 0.26243970440526113, 0.11798496098656914),
    (CDNOW, 2.0, 30.0, 40.0, 90.0, 0.75441425907105626, 1.692492319808297),
    (CDNOW, 5.0, 100.0, 120.0, 90.0, 0.79360672823443482, 2.1300173825069011),
    (CDNOW, 5.0, 100.0, 400.0, 90.0, 0.015451093295919281, 0.01594940869081583),
    (CDNOW, 10.0, 300.0, 310.0, 90.0, 0.91395077751610967, 2.2773082007172952),
    (CDNOW, 20.0, 200.0, 700.0, 90.0, 2.0013809928541476e-9, 4.7798578097923416e-9),
    (CDNOW, 50.0, 365.0, 400.0, 90.0, 0.47894999957091328, 4.6676662338808745),
    (CDNOW, 200.0, 1000.0, 1010.0, 90.0, 0.97351413899958799, 16.310614823887138),
    (CDNOW, 3.0, 0.5, 0.75, 90.0, 0.84471128702075854, 4.9004576019003897),
    (OTHER, 0.0, 0.0, 12.0, 90.0, 1.0, 1.941649223440078),
    (OTHER, 4.0, 60.0, 90.0, 90.0, 0.30468420194612948, 0.85376219962213569),
    (OTHER, 4.0, 60.0, 90.0, 365.0, 0.30468420194612948, 1.5293287169608514),
];

fn relative_error(got: f64, want: f64) -> f64 {
    ((got - want) / want).abs()
}

#[test]
fn p_alive_and_expected_orders_match_the_mpmath_reference_to_1e_9() {
    let mut worst: f64 = 0.0;
    for (priors, x, t_x, big_t, t, p_alive, expected) in REFERENCE {
        let p = priors.p_alive(x, t_x, big_t);
        let e = priors.expected_orders(x, t_x, big_t, t).expect("converges");
        let (ep, ee) = (relative_error(p, p_alive), relative_error(e, expected));
        assert!(ep <= 1e-9, "P(alive) x={x} t_x={t_x} T={big_t}: {p} vs {p_alive} ({ep:e})");
        assert!(ee <= 1e-9, "E[{t}] x={x} t_x={t_x} T={big_t}: {e} vs {expected} ({ee:e})");
        worst = worst.max(ep).max(ee);
    }
    println!("worst relative error against mpmath: {worst:e}");
}

#[test]
fn default_priors_are_the_published_cdnow_fit_in_days() {
    let p = Priors::default();
    assert_eq!((p.r, p.a, p.b), (0.243, 0.793, 2.426));
    assert!((p.alpha - 30.898).abs() < 1e-12);
}

#[test]
fn the_report_carries_predictions_from_order_days() {
    let mut e = engine();
    // two orders on the same UTC day are one order day: x = 0, P(alive) = 1
    buy(&mut e, T0, "T1");
    buy(&mut e, T0 + MINUTE, "T2");
    let m = report(&mut e, T0 + 20 * DAY).metrics;
    assert_eq!((m.orders, m.order_days, m.p_alive), (2, 1, Some(1.0)));
    // a second day: x = 1, t_x = 10, T = 20 — the reference's fourth case, from a profile
    let mut e = engine();
    let start = T0 - T0 % DAY; // midnight UTC, so that t_x is exactly 10 days
    buy(&mut e, start, "T1");
    buy(&mut e, start + 10 * DAY, "T2");
    let m = report(&mut e, start + 20 * DAY).metrics;
    assert!(relative_error(m.p_alive.unwrap(), 0.69978599156936956) <= 1e-9);
    assert!(relative_error(m.expected_orders_90d.unwrap(), 1.1762948731967668) <= 1e-9);
}

#[test]
fn shoppers_without_orders_have_no_predictions() {
    let mut e = engine();
    track(&mut e, T0, r#"{"event":"page_view"}"#);
    let m = report(&mut e, T0).metrics;
    assert_eq!((m.p_alive, m.expected_orders_90d), (None, None));
}

#[test]
fn priors_option_is_validated_and_named() {
    let p = Priors::from_value(&json(r#"{"r":1.2,"alpha":10,"a":2.5,"b":4}"#), "priors").unwrap();
    assert_eq!(p, OTHER);
    assert_eq!(
        Priors::from_value(&json(r#"{"alpha":0}"#), "priors").unwrap_err(),
        ConfigError::new("priors.alpha", "expected a positive number, got 0")
    );
    assert_eq!(
        Priors::from_value(&json(r#"{"a":1}"#), "priors").unwrap_err().to_string(),
        "priors.a: must not be 1: the expected-orders formula divides by a − 1"
    );
    assert!(Priors::from_value(&json(r#"{"beta":1}"#), "priors")
        .unwrap_err()
        .to_string()
        .starts_with("priors.beta: unknown option"));
}
