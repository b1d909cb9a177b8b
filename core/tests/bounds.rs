//! DESIGN §7: the stored document stays ≤ 8 KB however long the trail.

mod common;
use common::*;
use crumbtrail_core::base::value::Value;
use crumbtrail_core::engine::{Engine, Interaction};
use crumbtrail_core::predict::Priors;
use crumbtrail_core::profile::writer::IdSource;
use crumbtrail_core::stage::StageRules;
use proptest::prelude::*;

const LIMIT: usize = 8 * 1024;

fn stored_size(e: &Engine) -> usize {
    serde_json::to_string(&e.document().to_value()).unwrap().len()
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

/// Plays `n` random events from two tabs that merge now and then, with gaps from seconds to weeks,
/// and now and then an impression, click or dismissal of a message; returns the largest stored size
/// seen (checked every 1,000 events) and the final size.
fn play(n: u64, max_text: usize, seed: u64) -> (usize, usize) {
    let mut rng = IdSource::new(seed);
    let mut tabs = [
        Engine::new(StageRules::default(), Priors::default(), seed ^ 1, T0).with_catalogue(catalogue()),
        Engine::new(StageRules::default(), Priors::default(), seed ^ 2, T0).with_catalogue(catalogue()),
    ];
    let interactions =
        [Interaction::Seen, Interaction::Seen, Interaction::Seen, Interaction::Clicked, Interaction::Dismissed];
    let mut now = T0;
    let mut largest = 0;
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
        if i % 1000 == 0 {
            largest = largest.max(stored_size(&tabs[0])).max(stored_size(&tabs[1]));
        }
    }
    let last = stored_size(&tabs[0]).max(stored_size(&tabs[1]));
    (largest.max(last), last)
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn the_bound_holds_for_random_trails(seed in any::<u64>(), max_text in 4usize..=256) {
        let (largest, _) = play(20_000, max_text, seed);
        prop_assert!(largest <= LIMIT, "{} bytes", largest);
    }
}
