//! DESIGN §6: BG/NBD against an independent reference (scripts/bgnbd-reference.py, mpmath at 50
//! digits). Relative error ≤ 1e-9 required.

// The reference values keep all 17 digits mpmath printed: they are the reference.
#![allow(clippy::excessive_precision)]

mod common;
use common::*;
use crumbtrail_core::base::read::FieldError;
use crumbtrail_core::{Engine, Priors, SpendPriors, StageRules};

const CDNOW: Priors = Priors { r: 0.243, alpha: 4.414 * 7.0, a: 0.793, b: 2.426, spend: SpendPriors::CDNOW };
const DAY_MS: u64 = 86_400_000;
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
        FieldError::new("priors.alpha", "expected a positive number, got 0")
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

#[test]
fn expected_order_value_weighs_the_shoppers_own_spend_by_their_repeat_order_days() {
    // Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV"): E[M | x, m̄] = p(γ + x·m̄)/(px + q − 1).
    let start = T0 - T0 % DAY;
    let mut e = engine();
    buy(&mut e, start, "T1"); // 20 EUR
    let m = report(&mut e, start + 5 * DAY).metrics;
    // One order day (x = 0): the population's mean, pγ/(q − 1) = 6.25 · 15.44 / 2.74.
    assert!(relative_error(m.expected_order_value.unwrap(), 35.21897810218978) < 1e-12);
    // Three order days, 120 EUR: 40 a day, x = 2: 6.25 · (15.44 + 80) / (12.5 + 2.74).
    buy(&mut e, start + DAY, "T2");
    track(&mut e, start + 2 * DAY, r#"{"event":"purchase","transaction_id":"T3","value":80,"currency":"EUR"}"#);
    let m = report(&mut e, start + 5 * DAY).metrics;
    let value = m.expected_order_value.unwrap();
    assert!(relative_error(value, 39.14041994750656) < 1e-12, "{value}");
    // Revenue is expected orders × expected value, over 90 and 365 days.
    let (orders_90d, revenue_90d) = (m.expected_orders_90d.unwrap(), m.expected_revenue_90d.unwrap());
    assert!(relative_error(revenue_90d, orders_90d * value) < 1e-15);
    let orders_365d = Priors::default().expected_orders(2.0, 2.0, 5.0, 365.0).unwrap();
    assert!(relative_error(m.expected_revenue_365d.unwrap(), orders_365d * value) < 1e-15);
    assert!(m.expected_revenue_365d.unwrap() > revenue_90d);
}

#[test]
fn shoppers_without_orders_have_no_spend_predictions() {
    let mut e = engine();
    track(&mut e, T0, r#"{"event":"page_view"}"#);
    let m = report(&mut e, T0).metrics;
    assert_eq!((m.expected_order_value, m.expected_revenue_90d, m.expected_revenue_365d), (None, None, None));
}

#[test]
fn spend_priors_option_is_validated_and_named() {
    assert_eq!(SpendPriors::default(), SpendPriors { p: 6.25, q: 3.74, gamma: 15.44 });
    let s = SpendPriors::from_value(&json(r#"{"p":2,"q":5,"gamma":40}"#), "spendPriors").unwrap();
    assert_eq!(s, SpendPriors { p: 2.0, q: 5.0, gamma: 40.0 });
    assert_eq!(s.expected_order_value(0.0, 0.0), 2.0 * 40.0 / 4.0);
    assert_eq!(
        SpendPriors::from_value(&json(r#"{"q":1}"#), "spendPriors").unwrap_err().to_string(),
        "spendPriors.q: expected a number above 1, got 1"
    );
    assert_eq!(
        SpendPriors::from_value(&json(r#"{"gamma":-3}"#), "spendPriors").unwrap_err(),
        FieldError::new("spendPriors.gamma", "expected a positive number, got -3")
    );
    assert!(SpendPriors::from_value(&json(r#"{"v":1}"#), "spendPriors")
        .unwrap_err()
        .to_string()
        .starts_with("spendPriors.v: unknown option"));
}

#[test]
fn the_fallbacks_metrics_are_the_reports_names_in_order() {
    // package/fallback.js answers `stage()` without the wasm: its METRICS mirror METRIC_NAMES.
    let js = std::fs::read_to_string(format!("{}/../package/fallback.js", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let start = js.find("const METRICS = {").unwrap();
    let body = &js[start..start + js[start..].find("};").unwrap()];
    let key = regex::Regex::new(r"([A-Za-z0-9]+):").unwrap();
    let names: Vec<&str> = key.captures_iter(body).map(|c| c.get(1).unwrap().as_str()).collect();
    assert_eq!(names, crumbtrail_core::stage::METRIC_NAMES);
}

/// The device counts order days on the shopper's calendar, as a shop's export dates its orders:
/// the CDNOW log replayed as one shopper's purchases each, at local times (a fixed-seed minute of
/// the day for each order, at any hour), in Amsterdam in winter and in summer and in New York.
/// Each engine counts the order days the log wrote; counting UTC days instead is measured for
/// docs/guide/calibration.md ("The day is the shop's"): only x (order days − 1) differs, t_x and
/// T come from the instants.
#[test]
fn order_days_are_the_shoppers_calendar_days_and_what_utc_days_would_change() {
    let log =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/cdnow_sample_transactions.csv"))
            .unwrap();
    let mut by_customer: std::collections::BTreeMap<&str, Vec<u64>> = Default::default();
    let mut seed = 2026u64;
    for line in log.lines().skip(1) {
        let mut f = line.split(',');
        let (customer, date) = (f.next().unwrap(), f.next().unwrap());
        let day = crumbtrail_core::base::time::parse_iso8601(date).unwrap();
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        by_customer.entry(customer).or_default().push(day + (seed >> 33) % DAY_MS);
    }
    let end = crumbtrail_core::base::time::parse_iso8601("1997-09-30").unwrap() + DAY_MS;
    for (place, minutes) in [("Amsterdam, winter", 60i32), ("Amsterdam, summer", 120), ("New York", -300)] {
        let offset = i64::from(minutes) * 60_000;
        let (mut moved, mut worst, mut total_shift) = (0usize, 0f64, 0f64);
        for (n, local_times) in by_customer.values().enumerate() {
            // The instants: the local wall-clock time less the offset.
            let utc: Vec<u64> = local_times.iter().map(|&t| t.saturating_add_signed(-offset)).collect();
            let days = |shift: i64| {
                let mut d: Vec<u64> = utc.iter().map(|&t| t.saturating_add_signed(shift) / DAY_MS).collect();
                d.sort_unstable();
                d.dedup();
                d.len() as u64
            };
            let mut e = Engine::new(StageRules::default(), CDNOW, 7, utc[0]).with_utc_offset(minutes);
            for (i, &at) in utc.iter().enumerate() {
                let event = format!(r#"{{"event":"purchase","transaction_id":"T{n}-{i}","value":10,"ts":{at}}}"#);
                e.track(&json(&event), at).unwrap();
            }
            assert_eq!(report(&mut e, end).metrics.order_days, days(offset), "{place}: the days the log wrote");

            let (x_local, x_utc) = (days(offset) as f64 - 1.0, days(0) as f64 - 1.0);
            let (first, last) = (utc[0], *utc.iter().max().unwrap());
            let t_x = (last - first) as f64 / DAY_MS as f64;
            let big_t = (end - first) as f64 / DAY_MS as f64;
            let shift = (CDNOW.p_alive(x_utc, t_x, big_t) - CDNOW.p_alive(x_local, t_x, big_t)).abs();
            moved += usize::from(x_local != x_utc);
            worst = worst.max(shift);
            total_shift += shift;
        }
        let n = by_customer.len();
        println!(
            "{place}: in UTC days, {moved} of {n} shoppers ({:.2} %) would count another number of order days; P(alive) would move by {:.4} on average, {:.3} at most",
            100.0 * moved as f64 / n as f64,
            total_shift / n as f64,
            worst
        );
        assert!(moved > 0, "{place}: the replay must tell the two rules apart");
    }
}
