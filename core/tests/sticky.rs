//! DESIGN §8, holdouts that stick: a shopper keeps their visitor id, and so their holdout and
//! tie-break assignment, across reloads (also with a fixed test clock, where a new instance's
//! fresh profile is born in the same millisecond as the stored one), across tabs and across
//! consent changes. Only `forget()` or erased storage gives a new id.
//!
//! Each step is what the browser layer does with storage: a reload is a new engine absorbing the
//! stored document; a write is `document()` then `stored_now()`; consent pending keeps the engine
//! away from storage until it is granted.

mod common;
use common::{json, runtime, track, T0};
use crumbtrail_core::decide::Catalogue;
use crumbtrail_core::profile::Profile;
use crumbtrail_core::store;
use crumbtrail_core::{Engine, Priors, StageRules, Value};

const MESSAGES: &str = r#"[{"id":"test","slot":"s","priority":1,"holdout":0.5,"content":{"t":"test"}},
  {"id":"base","slot":"s","content":{"t":"base"}}]"#;

fn engine(seed: u64, now: u64) -> Engine {
    let catalogue = Catalogue::from_options(&json(MESSAGES), &Value::Null, &runtime()).expect("catalogue");
    Engine::new(StageRules::default(), Priors::default(), seed, now).with_catalogue(catalogue)
}

/// Writes `e`'s profile to `storage` as the browser layer does: merge what is there, then store.
fn write(e: &mut Engine, storage: &mut Option<Profile>, now: u64) {
    if let Some(stored) = storage.clone() {
        e.absorb(&stored, now);
    }
    let doc = store::decode(&e.document().to_value()).expect("the stored document reads back");
    *storage = Some(doc.profile);
    e.stored_now();
}

/// A new instance over `storage` (consent granted): it reads what is stored.
fn load(seed: u64, storage: &Option<Profile>, now: u64) -> Engine {
    let mut e = engine(seed, now);
    if let Some(stored) = storage {
        e.absorb(stored, now);
    }
    e
}

fn visitor(e: &Engine) -> String {
    e.profile().visitor.clone()
}

fn arm(e: &mut Engine, now: u64) -> (String, Vec<String>) {
    let d = e.decide("s", Value::Null, "en", now).0.expect("a message for s");
    (d.id, d.held_out)
}

#[test]
fn reloads_with_a_fixed_clock_keep_the_visitor_and_the_holdout_for_every_seed() {
    let (mut held, mut shown) = (0, 0);
    for seed in 0..300u64 {
        let mut storage = None;
        let mut first = engine(seed, T0);
        track(&mut first, T0, r#"{"event":"page_view"}"#);
        let assigned = arm(&mut first, T0);
        write(&mut first, &mut storage, T0);
        // Several reloads, every instance born at T0 with another random seed.
        for reload in 1..=4u64 {
            let mut again = load(seed * 1_000 + reload, &storage, T0);
            assert_eq!(visitor(&again), visitor(&first), "seed {seed}, reload {reload}");
            assert_eq!(arm(&mut again, T0), assigned, "seed {seed}, reload {reload}");
            write(&mut again, &mut storage, T0);
        }
        if assigned.0 == "base" {
            held += 1
        } else {
            shown += 1
        }
    }
    // Both arms occur, so both were checked for stickiness.
    assert!(held > 50 && shown > 50, "held {held}, shown {shown}");
}

#[test]
fn a_fresh_instance_gives_way_even_to_a_stored_copy_born_later() {
    let mut storage = None;
    let mut stored = engine(1, T0 + 5_000);
    write(&mut stored, &mut storage, T0 + 5_000);
    // A page whose clock is behind (another device's time, a test clock): its fresh id is older.
    let behind = load(2, &storage, T0);
    assert_eq!(visitor(&behind), visitor(&stored));
}

#[test]
fn two_tabs_opened_together_end_with_the_identity_written_first() {
    for seed in 0..100u64 {
        let mut storage = None;
        // Both tabs start before either wrote: each has a fresh id.
        let mut a = engine(seed * 2, T0);
        let mut b = engine(seed * 2 + 1, T0);
        assert_ne!(visitor(&a), visitor(&b));
        let arm_a = arm(&mut a, T0);
        write(&mut a, &mut storage, T0);
        write(&mut b, &mut storage, T0);
        assert_eq!(visitor(&b), visitor(&a), "seed {seed}: the second writer adopts the stored id");
        assert_eq!(arm(&mut b, T0), arm_a, "seed {seed}");
        // A sees B's write (storage event): nothing changes for A.
        a.absorb(storage.as_ref().expect("stored"), T0);
        assert_eq!(visitor(&a), visitor(&b));
        // A third tab and a reload agree.
        assert_eq!(visitor(&load(seed + 7_000, &storage, T0)), visitor(&a));
    }
}

#[test]
fn consent_pending_then_granted_adopts_the_stored_identity_and_keeps_the_page_events() {
    for seed in 0..100u64 {
        let mut storage = None;
        let mut earlier = engine(seed, T0);
        write(&mut earlier, &mut storage, T0);
        let assigned = arm(&mut earlier, T0);
        // Next visit with consent pending: storage is not read, the page has a fresh id.
        let mut pending = engine(seed + 10_000, T0);
        track(&mut pending, T0, r#"{"event":"view_item","items":[{"item_id":"a"}]}"#);
        // Consent granted: the stored profile is loaded and merged, then written.
        write(&mut pending, &mut storage, T0);
        assert_eq!(visitor(&pending), visitor(&earlier), "seed {seed}");
        assert_eq!(arm(&mut pending, T0), assigned, "seed {seed}");
        assert_eq!(pending.profile().facts().counts.item_views, 1, "the page's events are kept");
    }
}

#[test]
fn consent_changes_keep_the_identity_and_only_forget_or_erased_storage_renew_it() {
    let mut storage = None;
    let mut page = engine(3, T0);
    write(&mut page, &mut storage, T0);
    let id = visitor(&page);
    // denied: storage erased, the page keeps its profile in memory; granted again: written as is.
    storage = None;
    write(&mut page, &mut storage, T0);
    assert_eq!(visitor(&page), id);
    // granted → pending → granted: nothing read in between, the same id written back.
    write(&mut page, &mut storage, T0);
    assert_eq!(visitor(&load(4, &storage, T0)), id);
    // forget(): a new generation and a new id, which a reload and other tabs adopt.
    page.forget(T0);
    storage = None;
    write(&mut page, &mut storage, T0);
    assert_ne!(visitor(&page), id);
    let mut other_tab = load(5, &None, T0);
    other_tab.stored_now();
    other_tab.absorb(storage.as_ref().expect("stored"), T0);
    assert_eq!(visitor(&other_tab), visitor(&page));
    assert_eq!(visitor(&load(6, &storage, T0)), visitor(&page));
    // Erased storage with no tab left: the next instance is a new visitor.
    assert_ne!(visitor(&load(7, &None, T0)), visitor(&page));
}

#[test]
fn a_forgotten_visitor_in_a_pending_page_is_not_replaced_by_the_older_stored_generation() {
    let mut storage = None;
    let mut old = engine(8, T0);
    write(&mut old, &mut storage, T0);
    let mut page = load(9, &storage, T0);
    page.forget(T0); // its new generation is fresh, and newer than what is stored
    let renewed = visitor(&page);
    write(&mut page, &mut storage, T0);
    assert_eq!(visitor(&page), renewed);
    assert_ne!(renewed, visitor(&old));
}
