//! One page's session with a shopper: the [`Engine`] over a [`Storage`], and every rule of what
//! happens to stored data.
//!
//! Loading merges what is stored into this page's profile. Corrupt data is moved aside to
//! `<key>:corrupt`, and a newer format makes the session read-only; an idle profile past retention
//! is erased. Consent decides whether storage is touched at all. Writing merges first, then
//! stores the profile, the decisions kept for the slot script (`<key>:ready`), and removes the
//! script's log entries the profile now holds (`<key>:log`).
//!
//! The binding supplies the storage and the clock, and delivers the [`Effects`] a call leaves: the
//! errors for `onError`, a stage change for `onStageChange`, exposures for `onExposure`, and
//! whether a write is due. When storage fails, the session carries on in memory and says so once.

use std::rc::Rc;

use crate::base::ecma::Runtime;
use crate::base::error::{Code, Error};
use crate::base::json;
use crate::base::read::FieldError;
use crate::base::value::{Map, Value};
use crate::consent::Purposes;
use crate::decide::ready::{self, Logged};
use crate::decide::Decision;
use crate::engine::Engine;
use crate::exposure::Exposure;
use crate::lifecycle::{Stage, StageChange};
use crate::profile::messages::Interaction;
use crate::recommender::{self, RecommendedSource};
use crate::store::{self, StoreError};

/// Why storage refused, in the browser's words (`QuotaExceededError: …`).
#[derive(Debug, Clone, PartialEq)]
pub struct StorageError(pub String);

/// Where the documents live: `localStorage`, `sessionStorage`, a page's own `StorageLike`.
pub trait Storage {
    /// The text under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    /// Stores `text` under `key`.
    fn set(&mut self, key: &str, text: &str) -> Result<(), StorageError>;
    /// Removes `key`.
    fn remove(&mut self, key: &str) -> Result<(), StorageError>;
    /// Whether what is stored outlives the page. A session over storage that does not (memory)
    /// neither loads nor writes.
    fn persists(&self) -> bool;
}

/// What a call did that the page must hear about, delivered once the session is released.
#[derive(Default)]
pub struct Effects {
    /// For `onError`, in order.
    pub errors: Vec<Error>,
    /// The new stage report and the previous stage, for `onStageChange`.
    pub stage_change: Option<(Value, Option<Stage>)>,
    /// The profile changed: a write is due (the binding coalesces them).
    pub write_soon: bool,
    /// Exposures the engine decided to report (consent and duplicates already checked).
    pub exposures: Vec<Exposure>,
}

impl Effects {
    fn announce(&mut self, report: Value, change: StageChange) {
        self.stage_change = Some((report, change.previous));
        self.write_soon = true;
    }
}

/// The engine, its storage and its consent for one page.
pub struct Session {
    engine: Engine,
    storage: Box<dyn Storage>,
    runtime: Rc<dyn Runtime>,
    key: String,
    consent: Purposes,
    locale: String,
    /// Storage failed: the session keeps to memory from then on.
    storage_failed: bool,
    /// A storage failure was reported; later ones are not.
    storage_failure_reported: bool,
    /// A newer crumbtrail wrote the stored document, or corrupt data could not be set aside: it
    /// is never written over.
    read_only: bool,
    /// The stored text this session last wrote or merged: finding it again, there is nothing to merge.
    last_text: Option<String>,
    /// The slot script's log entries taken in: removed from the log once the profile holding them
    /// is written, so that the script counts only what the engine has not seen.
    logged: Vec<Logged>,
}

/// How a session starts.
pub struct Start {
    /// The engine, with its catalogue.
    pub engine: Engine,
    /// The storage.
    pub storage: Box<dyn Storage>,
    /// Why the storage asked for could not be had (then `storage` is memory), for `onError`.
    pub storage_problem: Option<String>,
    /// JavaScript's built-ins, for JSON numbers.
    pub runtime: Rc<dyn Runtime>,
    /// The storage key.
    pub key: String,
    /// Consent at the start, per purpose.
    pub consent: Purposes,
    /// The shopper's locale, for kept decisions.
    pub locale: String,
}

