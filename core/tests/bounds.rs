//! DESIGN §7: the stored document stays ≤ 8 KB however long the trail, whatever its mix of events
//! and string lengths: what the tabs write is measured, as the session writes it.

mod common;
use common::*;
use crumbtrail_core::base::json;
use crumbtrail_core::profile::writer::IdSource;
use crumbtrail_core::store::MAX_STORED_BYTES as LIMIT;
use crumbtrail_core::{profile::messages::Interaction, Engine, Priors, StageRules, Value};
use proptest::prelude::*;

/// What a tab writes: the stored document's text, as the session prints it (shedding first if it
/// is over the bound).
fn written(tab: &mut Engine, now: u64) -> usize {
    let rt = runtime();
    tab.stored_text(now, |v| json::to_text(v, &*rt)).len()
}

/// A random string of `min..=max` characters from a realistic alphabet.
fn text(rng: &mut IdSource, min: usize, max: usize) -> String {
    let min = min.min(max);
    let len = min + (rng.next_u64() as usize) % (max - min + 1);
    rng.id(len)
}

/// An event of any kind, with ids, names and categories drawn so that most are new (the worst case
/// for the bounded lists) and strings up to `max_text` characters.
fn random_event(rng: &mut IdSource, max_text: usize) -> Value {
    let item = |rng: &mut IdSource| {
        Value::object([
            ("item_id", text(rng, 4, max_text).into()),
            ("item_name", text(rng, 4, max_text).into()),
            ("item_category", text(rng, 3, max_text.min(24)).into()),
            ("price", ((rng.next_u64() % 10_000) as f64 / 100.0).into()),
            ("quantity", ((1 + rng.next_u64() % 3) as f64).into()),
        ])
    };
    let n_items = 1 + (rng.next_u64() % 3) as usize;
    let items = Value::Array((0..n_items).map(|_| item(rng)).collect());
    let kind = rng.next_u64() % 16;
    let name = [
        "page_view",
        "view_item_list",
        "view_item",
        "view_item",
        "add_to_wishlist",
        "add_to_cart",
        "remove_from_cart",
        "view_cart",
        "begin_checkout",
        "purchase",
        "refund",
        "sign_up",
        "generate_lead",
        "share",
        "review",
        "referral",
    ][kind as usize];
    Value::object([
        ("event", name.into()),
        ("items", items),
        ("transaction_id", text(rng, 6, max_text).into()),
        ("value", ((rng.next_u64() % 50_000) as f64 / 100.0).into()),
        ("currency", ["EUR", "USD", "GBP"][(rng.next_u64() % 3) as usize].into()),
        ("rating", ((1 + rng.next_u64() % 5) as f64).into()),
    ])
}

/// Ids of the messages the shopper sees, clicks and dismisses: 50, each 32 characters (the
/// longest stored as it is).
fn message_id(i: u64) -> String {
    format!("message-with-a-long-id-{i:09}")
}

