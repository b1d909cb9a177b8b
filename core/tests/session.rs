//! The storage policy, on the host: what a session loads, merges, writes, sets aside, refuses
//! and erases, and what it reports — over a storage that two "tabs" share and that can be made
//! to fail. The browser only supplies `localStorage` to the same code (binding/tests/web.rs and
//! tests/e2e check that part in real pages).

mod common;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use common::*;
use crumbtrail_core::decide::Catalogue;
use crumbtrail_core::{
    profile::messages::Interaction, Code, Consent, Effects, Engine, Priors, Purposes, Session, StageRules, Start,
    Storage, StorageError, Value,
};

const DAY: u64 = 86_400_000;
const NOW: u64 = 1_780_000_000_000;

/// A storage the test can read, share between sessions and break.
#[derive(Clone, Default)]
struct Shelf {
    items: Rc<RefCell<BTreeMap<String, String>>>,
    broken: Rc<RefCell<bool>>,
    /// `set` of this key fails (a key the page cannot write).
    refuse: Rc<RefCell<Option<String>>>,
}

impl Shelf {
    fn get(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }
    fn put(&self, key: &str, text: &str) {
        self.items.borrow_mut().insert(key.into(), text.into());
    }
    fn keys(&self) -> Vec<String> {
        self.items.borrow().keys().cloned().collect()
    }
}

impl Storage for Shelf {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        match *self.broken.borrow() {
            true => Err(StorageError("SecurityError: blocked".into())),
            false => Ok(Shelf::get(self, key)),
        }
    }
    fn set(&mut self, key: &str, text: &str) -> Result<(), StorageError> {
        if *self.broken.borrow() || self.refuse.borrow().as_deref() == Some(key) {
            return Err(StorageError("QuotaExceededError: full".into()));
        }
        self.put(key, text);
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        if *self.broken.borrow() {
            return Err(StorageError("SecurityError: blocked".into()));
        }
        self.items.borrow_mut().remove(key);
        Ok(())
    }
    fn persists(&self) -> bool {
        true
    }
}

const MESSAGES: &str = r#"[{"id":"hello","slot":"hero","content":{"title":"Hello"},"cap":{"impressions":2,"days":7}}]"#;

fn open_with(shelf: &Shelf, consent: Consent, seed: u64, now: u64) -> (Session, Effects) {
    open_for(shelf, Purposes::both(consent), MESSAGES, seed, now)
}

fn open_for(shelf: &Shelf, consent: Purposes, messages: &str, seed: u64, now: u64) -> (Session, Effects) {
    let catalogue = Catalogue::from_options(&json(messages), &Value::Null, &runtime()).unwrap();
    let start = Start {
        engine: Engine::new(StageRules::default(), Priors::default(), seed, now).with_catalogue(catalogue),
        storage: Box::new(shelf.clone()),
        storage_problem: None,
        runtime: runtime(),
        key: "ct".into(),
        consent,
        locale: "en".into(),
    };
    let mut fx = Effects::default();
    let session = Session::open(start, &mut fx, now);
    (session, fx)
}

fn open(shelf: &Shelf) -> (Session, Effects) {
    open_with(shelf, Consent::Granted, 7, NOW)
}

fn codes(fx: &Effects) -> Vec<&'static str> {
    fx.errors.iter().map(|e| e.code.as_str()).collect()
}