impl Session {
    /// Starts a session at `now`: erases what denied consent forbids, loads the stored profile,
    /// and checks the decisions kept for the slot script (a fresh copy is written soon).
    pub fn open(start: Start, fx: &mut Effects, now: u64) -> Session {
        let Start { engine, storage, storage_problem, runtime, key, consent, locale } = start;
        let mut session = Session {
            engine,
            storage,
            runtime,
            key,
            consent,
            locale,
            storage_failed: false,
            storage_failure_reported: storage_problem.is_some(),
            read_only: false,
            last_text: None,
            logged: Vec::new(),
        };
        fx.errors.extend(storage_problem.map(|why| Error::new(Code::StorageUnavailable, why)));
        if consent.profile.erases_storage() {
            session.erase();
        }
        session.load(fx, now);
        if consent.profile.allows_storage() && session.engine.keeps_ready() {
            session.check_ready(fx);
            fx.write_soon = true;
        }
        session
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The storage key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Consent now, per purpose.
    pub fn consent(&self) -> Purposes {
        self.consent
    }

    fn persists(&self) -> bool {
        !self.storage_failed && self.storage.persists() && self.consent.profile.allows_storage()
    }

    fn corrupt_key(&self) -> String {
        format!("{}:corrupt", self.key)
    }

    fn ready_key(&self) -> String {
        format!("{}:ready", self.key)
    }

    fn log_key(&self) -> String {
        format!("{}:log", self.key)
    }

    fn parse(&self, text: &str) -> Option<Value> {
        json::parse(text, &*self.runtime)
    }

    fn print(&self, value: &Value) -> String {
        json::to_text(value, &*self.runtime)
    }

    fn decode(&self, text: &str) -> Result<store::Document, StoreError> {
        let parsed = self.parse(text).ok_or_else(|| StoreError::Corrupt(FieldError::new("", "not JSON")))?;
        store::decode(&parsed)
    }

    fn storage_failed(&mut self, fx: &mut Effects, why: StorageError) {
        if !self.storage_failure_reported {
            self.storage_failure_reported = true;
            let message = format!("storage failed ({}): keeping the profile in memory", why.0);
            fx.errors.push(Error::new(Code::StorageUnavailable, message));
        }
        self.storage_failed = true;
    }

    fn note_change(&mut self, fx: &mut Effects, change: Option<StageChange>, now: u64) {
        if let Some(change) = change {
            let (report, _) = self.engine.report(now);
            fx.announce(report.to_value(), change);
        }
    }

    /// Takes in what the slot script logged while the engine was not there; a damaged log is
    /// reported and dropped.
    fn take_in_log(&mut self, fx: &mut Effects) {
        let key = self.log_key();
        let Ok(Some(text)) = self.storage.get(&key) else { return };
        match ready::read_log_text(&text, &*self.runtime) {
            Ok(logged) => {
                self.engine.absorb_logged(&logged);
                self.logged = logged;
            }
            Err(e) => {
                fx.errors.push(e.into());
                let _ = self.storage.remove(&key);
            }
        }
    }

    /// Removes the log entries the written profile holds; what the script logged since stays.
    fn drop_logged(&mut self) {
        let taken = std::mem::take(&mut self.logged);
        if taken.is_empty() {
            return;
        }
        let key = self.log_key();
        let Ok(Some(text)) = self.storage.get(&key) else { return };
        let Ok(mut left) = ready::read_log_text(&text, &*self.runtime) else { return };
        left.retain(|entry| !taken.contains(entry));
        let _ = match left.is_empty() {
            true => self.storage.remove(&key),
            false => {
                let text = self.print(&ready::log_value(&left));
                self.storage.set(&key, &text)
            }
        };
    }

    /// Reports kept decisions the slot script could not use (it showed the baseline); the next
    /// write replaces them.
    fn check_ready(&self, fx: &mut Effects) {
        let Ok(Some(text)) = self.storage.get(&self.ready_key()) else { return };
        if let Err(e) = ready::check_text(&text, &*self.runtime) {
            fx.errors.push(e.into());
        }
    }

    /// Merges what is stored into this page's profile: corrupt data is moved aside, a newer format
    /// makes the session read-only, an idle profile past retention is erased.
    pub fn load(&mut self, fx: &mut Effects, now: u64) {
        if !self.persists() {
            return;
        }
        self.take_in_log(fx);
        let text = match self.storage.get(&self.key) {
            Ok(Some(text)) if self.last_text.as_ref() == Some(&text) => return,
            Ok(Some(text)) => text,
            Ok(None) => return,
            Err(why) => return self.storage_failed(fx, why),
        };
        self.last_text = None;
        match self.decode(&text) {
            Ok(doc) if store::is_expired(&doc.profile, self.engine.rules(), now) => {
                let _ = self.storage.remove(&self.key);
            }
            Ok(doc) => {
                let change = self.engine.absorb(&doc.profile, now);
                self.note_change(fx, change, now);
                self.last_text = Some(text);
            }
            Err(e @ StoreError::Newer(_)) => self.refuse_newer(fx, e),
            Err(e @ StoreError::Corrupt(_)) => {
                let corrupt_key = self.corrupt_key();
                let moved = self.storage.set(&corrupt_key, &text).and_then(|()| self.storage.remove(&self.key));
                let error = Error::from(e);
                let message = match moved {
                    Ok(()) => format!("{}: moved to \"{corrupt_key}\", starting a fresh profile", error.message),
                    Err(why) => format!("{}, and could not be moved to \"{corrupt_key}\" ({})", error.message, why.0),
                };
                fx.errors.push(error.reworded(message));
                if !matches!(self.storage.get(&self.key), Ok(None)) {
                    // Never overwrite data that could not be set aside.
                    self.read_only = true;
                }
            }
        }
    }

    fn refuse_newer(&mut self, fx: &mut Effects, e: StoreError) {
        if !self.read_only {
            self.read_only = true;
            fx.errors.push(e.into());
        }
    }

    /// Merges what is stored, then writes the result and the decisions kept for the slot script.
    pub fn write(&mut self, fx: &mut Effects, now: u64) {
        if self.write_profile(fx, now) {
            self.write_ready(fx, now);
        }
    }

    /// Merges what is stored, then writes the result alone: true when the decisions kept for the
    /// slot script are due ([`Session::write_ready`]), which the binding writes in a task of its own
    /// so that neither step makes a long task.
    pub fn write_profile(&mut self, fx: &mut Effects, now: u64) -> bool {
        if !self.persists() || self.read_only {
            return false;
        }
        self.load(fx, now);
        if !self.persists() || self.read_only {
            return false;
        }
        let runtime = &*self.runtime;
        let text = self.engine.stored_text(now, |stored| json::to_text(stored, runtime));
        if let Err(why) = self.storage.set(&self.key, &text) {
            self.storage_failed(fx, why);
            return false;
        }
        self.last_text = Some(text);
        self.engine.stored_now();
        self.drop_logged();
        self.engine.keeps_ready()
    }

    /// Writes the decisions kept for the slot script, from the profile as it stands at `now`.
    pub fn write_ready(&mut self, fx: &mut Effects, now: u64) {
        if !self.persists() || self.read_only {
            return;
        }
        if let Some(timeline) = self.engine.ready(&self.locale, now) {
            let text = self.print(&timeline.to_value(&*self.runtime));
            if let Err(why) = self.storage.set(&self.ready_key(), &text) {
                self.storage_failed(fx, why);
            }
        }
    }

    /// Another page wrote `text` under the key: merged in; a write is due if this page holds
    /// something it lacked. Its own problems are the writing page's to report.
    pub fn merge_written(&mut self, text: &str, fx: &mut Effects, now: u64) {
        if !self.consent.profile.allows_storage() {
            return;
        }
        match self.decode(text) {
            Ok(theirs) => {
                let change = self.engine.absorb(&theirs.profile, now);
                self.note_change(fx, change, now);
                if self.engine.profile() != &theirs.profile {
                    fx.write_soon = true;
                }
            }
            Err(e @ StoreError::Newer(_)) => self.refuse_newer(fx, e),
            Err(StoreError::Corrupt(_)) => {}
        }
    }

    fn erase(&mut self) {
        self.last_text = None;
        self.logged.clear();
        for key in [self.key.clone(), self.corrupt_key(), self.ready_key(), self.log_key()] {
            let _ = self.storage.remove(&key);
        }
    }

    /// Validates and applies one event; a refused event is reported with its name.
    pub fn track(&mut self, raw: &Value, fx: &mut Effects, now: u64) {
        match self.engine.track(raw, now) {
            Ok(tracked) => {
                fx.errors.extend(tracked.notices.into_iter().map(Error::from));
                self.note_change(fx, tracked.change, now);
                fx.write_soon = true;
            }
            Err(e) => {
                let e = Error::from(e);
                let message = match raw.get("event").and_then(Value::as_str) {
                    Some(name) => format!("track(\"{}\"): {}", name.chars().take(40).collect::<String>(), e.message),
                    None => format!("track: {}", e.message),
                };
                fx.errors.push(e.reworded(message));
            }
        }
    }

    /// Takes the shop's records of the signed-in customer's orders. Bad facts are returned, for the
    /// binding to throw, and change nothing; good ones are written like any other profile fact
    /// (only with the profile's consent).
    pub fn know_orders(&mut self, raw: &Value, fx: &mut Effects, now: u64) -> Result<(), Error> {
        let change = self.engine.know_orders(raw, now, &*self.runtime).map_err(|e| {
            let e = e.with_code(Code::InvalidArgument);
            let message = format!("knownOrders: {}", e.message);
            e.reworded(message)
        })?;
        self.note_change(fx, change, now);
        fx.write_soon = true;
        Ok(())
    }

    /// Changes consent: a profile denied erases everything stored; a profile allowed loads and
    /// writes; measurement only decides whether exposures go out. True when storage has just become
    /// allowed (the page's listeners may now be attached).
    pub fn set_consent(&mut self, consent: Purposes, fx: &mut Effects, now: u64) -> bool {
        let was = self.consent.profile;
        self.consent = consent;
        if consent.profile.erases_storage() {
            self.erase();
        }
        if consent.profile.allows_storage() {
            self.write(fx, now);
        }
        consent.profile.allows_storage() && !was.allows_storage()
    }

    /// Records `what` the shopper did with message `id` and reports its exposure; with `None`,
    /// only reports it. `method` names the call in errors.
    pub fn interact(&mut self, id: &str, what: Option<Interaction>, method: &str, fx: &mut Effects, now: u64) {
        let reported = match what {
            Some(what) => self.engine.interact_reporting(id, what, now, self.consent.measurement),
            None => self.engine.exposed(id, now, self.consent.measurement),
        };
        match reported {
            Ok(exposure) => {
                fx.exposures.extend(exposure);
                fx.write_soon = what.is_some();
            }
            Err(e) => {
                let e = Error::from(e);
                let message = format!("{method}: {}", e.message);
                fx.errors.push(e.reworded(message));
            }
        }
    }

    /// The message for `slot` with `page` as the page context, its exposures reported.
    pub fn decide(&mut self, slot: &str, page: Value, fx: &mut Effects, now: u64) -> Option<Decision> {
        let (decision, change, exposures) =
            self.engine.decide_reporting(slot, page, &self.locale, now, self.consent.measurement);
        self.note_change(fx, change, now);
        fx.exposures = exposures;
        decision
    }

    /// The stage report now; a change seen here is announced and stored.
    pub fn report(&mut self, fx: &mut Effects, now: u64) -> Value {
        let (report, change) = self.engine.report(now);
        let value = report.to_value();
        if let Some(change) = change {
            fx.announce(value.clone(), change);
        }
        value
    }

    /// What targeting conditions see now.
    pub fn attributes(&mut self, fx: &mut Effects, now: u64) -> Value {
        let (attributes, change) = self.engine.attributes(now, &self.locale, Value::Null);
        self.note_change(fx, change, now);
        attributes
    }

    /// Takes the attribute `recommended` from `source` from now on (the page loaded a
    /// recommendations file). The decisions kept for the slot script are written again soon, since
    /// messages may read `recommended`.
    pub fn recommended_by(&mut self, source: Option<RecommendedSource>, fx: &mut Effects) {
        self.engine.recommended_by(source);
        if self.consent.profile.allows_storage() && self.engine.keeps_ready() {
            fx.write_soon = true;
        }
    }

    /// What a recommender is asked for up to `n` items (at most [`recommender::MAX_ITEMS`]) on a
    /// page with context `page`: `{ n, product, trail }` as JSON text (see
    /// [`recommender::request_text`]).
    pub fn recommendation_request(&self, n: usize, page: &Value) -> String {
        let product = recommender::current_product(page);
        let n = n.min(recommender::MAX_ITEMS);
        recommender::request_text(&self.engine.profile().trail(), n, product.as_deref())
    }

    /// Everything held about the shopper, as JSON: `{ [key]: document }`, with what was set aside
    /// as corrupt and the slot script's kept decisions and log.
    pub fn export(&self) -> String {
        let mut out = Map::default();
        out.insert(&self.key, self.engine.stored());
        if self.consent.profile.allows_storage() {
            if let Ok(Some(text)) = self.storage.get(&self.corrupt_key()) {
                out.insert(&self.corrupt_key(), Value::String(text));
            }
            for key in [self.ready_key(), self.log_key()] {
                if let Some(kept) = self.storage.get(&key).ok().flatten().and_then(|t| self.parse(&t)) {
                    out.insert(&key, kept);
                }
            }
        }
        self.print(&Value::Object(out))
    }

    /// Erases everything stored and starts over as a new visitor.
    pub fn forget(&mut self, fx: &mut Effects, now: u64) {
        self.erase();
        self.engine.forget(now);
        self.read_only = false;
        self.write(fx, now);
    }
}