fn catalogue() -> crumbtrail_core::decide::Catalogue {
    let list: Vec<String> =
        (0..50).map(|i| format!(r#"{{"id":"{}","slot":"s","content":{{}}}}"#, message_id(i))).collect();
    crumbtrail_core::decide::Catalogue::from_options(&json(&format!("[{}]", list.join(","))), &Value::Null, &runtime())
        .unwrap()
}

/// Plays `n` random events from two tabs that take in each other's profile every 50 events and
/// write every 25, with gaps from seconds to weeks, and now and then an impression, click or
/// dismissal of a message; returns the largest stored size written and the final one.
fn play(n: u64, max_text: usize, seed: u64) -> (usize, usize) {
    let mut rng = IdSource::new(seed);
    let mut tabs = [
        Engine::new(StageRules::default(), Priors::default(), seed ^ 1, T0).with_catalogue(catalogue()),
        Engine::new(StageRules::default(), Priors::default(), seed ^ 2, T0).with_catalogue(catalogue()),
    ];
    let interactions =
        [Interaction::Seen, Interaction::Seen, Interaction::Seen, Interaction::Clicked, Interaction::Dismissed];
    let mut now = T0;
    let (mut largest, mut last) = (0, 0);
    for i in 0..n {
        now += match rng.next_u64() % 100 {
            0 => rng.next_u64() % (20 * DAY),
            1..=9 => rng.next_u64() % (3 * 3_600_000),
            _ => rng.next_u64() % 60_000,
        };
        let tab = (rng.next_u64() % 2) as usize;
        // Junk is fine: rejected events are part of "any mix".
        let _ = tabs[tab].track(&random_event(&mut rng, max_text), now);
        if rng.next_u64() % 10 == 0 {
            let what = interactions[(rng.next_u64() % 5) as usize];
            tabs[tab].interact(&message_id(rng.next_u64() % 50), what, now).unwrap();
        }
        if i % 50 == 0 {
            let other = tabs[1 - tab].profile().clone();
            tabs[tab].absorb(&other, now);
        }
        if i % 25 == 0 {
            last = written(&mut tabs[tab], now);
            largest = largest.max(last);
        }
    }
    (largest, last)
}

#[test]
fn the_stored_document_stays_under_8_kb_after_a_million_events_of_any_mix() {
    let (largest, last) = play(1_000_000, 24, 2026);
    println!("1,000,000 events: largest stored document {largest} bytes, final {last} bytes");
    assert!(largest <= LIMIT, "{largest} bytes");
}

#[test]
fn the_bound_holds_with_every_string_at_its_maximum_length() {
    let (largest, last) = play(100_000, 256, 7);
    println!("100,000 events with 256-character strings: largest {largest} bytes, final {last} bytes");
    assert!(largest <= LIMIT, "{largest} bytes");
}

#[test]
fn a_trail_that_once_overflowed_the_bound_stays_under_it() {
    // Drawn by the property below before the document shed by size: 8,301 bytes stored.
    let (largest, _) = play(20_000, 220, 18_215_308_749_836_913_072);
    assert!(largest <= LIMIT, "{largest} bytes");
}

proptest! {
    #![proptest_config(fixed_or_soak(16))]

    #[test]
    fn the_bound_holds_for_random_trails(seed in any::<u64>(), max_text in 4usize..=256) {
        let (largest, _) = play(20_000, max_text, seed);
        soak_log(&format!("bound seed={seed} max_text={max_text} largest={largest}"));
        prop_assert!(largest <= LIMIT, "{} bytes", largest);
    }
}

/// A string of exactly `len` characters, unique for `i`.
fn longest(prefix: &str, i: usize, len: usize) -> String {
    let head = format!("{prefix}-{i:05}-");
    format!("{head}{}", "é".repeat(len - head.chars().count()))
}

#[test]
fn the_fullest_document_from_sixteen_tabs_at_once_fits() {
    // Every list overfull, every id, name and category at the longest an event accepts (256
    // characters, non-ASCII), message ids at the longest a catalogue accepts (64), and sixteen tabs
    // writing within the same half hour, so that no writer's counts can be folded yet.
    let ids: Vec<String> = (0..50).map(|i| longest("message", i, 64)).collect();
    let list: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","slot":"s","content":{{}}}}"#)).collect();
    let catalogue = || {
        crumbtrail_core::decide::Catalogue::from_options(
            &json(&format!("[{}]", list.join(","))),
            &Value::Null,
            &runtime(),
        )
        .unwrap()
    };
    let mut tabs: Vec<Engine> = (0..16)
        .map(|t| Engine::new(StageRules::default(), Priors::default(), 100 + t, T0).with_catalogue(catalogue()))
        .collect();
    let mut now = T0;
    for round in 0..30 {
        for (t, tab) in tabs.iter_mut().enumerate() {
            now += 700;
            let i = round * 8 + t;
            let item = |k: usize| {
                format!(
                    r#"{{"item_id":"{}","item_name":"{}","item_category":"{}","price":12345.67,"quantity":99}}"#,
                    longest("item", i * 3 + k, 256),
                    longest("name", i * 3 + k, 256),
                    longest("category", i * 3 + k, 256)
                )
            };
            let items = format!("[{},{},{}]", item(0), item(1), item(2));
            for name in ["view_item", "add_to_cart", "add_to_wishlist", "begin_checkout"] {
                track(tab, now, &format!(r#"{{"event":"{name}","items":{items}}}"#));
            }
            let id = longest("order", i, 256);
            track(
                tab,
                now,
                &format!(
                    r#"{{"event":"purchase","transaction_id":"{id}","value":99999.99,"currency":"EUR","items":{items}}}"#
                ),
            );
            track(tab, now, &format!(r#"{{"event":"add_to_cart","items":{items}}}"#));
            for name in ["page_view", "view_item_list", "view_cart", "sign_up", "generate_lead", "share", "referral"] {
                track(tab, now, &format!(r#"{{"event":"{name}"}}"#));
            }
            track(tab, now, r#"{"event":"review","rating":5}"#);
            track(tab, now, &format!(r#"{{"event":"refund","transaction_id":"{}"}}"#, longest("order", i / 2, 256)));
            for what in [Interaction::Seen, Interaction::Clicked, Interaction::Dismissed] {
                tab.interact(&ids[i % ids.len()], what, now).unwrap();
            }
        }
    }
    let others: Vec<_> = tabs[1..].iter().map(|t| t.profile().clone()).collect();
    for other in &others {
        tabs[0].absorb(other, now);
    }
    let before = tabs[0].profile().stage_facts();
    let size = written(&mut tabs[0], now);
    println!("sixteen tabs, every list full, every string at its longest: {size} bytes written");
    assert!(size <= LIMIT, "{size} bytes");
    // Shedding drops recency and detail, never a count, an order or a time.
    let after = tabs[0].profile().stage_facts();
    assert_eq!(after.counts, before.counts);
    let (a, b) = (&after.orders, &before.orders);
    assert_eq!(
        (a.count, a.days, a.first_at, a.last_at, a.other_currency),
        (b.count, b.days, b.first_at, b.last_at, b.other_currency)
    );
    assert!((a.revenue - b.revenue).abs() <= 1e-9 * b.revenue, "{} vs {}", a.revenue, b.revenue);
    assert_eq!(
        (after.first_seen, after.last_seen, after.returned_at),
        (before.first_seen, before.last_seen, before.returned_at)
    );
}