fn views(session: &mut Session, n: usize, now: u64) {
    for _ in 0..n {
        session.track(&json(r#"{"event":"view_item","items":[{"item_id":"A"}]}"#), &mut Effects::default(), now);
    }
}

fn item_views(session: &Session) -> u64 {
    session.engine().profile().facts().counts.item_views
}

#[test]
fn what_one_tab_writes_the_next_page_loads_and_two_tabs_merge() {
    let shelf = Shelf::default();
    let (mut first, _) = open(&shelf);
    views(&mut first, 2, NOW);
    first.write(&mut Effects::default(), NOW);
    assert!(shelf.get("ct").is_some_and(|t| t.starts_with(r#"{"profile":"#)));
    assert!(shelf.get("ct:ready").is_some(), "the slot script's decisions are kept beside the profile");

    let (mut second, fx) = open_with(&shelf, Consent::Granted, 8, NOW + 1);
    assert!(fx.errors.is_empty());
    assert_eq!(item_views(&second), 2);
    views(&mut second, 1, NOW + 2);
    views(&mut first, 1, NOW + 3);
    second.write(&mut Effects::default(), NOW + 4);
    first.write(&mut Effects::default(), NOW + 5);
    assert_eq!(item_views(&first), 4, "each tab's views are counted once");
}

#[test]
fn another_tabs_write_is_merged_and_answered_when_this_tab_has_more() {
    let shelf = Shelf::default();
    let (mut mine, _) = open(&shelf);
    let (mut theirs, _) = open_with(&Shelf::default(), Consent::Granted, 9, NOW);
    views(&mut theirs, 3, NOW);
    views(&mut mine, 1, NOW);
    let their_text = theirs.export();
    let their_doc = json(&their_text).get("ct").cloned().unwrap();
    let mut fx = Effects::default();
    mine.merge_written(&json_text(&their_doc), &mut fx, NOW + 1);
    assert_eq!(item_views(&mine), 4);
    assert!(fx.write_soon, "this tab holds a view the other lacks");
}

fn json_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

#[test]
fn corrupt_data_is_set_aside_and_a_fresh_profile_written() {
    let shelf = Shelf::default();
    shelf.put("ct", r#"{"v":1,"profile":{"visitor":"x","born":"yesterday"}}"#);
    let (mut session, fx) = open(&shelf);
    assert_eq!(codes(&fx), ["storage_corrupt"]);
    let error = &fx.errors[0];
    assert_eq!(error.path.as_deref(), Some("document.profile.born"));
    assert!(error.message.ends_with(r#": moved to "ct:corrupt", starting a fresh profile"#), "{}", error.message);
    assert_eq!(shelf.get("ct:corrupt").as_deref(), Some(r#"{"v":1,"profile":{"visitor":"x","born":"yesterday"}}"#));
    assert_eq!(shelf.get("ct"), None);
    views(&mut session, 1, NOW);
    session.write(&mut Effects::default(), NOW);
    assert!(shelf.get("ct").is_some());
    assert!(json(&session.export()).get("ct:corrupt").is_some(), "export shows what was set aside");
}

#[test]
fn corrupt_data_that_cannot_be_set_aside_is_never_overwritten() {
    let shelf = Shelf::default();
    shelf.put("ct", "not json");
    *shelf.refuse.borrow_mut() = Some("ct:corrupt".into());
    let (mut session, fx) = open(&shelf);
    assert_eq!(codes(&fx), ["storage_corrupt"]);
    assert!(fx.errors[0].message.contains(r#"could not be moved to "ct:corrupt" (QuotaExceededError: full)"#));
    views(&mut session, 1, NOW);
    session.write(&mut Effects::default(), NOW);
    assert_eq!(shelf.get("ct").as_deref(), Some("not json"));
}

#[test]
fn a_newer_format_is_left_untouched_and_reported_once() {
    let shelf = Shelf::default();
    let newer = r#"{"v":2,"profile":{"whatever":true}}"#;
    shelf.put("ct", newer);
    let (mut session, fx) = open(&shelf);
    assert_eq!(codes(&fx), ["storage_newer"]);
    views(&mut session, 1, NOW);
    let mut later = Effects::default();
    session.write(&mut later, NOW);
    session.merge_written(newer, &mut later, NOW);
    assert!(later.errors.is_empty(), "reported once");
    assert_eq!(shelf.get("ct").as_deref(), Some(newer));
    assert_eq!(item_views(&session), 1, "the page still works, in memory");
}

#[test]
fn an_idle_profile_past_retention_is_erased_on_load() {
    let shelf = Shelf::default();
    let (mut session, _) = open(&shelf);
    views(&mut session, 1, NOW);
    session.write(&mut Effects::default(), NOW);
    let retention = StageRules::default().retention_days as u64;
    let (later, _) = open_with(&shelf, Consent::Granted, 8, NOW + (retention + 1) * DAY);
    assert_eq!(item_views(&later), 0);
    assert_eq!(shelf.get("ct"), None);
}

#[test]
fn consent_decides_whether_storage_is_touched() {
    let shelf = Shelf::default();
    let (mut session, _) = open_with(&shelf, Consent::Pending, 7, NOW);
    views(&mut session, 1, NOW);
    session.write(&mut Effects::default(), NOW);
    assert!(shelf.keys().is_empty(), "pending keeps to memory");

    assert!(
        session.set_consent(Purposes::both(Consent::Granted), &mut Effects::default(), NOW),
        "storage newly allowed"
    );
    assert!(shelf.get("ct").is_some(), "granting writes what the page had");
    shelf.put("ct:log", r#"[["hello","s",1]]"#);
    shelf.put("ct:corrupt", "old");

    assert!(!session.set_consent(Purposes::both(Consent::Denied), &mut Effects::default(), NOW));
    assert!(shelf.keys().is_empty(), "denied erases all four keys: {:?}", shelf.keys());
    let (_, fx) = open_with(&shelf, Consent::Denied, 8, NOW);
    assert!(fx.errors.is_empty() && shelf.keys().is_empty());
}

/// A message that holds out half its shoppers, and the one shown in its place.
const HELD_OUT: &str =
    r#"[{"id":"test","slot":"s","priority":1,"holdout":0.5,"content":{}},{"id":"base","slot":"s","content":{}}]"#;

#[test]
fn exposures_go_out_only_with_measurement_granted_and_holdouts_hold_without_it() {
    let with = |measurement| Purposes { profile: Consent::Granted, measurement };
    for seed in 0..40 {
        let (mut counted, fx) = open_for(&Shelf::default(), with(Consent::Denied), HELD_OUT, seed, NOW);
        assert!(fx.errors.is_empty());
        let mut fx = Effects::default();
        let silent = counted.decide("s", Value::Null, &mut fx, NOW).map(|d| d.id);
        assert!(fx.exposures.is_empty(), "measurement denied: no exposure");
        counted.interact("base", Some(Interaction::Seen), "seen", &mut fx, NOW);
        assert!(fx.exposures.is_empty(), "measurement denied: no impression reported");

        let (mut measured, _) = open_for(&Shelf::default(), with(Consent::Granted), HELD_OUT, seed, NOW);
        let mut fx = Effects::default();
        let shown = measured.decide("s", Value::Null, &mut fx, NOW).map(|d| d.id);
        assert_eq!(silent, shown, "the same visitor seed lands in the same arm whatever measurement is");
        let held_out = shown.as_deref() == Some("base");
        assert_eq!(fx.exposures.len(), usize::from(held_out), "a held_out exposure exactly when held out");
    }
}

#[test]
fn the_profile_and_measurement_are_consented_apart() {
    let shelf = Shelf::default();
    let purposes = Purposes { profile: Consent::Pending, measurement: Consent::Granted };
    let (mut session, _) = open_for(&shelf, purposes, HELD_OUT, 7, NOW);
    views(&mut session, 1, NOW);
    session.write(&mut Effects::default(), NOW);
    assert!(shelf.keys().is_empty(), "profile pending keeps to memory, whatever measurement says");
    let mut fx = Effects::default();
    session.interact("base", Some(Interaction::Seen), "seen", &mut fx, NOW);
    assert_eq!(fx.exposures.len(), 1, "measurement granted reports the impression");

    let purposes = Purposes { profile: Consent::Granted, measurement: Consent::Denied };
    assert!(session.set_consent(purposes, &mut Effects::default(), NOW), "storage newly allowed");
    assert_eq!(item_views(&session), 1);
    assert!(shelf.get("ct").is_some(), "profile granted writes");
    assert_eq!(session.consent(), purposes);

    let withdrawn = Purposes { profile: Consent::Denied, measurement: Consent::Denied };
    session.set_consent(withdrawn, &mut Effects::default(), NOW);
    assert!(shelf.keys().is_empty(), "withdrawing the profile erases every key: {:?}", shelf.keys());
}

#[test]
fn a_storage_failure_is_reported_once_and_the_page_goes_on_in_memory() {
    let shelf = Shelf::default();
    let (mut session, _) = open(&shelf);
    *shelf.broken.borrow_mut() = true;
    let mut fx = Effects::default();
    views(&mut session, 1, NOW);
    session.write(&mut fx, NOW);
    session.write(&mut fx, NOW + 1);
    assert_eq!(codes(&fx), ["storage_unavailable"]);
    assert_eq!(fx.errors[0].message, "storage failed (SecurityError: blocked): keeping the profile in memory");
    *shelf.broken.borrow_mut() = false;
    session.write(&mut fx, NOW + 2);
    assert_eq!(shelf.get("ct"), None, "once failed, the session stays in memory");
    assert_eq!(item_views(&session), 1);
}

#[test]
fn the_slot_scripts_log_is_taken_in_once_and_only_what_was_taken_is_removed() {
    let shelf = Shelf::default();
    shelf.put("ct:log", &format!(r#"[["hello","s",{}],["hello","s",{}]]"#, NOW - 2, NOW - 1));
    let (mut session, fx) = open(&shelf);
    assert!(fx.errors.is_empty());
    // Two impressions logged: the cap of two is full, so the engine shows nothing.
    assert!(session.decide("hero", Value::Null, &mut Effects::default(), NOW).is_none());
    session.write(&mut Effects::default(), NOW);
    assert_eq!(shelf.get("ct:log"), None, "the profile written holds both entries");
    // Logged again while the engine is not looking: stored until a write takes it in.
    shelf.put("ct:log", &format!(r#"[["hello","c",{NOW}]]"#));
    assert!(session.decide("hero", Value::Null, &mut Effects::default(), NOW + 1).is_none());
    assert!(shelf.get("ct:log").is_some());
    session.write(&mut Effects::default(), NOW + 2);
    assert_eq!(shelf.get("ct:log"), None);
    let (reopened, _) = open_with(&shelf, Consent::Granted, 8, NOW + 3);
    let state = reopened.engine().profile().messages.get("hello").cloned();
    assert!(state.is_some_and(|m| m.clicked.is_some()), "the click the script logged reached the profile");
}

#[test]
fn the_profile_and_the_kept_decisions_are_written_in_two_steps_or_at_once() {
    let shelf = Shelf::default();
    let (mut session, _) = open(&shelf);
    views(&mut session, 2, NOW);
    let mut fx = Effects::default();
    assert!(session.write_profile(&mut fx, NOW), "the kept decisions are due after the profile");
    assert!(shelf.get("ct").is_some());
    assert_eq!(shelf.get("ct:ready"), None, "not written with the profile");
    session.write_ready(&mut fx, NOW + 1);
    let kept = shelf.get("ct:ready").expect("written in the second step");
    // `write` does both at once, with the same result.
    let other = Shelf::default();
    let (mut session, _) = open(&other);
    views(&mut session, 2, NOW);
    session.write(&mut fx, NOW + 1);
    assert_eq!(other.get("ct:ready"), Some(kept));
    assert!(fx.errors.is_empty());
    // Nothing is due, nor written, once consent is withdrawn in between.
    let (mut session, _) = open(&shelf);
    session.set_consent(Purposes::both(Consent::Denied), &mut fx, NOW + 2);
    assert!(!session.write_profile(&mut fx, NOW + 2));
    session.write_ready(&mut fx, NOW + 2);
    assert_eq!(shelf.keys(), Vec::<String>::new());
}

#[test]
fn a_damaged_log_or_kept_document_is_reported_and_replaced() {
    let shelf = Shelf::default();
    shelf.put("ct:log", r#"[["hello","x",1]]"#);
    shelf.put("ct:ready", "{");
    let (_, fx) = open(&shelf);
    assert_eq!(codes(&fx), ["kept_unreadable", "kept_unreadable"]);
    assert_eq!(shelf.get("ct:log"), None);
    assert!(fx.write_soon, "a fresh kept document is due");
}

#[test]
fn tracking_and_interacting_report_typed_errors() {
    let shelf = Shelf::default();
    let (mut session, _) = open(&shelf);
    let mut fx = Effects::default();
    session.track(&json(r#"{"event":"purchase","transaction_id":"T1","value":"lots"}"#), &mut fx, NOW);
    session.interact("nope", Some(Interaction::Seen), "seen", &mut fx, NOW);
    assert_eq!(codes(&fx), ["invalid_event", "unknown_message"]);
    assert_eq!(fx.errors[0].path.as_deref(), Some("value"));
    assert!(fx.errors[0].message.starts_with(r#"track("purchase"): value: "#), "{}", fx.errors[0].message);
    assert_eq!(fx.errors[1].message, r#"seen: no message "nope" in the catalogue"#);
    assert!(Code::ALL.iter().all(|c| !c.as_str().is_empty()));
}
