//! `Personalizer`: the JavaScript class. It owns the browser I/O — storage, the clock, events of
//! the page, callbacks — and asks the [`Engine`] for everything else.
//!
//! Two rules shape it. Nothing escapes into the page: every method takes `&self` (wasm-bindgen
//! throws on re-entrant `&mut self` calls), state sits behind a `RefCell` taken with
//! `try_borrow_mut`, and the page's callbacks run only after the borrow is released, with their
//! own exceptions swallowed. And writes are coalesced: a microtask writes once per task, merging
//! what other tabs stored first; `pagehide` and a hidden page write at once.

use std::cell::{OnceCell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{self, from_js, to_js};
use super::datalayer::{nothing_to_detach, Tap};
use super::render;
use super::runtime::JsRuntime;
use super::storage::{Backend, Choice};
use super::types::{
    AttributesValue, ConsentArg, ContextArg, DataLayerArg, DecisionOrNull, DetachFn, ElementArg, MessageIdArg,
    PersonalizerOptions, SegmentNameArg, SegmentPropertiesArg, ShopifyEventArg, SlotArg, StageReportValue,
    TrailEventArg, TrailEventOrNull,
};
use crumbtrail_core::base::value::Value;
use crumbtrail_core::config::{ConfigError, Options};
use crumbtrail_core::consent::Consent;
use crumbtrail_core::decide::ready::{self, Logged};
use crumbtrail_core::engine::{Engine, Interaction, StageChange};
use crumbtrail_core::exposure::Exposure;
use crumbtrail_core::integrations::datalayer::{Command, DataLayer};
use crumbtrail_core::stage::Stage;
use crumbtrail_core::store::{self, StoreError};

/// The page's callbacks and clock; fixed at construction, so they live outside the `RefCell`.
struct Hooks {
    now: Option<Function>,
    on_error: Option<Function>,
    on_stage_change: Option<Function>,
    on_exposure: Option<Function>,
    /// `exposuresToDataLayer`: exposures are also pushed into `globalThis.dataLayer`.
    exposures_to_data_layer: bool,
}

impl Hooks {
    /// The clock: the `now` option if it returns a usable number, else `Date.now()`.
    fn now(&self) -> u64 {
        let custom = self.now.as_ref().and_then(|f| f.call0(&JsValue::UNDEFINED).ok()).and_then(|v| v.as_f64());
        let ms = custom.filter(|n| n.is_finite() && *n >= 0.0).unwrap_or_else(js_sys::Date::now);
        ms as u64
    }
}

/// A listener this instance added to the page, removed again when the instance is freed.
struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

struct State {
    engine: Engine,
    backend: Backend,
    key: String,
    consent: Consent,
    locale: String,
    /// A newer crumbtrail wrote the stored document: it is never written over.
    read_only: bool,
    /// A storage failure was reported; later ones are not.
    storage_failure_reported: bool,
    write_pending: bool,
    /// The stored text this tab last wrote or merged: finding it again, there is nothing to merge.
    last_text: Option<String>,
    /// The slot script's log entries taken in: removed from the log once the profile holding them
    /// is written, so that the script counts only what the engine has not seen.
    logged: Vec<Logged>,
    listeners: Vec<Listener>,
    /// Consent Mode commands in a listened `dataLayer` drive consent.
    consent_mode: bool,
    /// The `dataLayer`s listened to; dropping one detaches it.
    taps: Vec<Tap>,
}

struct Shared {
    state: RefCell<State>,
    hooks: Hooks,
    /// What rendered messages call when the shopper clicks or dismisses them (made on first use).
    on_interaction: OnceCell<Closure<dyn FnMut(JsValue, u32)>>,
}

/// What a call did that the page must hear about, delivered after the state is released.
#[derive(Default)]
struct Effects {
    errors: Vec<String>,
    stage_change: Option<(Value, Option<Stage>)>,
    write_soon: bool,
    /// Exposures the engine decided to report (it already checked consent and duplicates).
    exposures: Vec<Exposure>,
}

impl Effects {
    /// A stage change: `onStageChange` hears `report`, and the new stage is stored soon.
    fn announce(&mut self, report: Value, change: StageChange) {
        self.stage_change = Some((report, change.previous));
        self.write_soon = true;
    }
}

impl State {
    fn corrupt_key(&self) -> String {
        format!("{}:corrupt", self.key)
    }

    /// Where the decisions kept ready for the slot script are stored.
    fn ready_key(&self) -> String {
        format!("{}:ready", self.key)
    }

    /// Where the slot script logs what it showed and what the shopper did with it.
    fn log_key(&self) -> String {
        format!("{}:log", self.key)
    }

    /// Takes in what the slot script logged while the engine was not there; a damaged log is
    /// reported and dropped.
    fn take_in_log(&mut self, fx: &mut Effects) {
        let key = self.log_key();
        let Ok(Some(text)) = self.backend.get(&key) else { return };
        match ready::read_log_text(&text, &JsRuntime) {
            Ok(logged) => {
                self.engine.absorb_logged(&logged);
                self.logged = logged;
            }
            Err(e) => {
                fx.errors.push(e.to_string());
                let _ = self.backend.remove(&key);
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
        let Ok(Some(text)) = self.backend.get(&key) else { return };
        let Ok(mut left) = ready::read_log_text(&text, &JsRuntime) else { return };
        left.retain(|entry| !taken.contains(entry));
        let _ = match left.is_empty() {
            true => self.backend.remove(&key),
            false => self.backend.set(&key, &encode(&ready::log_value(&left))),
        };
    }

    /// Reports kept decisions the slot script could not use (it showed the baseline); the next
    /// write replaces them.
    fn check_ready(&self, fx: &mut Effects) {
        let Ok(Some(text)) = self.backend.get(&self.ready_key()) else { return };
        if let Err(e) = ready::check_text(&text, &JsRuntime) {
            fx.errors.push(e.to_string());
        }
    }

    fn report_storage_failure(&mut self, fx: &mut Effects, why: String) {
        if !self.storage_failure_reported {
            self.storage_failure_reported = true;
            fx.errors.push(format!("storage failed ({why}): keeping the profile in memory"));
        }
        self.backend = Backend::Memory(Default::default());
    }

    fn note_change(&mut self, fx: &mut Effects, change: Option<StageChange>, now: u64) {
        if let Some(change) = change {
            let (report, _) = self.engine.report(now);
            fx.announce(report.to_value(), change);
        }
    }

    /// Merges what is stored into this tab's profile: corrupt data is moved aside, a newer format
    /// makes this instance read-only, an idle profile past retention is erased.
    fn load(&mut self, fx: &mut Effects, now: u64) {
        if !self.consent.allows_storage() || self.backend.is_memory() {
            return;
        }
        self.take_in_log(fx);
        let text = match self.backend.get(&self.key) {
            Ok(Some(text)) if self.last_text.as_ref() == Some(&text) => return,
            Ok(Some(text)) => text,
            Ok(None) => return,
            Err(why) => return self.report_storage_failure(fx, why),
        };
        self.last_text = None;
        match decode(&text) {
            Ok(doc) if store::is_expired(&doc.profile, self.engine.rules(), now) => {
                let _ = self.backend.remove(&self.key);
            }
            Ok(doc) => {
                let change = self.engine.absorb(&doc.profile, now);
                self.note_change(fx, change, now);
                self.last_text = Some(text);
            }
            Err(StoreError::Newer(v)) => {
                if !self.read_only {
                    self.read_only = true;
                    fx.errors.push(StoreError::Newer(v).to_string());
                }
            }
            Err(e @ StoreError::Corrupt(_)) => {
                let corrupt_key = self.corrupt_key();
                let moved = self.backend.set(&corrupt_key, &text).and_then(|()| self.backend.remove(&self.key));
                fx.errors.push(match moved {
                    Ok(()) => format!("{e}: moved to \"{corrupt_key}\", starting a fresh profile"),
                    Err(why) => format!("{e}, and could not be moved to \"{corrupt_key}\" ({why})"),
                });
                if !matches!(self.backend.get(&self.key), Ok(None)) {
                    // Never overwrite data that could not be set aside.
                    self.read_only = true;
                }
            }
        }
    }

    /// Merges what is stored, then writes the result.
    fn write(&mut self, fx: &mut Effects, now: u64) {
        self.write_pending = false;
        if !self.consent.allows_storage() || self.read_only || self.backend.is_memory() {
            return;
        }
        self.load(fx, now);
        if self.read_only || self.backend.is_memory() {
            return;
        }
        let text = encode(&self.engine.stored());
        if let Err(why) = self.backend.set(&self.key, &text) {
            return self.report_storage_failure(fx, why);
        }
        self.last_text = Some(text);
        self.engine.stored_now();
        self.drop_logged();
        if let Some(timeline) = self.engine.ready(&self.locale, now) {
            let ready_key = self.ready_key();
            if let Err(why) = self.backend.set(&ready_key, &encode(&timeline.to_value(&JsRuntime))) {
                self.report_storage_failure(fx, why);
            }
        }
    }

    fn erase(&mut self) {
        self.last_text = None;
        self.logged.clear();
        for key in [self.key.clone(), self.corrupt_key(), self.ready_key(), self.log_key()] {
            let _ = self.backend.remove(&key);
        }
    }
}

fn decode(text: &str) -> Result<store::Document, StoreError> {
    let parsed =
        crumbtrail_core::base::json::parse(text, &JsRuntime).ok_or_else(|| StoreError::Corrupt("not JSON".into()))?;
    store::decode(&parsed)
}

fn encode(value: &Value) -> String {
    crumbtrail_core::base::json::to_text(value, &JsRuntime)
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = queueMicrotask)]
    fn queue_microtask(task: &JsValue) -> Result<(), JsValue>;
}

fn error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

impl Shared {
    /// Runs `f` on the state, then delivers its effects. A call made from inside one of the
    /// page's callbacks while the state is in use is reported, not thrown.
    fn with<R>(self: &Rc<Self>, fallback: R, f: impl FnOnce(&mut State, &mut Effects, u64) -> R) -> R {
        let now = self.hooks.now();
        let mut fx = Effects::default();
        let result = match self.state.try_borrow_mut() {
            Ok(mut state) => f(&mut state, &mut fx, now),
            Err(_) => {
                fx.errors.push("called from inside a storage method while busy: ignored".into());
                fallback
            }
        };
        self.deliver(fx);
        result
    }

    fn deliver(self: &Rc<Self>, fx: Effects) {
        for message in fx.errors {
            let e = error(&format!("crumbtrail: {message}"));
            match &self.hooks.on_error {
                Some(f) => drop(f.call1(&JsValue::UNDEFINED, &e)),
                None => web_sys::console::warn_1(&e),
            }
        }
        if let (Some((report, previous)), Some(f)) = (fx.stage_change, &self.hooks.on_stage_change) {
            let previous = previous.map_or(JsValue::NULL, |s| JsValue::from_str(s.as_str()));
            let _ = f.call2(&JsValue::UNDEFINED, &to_js(&report), &previous);
        }
        for exposure in &fx.exposures {
            if let Some(f) = &self.hooks.on_exposure {
                let _ = f.call1(&JsValue::UNDEFINED, &to_js(&exposure.to_value()));
            }
            if self.hooks.exposures_to_data_layer {
                push_to_data_layer(exposure);
            }
        }
        if fx.write_soon {
            self.schedule_write();
        }
    }

    /// One write per task: the first change queues a microtask, later ones ride along.
    fn schedule_write(self: &Rc<Self>) {
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        if state.write_pending || !state.consent.allows_storage() {
            return;
        }
        state.write_pending = true;
        drop(state);
        let weak = Rc::downgrade(self);
        let task = Closure::once_into_js(move || {
            if let Some(shared) = weak.upgrade() {
                shared.with((), |state, fx, now| state.write(fx, now));
            }
        });
        if queue_microtask(&task).is_err() {
            // No microtask queue (a very old engine): write now rather than never.
            self.with((), |state, fx, now| state.write(fx, now));
        }
    }

    fn listen(self: &Rc<Self>, target: web_sys::EventTarget, kind: &'static str, on: fn(&Rc<Shared>, web_sys::Event)) {
        let weak: Weak<Shared> = Rc::downgrade(self);
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            if let Some(shared) = weak.upgrade() {
                on(&shared, event);
            }
        });
        if target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref()).is_ok() {
            if let Ok(mut state) = self.state.try_borrow_mut() {
                state.listeners.push(Listener { target, kind, closure });
            }
        }
    }

    /// Another tab wrote: merge it, and write back if this tab holds something it lacked.
    fn on_storage(self: &Rc<Self>, event: web_sys::Event) {
        let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
        let key_matches = self.state.try_borrow().is_ok_and(|s| event.key().as_deref() == Some(s.key.as_str()));
        let Some(text) = event.new_value().filter(|_| key_matches) else { return };
        self.with((), |state, fx, now| {
            if !state.consent.allows_storage() {
                return;
            }
            match decode(&text) {
                Ok(theirs) => {
                    let change = state.engine.absorb(&theirs.profile, now);
                    state.note_change(fx, change, now);
                    if state.engine.profile() != &theirs.profile {
                        fx.write_soon = true;
                    }
                }
                Err(StoreError::Newer(v)) if !state.read_only => {
                    state.read_only = true;
                    fx.errors.push(StoreError::Newer(v).to_string());
                }
                Err(_) => {} // the writing tab reports its own problems
            }
        });
    }

    /// Validates and applies one event; problems go to `onError`.
    fn track(self: &Rc<Self>, raw: &Value) {
        self.with((), |state, fx, now| match state.engine.track(raw, now) {
            Ok(tracked) => {
                fx.errors.extend(tracked.notices.iter().map(|n| n.to_string()));
                state.note_change(fx, tracked.change, now);
                fx.write_soon = true;
            }
            Err(e) => fx.errors.push(match raw.get("event").and_then(Value::as_str) {
                Some(name) => format!("track(\"{}\"): {e}", name.chars().take(40).collect::<String>()),
                None => format!("track: {e}"),
            }),
        });
    }

    fn set_consent(self: &Rc<Self>, consent: Consent) {
        let attach = self.with(false, |state, fx, now| {
            let was = state.consent;
            state.consent = consent;
            if consent.erases_storage() {
                state.erase();
            }
            if consent.allows_storage() {
                state.write(fx, now);
            }
            consent.allows_storage() && !was.allows_storage() && state.listeners.is_empty()
        });
        if attach {
            self.attach_page_listeners();
        }
    }

    /// Records `what` the shopper did with message `id` and reports its exposure; with `None`, only
    /// reports it (`exposed`), so there is nothing to write.
    fn interact(self: &Rc<Self>, id: &JsValue, what: Option<Interaction>, name: &str) {
        self.with((), |state, fx, now| {
            let Some(id) = id.as_string() else {
                return fx.errors.push(format!("{name}: the message id must be a string"));
            };
            let reported = match what {
                Some(what) => state.engine.interact_reporting(&id, what, now, state.consent),
                None => state.engine.exposed(&id, state.consent),
            };
            match reported {
                Ok(exposure) => {
                    fx.exposures.extend(exposure);
                    fx.write_soon = what.is_some();
                }
                Err(e) => fx.errors.push(format!("{name}: {e}")),
            }
        });
    }

    /// The callback of rendered messages: records a click, or a dismissal.
    fn on_interaction(self: &Rc<Self>) -> &JsValue {
        self.on_interaction
            .get_or_init(|| {
                let weak: Weak<Shared> = Rc::downgrade(self);
                Closure::new(move |id: JsValue, kind: u32| {
                    let Some(shared) = weak.upgrade() else { return };
                    match kind {
                        render::CLICKED => shared.interact(&id, Some(Interaction::Clicked), "clicked"),
                        _ => shared.interact(&id, Some(Interaction::Dismissed), "dismissed"),
                    }
                })
            })
            .as_ref()
    }

    fn attach_page_listeners(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else { return };
        let shared_with_tabs = self.state.try_borrow().is_ok_and(|s| s.backend.is_shared_with_tabs());
        if shared_with_tabs {
            self.listen(window.clone().into(), "storage", |shared, event| shared.on_storage(event));
        }
        let flush = |shared: &Rc<Shared>, _event: web_sys::Event| shared.with((), |s, fx, now| s.write(fx, now));
        self.listen(window.clone().into(), "pagehide", flush);
        if let Some(document) = window.document() {
            self.listen(document.into(), "visibilitychange", |shared, _| {
                let hidden = web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
                if hidden {
                    shared.with((), |s, fx, now| s.write(fx, now));
                }
            });
        }
    }
}

/// Follows a shopper's trail on this device, infers their lifecycle stage, and keeps it in
/// `localStorage` (or wherever `storage` says). Nothing leaves the device.
///
/// ```ts
/// const p = new Personalizer({ onStageChange: (r) => console.log(r.stage, r.reasons) });
/// p.track({ event: "view_item", items: [{ item_id: "SKU-1", item_category: "Shoes", price: 89 }] });
/// p.stage().stage; // "reach"
/// ```
#[wasm_bindgen]
pub struct Personalizer {
    shared: Rc<Shared>,
}

fn callback(options: &JsValue, name: &str, what: &str) -> Result<Option<Function>, JsValue> {
    let v = convert::get_own(options, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Function>().map(Some).map_err(|_| error(&format!("{name}: expected {what}")))
}

/// Pushes an exposure into the page's `dataLayer` (made if absent, as gtag's snippet does), after
/// the `{ ecommerce: null }` reset Google's ecommerce guide pushes before every such event. A
/// `dataLayer` that is not array-like, or a push that throws, is passed over.
fn push_to_data_layer(exposure: &Exposure) {
    let global = js_sys::global();
    let mut layer = convert::get(&global, "dataLayer");
    if layer.is_undefined() || layer.is_null() {
        layer = js_sys::Array::new().into();
        let _ = js_sys::Reflect::set(&global, &JsValue::from_str("dataLayer"), &layer);
    }
    let Ok(push) = convert::get(&layer, "push").dyn_into::<Function>() else { return };
    let reset = Value::object([("ecommerce", Value::Null)]);
    if push.call1(&layer, &to_js(&reset)).is_ok() {
        let _ = push.call1(&layer, &to_js(&exposure.to_data_layer()));
    }
}

fn decision_or_null(decision: Option<crumbtrail_core::decide::Decision>) -> DecisionOrNull {
    decision.map_or(JsValue::NULL, |d| to_js(&d.into_value())).unchecked_into()
}

pub(super) fn runtime() -> Rc<dyn crumbtrail_core::base::ecma::Runtime> {
    Rc::new(JsRuntime)
}

/// `navigator.globalPrivacyControl === true` (false without a navigator, as in Node 20).
fn global_privacy_control() -> bool {
    let navigator = convert::get(&js_sys::global(), "navigator");
    convert::get(&navigator, "globalPrivacyControl").as_bool() == Some(true)
}

fn random_seed() -> u64 {
    let half = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (half() << 32) ^ half() ^ (js_sys::Date::now() as u64)
}

#[wasm_bindgen]
impl Personalizer {
    /// Creates a personaliser and loads the stored profile (when consent allows). Throws an
    /// `Error` naming the option for any configuration mistake, e.g. `rules.lapseAfterDays:
    /// expected a positive number, got a string`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<PersonalizerOptions>) -> Result<Personalizer, JsValue> {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
        if !(options.is_undefined() || options.is_null() || options.is_object()) || options.is_function() {
            return Err(error("options: expected an object"));
        }
        let hooks = Hooks {
            now: callback(&options, "now", "a function returning ms since the epoch")?,
            on_error: callback(&options, "onError", "a function")?,
            on_stage_change: callback(&options, "onStageChange", "a function")?,
            on_exposure: callback(&options, "onExposure", "a function")?,
            exposures_to_data_layer: false,
        };
        let choice = Choice::from_option(&convert::get_own(&options, "storage")).map_err(|m| error(&m))?;
        let plain = match from_js(&options) {
            Value::Object(mut map) => {
                // Functions and storage objects were read above; the rest is plain data.
                for name in ["storage", "now", "onError", "onStageChange", "onExposure"] {
                    map.remove(name);
                }
                Value::Object(map)
            }
            other => other,
        };
        let config = Options::from_value(&plain, &runtime()).map_err(|e: ConfigError| error(&e.to_string()))?;
        let hooks = Hooks { exposures_to_data_layer: config.exposures_to_data_layer, ..hooks };
        let (backend, storage_problem) = Backend::open(choice);
        let locale = config
            .locale
            .clone()
            .unwrap_or_else(|| web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into()));
        let now = hooks.now();
        let state = State {
            engine: Engine::new(config.rules, config.priors, random_seed(), now).with_catalogue(config.catalogue),
            backend,
            key: config.storage_key,
            consent: if config.honor_gpc && global_privacy_control() { Consent::Denied } else { config.consent },
            locale,
            read_only: false,
            storage_failure_reported: storage_problem.is_some(),
            write_pending: false,
            last_text: None,
            logged: Vec::new(),
            listeners: Vec::new(),
            consent_mode: config.consent_mode,
            taps: Vec::new(),
        };
        let shared = Rc::new(Shared { state: RefCell::new(state), hooks, on_interaction: OnceCell::new() });
        shared.with((), |state, fx, now| {
            fx.errors.extend(storage_problem);
            if state.consent.erases_storage() {
                state.erase();
            }
            state.load(fx, now);
            if state.consent.allows_storage() && state.engine.keeps_ready() {
                state.check_ready(fx);
                fx.write_soon = true; // the decisions kept for the next page, fresh
            }
        });
        shared.attach_page_listeners();
        Ok(Personalizer { shared })
    }

    /// Records what the shopper did. Never throws: a malformed event is dropped, the profile is
    /// unchanged, and `onError` hears why (`track("purchase"): value: expected a number, got a string`).
    pub fn track(&self, event: &TrailEventArg) {
        self.shared.track(&from_js(event));
    }

    /// Listens to a GA4 `dataLayer`: reads the entries already there, then every later push, in
    /// both the object form (`{ event, ecommerce }`, with `{ ecommerce: null }` resets) and the
    /// `gtag()` form. Entries crumbtrail has no use for are ignored; a malformed ecommerce event is
    /// reported to `onError`. With `consentMode: true`, `gtag("consent", …)` commands set consent
    /// from `personalization_storage`. Returns a function that stops listening. Never throws.
    ///
    /// ```ts
    /// const stop = p.listen((window.dataLayer ??= []));
    /// ```
    pub fn listen(&self, data_layer: &DataLayerArg) -> DetachFn {
        let weak = Rc::downgrade(&self.shared);
        let mut model = DataLayer::default();
        let on_entry = Closure::<dyn FnMut(JsValue)>::new(move |entry: JsValue| {
            let Some(shared) = weak.upgrade() else { return };
            match model.read(&from_js(&entry)) {
                Command::Track(event) => shared.track(&event),
                Command::Consent(consent) if shared.state.try_borrow().is_ok_and(|s| s.consent_mode) => {
                    shared.set_consent(consent);
                }
                Command::Consent(_) | Command::Ignore => {}
            }
        });
        match Tap::new(data_layer, on_entry) {
            Ok(tap) => {
                let detach = tap.detach_function();
                self.shared.with((), |state, _, _| state.taps.push(tap));
                detach.unchecked_into()
            }
            Err(why) => {
                self.shared.with((), |_, fx, _| fx.errors.push(format!("listen: {why}")));
                nothing_to_detach().unchecked_into()
            }
        }
    }

    /// The shopper's stage now, with reasons and metrics. A shopper can lapse without doing
    /// anything: a change seen here is reported to `onStageChange` and stored.
    pub fn stage(&self) -> StageReportValue {
        let report = self.shared.with(Value::Null, |state, fx, now| {
            let (report, change) = state.engine.report(now);
            let value = report.to_value();
            if let Some(change) = change {
                fx.announce(value.clone(), change);
            }
            value
        });
        to_js(&report).unchecked_into()
    }

    /// What targeting conditions see: stage, metrics, categories, cart, locale.
    pub fn attributes(&self) -> AttributesValue {
        let attributes = self.shared.with(Value::Null, |state, fx, now| {
            let locale = state.locale.clone();
            let (attributes, change) = state.engine.attributes(now, &locale, Value::Null);
            state.note_change(fx, change, now);
            attributes
        });
        to_js(&attributes).unchecked_into()
    }

    /// The message to show in `slot`, or `null` when none is eligible; `context` is what conditions
    /// see under `page` (e.g. `{ path: location.pathname }`). Never throws: problems go to `onError`.
    ///
    /// ```ts
    /// const d = p.decide("hero", { path: location.pathname });
    /// if (d) banner.textContent = String(d.content.title);
    /// ```
    pub fn decide(&self, slot: &SlotArg, context: Option<ContextArg>) -> DecisionOrNull {
        let context: JsValue = context.map_or(JsValue::UNDEFINED, Into::into);
        decision_or_null(self.decision(slot, &context))
    }

    /// Records that message `id` was shown: it counts towards its frequency cap.
    pub fn seen(&self, id: &MessageIdArg) {
        self.shared.interact(id, Some(Interaction::Seen), "seen");
    }

    /// Reports the exposure of message `id` (`onExposure`, `exposuresToDataLayer`) without counting
    /// an impression: for a message already counted, as `attachSlots` does for a slot that showed
    /// the decision kept ready (the slot script logged that impression). `seen` does both.
    pub fn exposed(&self, id: &MessageIdArg) {
        self.shared.interact(id, None, "exposed");
    }

    /// Records a click on message `id` (a message with `stopAfterClick` is not shown again).
    pub fn clicked(&self, id: &MessageIdArg) {
        self.shared.interact(id, Some(Interaction::Clicked), "clicked");
    }

    /// Records that message `id` was dismissed: it is hidden for its `cooldownDays`.
    pub fn dismissed(&self, id: &MessageIdArg) {
        self.shared.interact(id, Some(Interaction::Dismissed), "dismissed");
    }

    /// Decides for `slot` and puts the message into `element` safely: text through `textContent`,
    /// only `http(s)` or relative links, a labelled region with a dismiss button. Records `seen`,
    /// and `clicked` / `dismissed` when the shopper does so (a dismissed message is removed). With
    /// no eligible message the element is emptied and hidden. Returns the decision. Never throws.
    ///
    /// Content fields used: `title`, `body`, `cta` (link text), `href`, `dismissLabel`.
    pub fn render(&self, slot: &SlotArg, element: &ElementArg, context: Option<ContextArg>) -> DecisionOrNull {
        let Some(element) = element.dyn_ref::<web_sys::Element>() else {
            self.shared.with((), |_, fx, _| fx.errors.push("render: expected a DOM element".into()));
            return decision_or_null(None);
        };
        let context: JsValue = context.map_or(JsValue::UNDEFINED, Into::into);
        let Some(decision) = self.decision(slot, &context) else {
            render::clear(element);
            return decision_or_null(None);
        };
        match render::fill(element, &decision.id, &decision.content, self.shared.on_interaction()) {
            Ok(()) => self.shared.interact(&JsValue::from_str(&decision.id), Some(Interaction::Seen), "seen"),
            Err(e) => {
                let why = e.as_string().or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())));
                self.shared.with((), |_, fx, _| {
                    fx.errors.push(format!("render: {}", why.unwrap_or_else(|| "the DOM refused".into())))
                });
            }
        }
        decision_or_null(Some(decision))
    }

    /// Changes consent. `"granted"` loads the stored profile, merges this page's into it and
    /// writes; `"pending"` keeps to memory; `"denied"` erases everything crumbtrail stored.
    /// Throws only for a value that is not one of the three.
    #[wasm_bindgen(js_name = setConsent)]
    pub fn set_consent(&self, state: &ConsentArg) -> Result<(), JsValue> {
        let given = state.as_string().unwrap_or_default();
        let consent = Consent::parse(&given).ok_or_else(|| {
            error(&format!("setConsent: expected \"granted\", \"pending\" or \"denied\", got \"{given}\""))
        })?;
        self.shared.set_consent(consent);
        Ok(())
    }

    /// Everything crumbtrail holds about the shopper, as JSON: `{ [storageKey]: document }`, plus
    /// `[storageKey + ":corrupt"]` when unreadable data was set aside.
    pub fn export(&self) -> String {
        self.shared.with(String::from("{}"), |state, _, _| {
            let mut out = crumbtrail_core::base::value::Map::default();
            out.insert(&state.key, state.engine.stored());
            if state.consent.allows_storage() {
                if let Ok(Some(text)) = state.backend.get(&state.corrupt_key()) {
                    out.insert(&state.corrupt_key(), Value::String(text));
                }
                for key in [state.ready_key(), state.log_key()] {
                    if let Some(kept) = state
                        .backend
                        .get(&key)
                        .ok()
                        .flatten()
                        .and_then(|t| crumbtrail_core::base::json::parse(&t, &JsRuntime))
                    {
                        out.insert(&key, kept);
                    }
                }
            }
            encode(&Value::Object(out))
        })
    }

    /// Erases everything crumbtrail stored and starts over as a new visitor. Other tabs adopt the
    /// new visitor the next time they read storage.
    pub fn forget(&self) {
        self.shared.with((), |state, fx, now| {
            state.erase();
            state.engine.forget(now);
            state.read_only = false;
            state.write(fx, now);
        });
    }

    /// Writes now instead of at the end of the task. Never throws.
    pub fn flush(&self) {
        self.shared.with((), |state, fx, now| state.write(fx, now));
    }
}

impl Personalizer {
    fn decision(&self, slot: &JsValue, context: &JsValue) -> Option<crumbtrail_core::decide::Decision> {
        let page = if context.is_undefined() { Value::Null } else { from_js(context) };
        self.shared.with(None, |state, fx, now| {
            let Some(slot) = slot.as_string() else {
                fx.errors.push("decide: the slot must be a string".into());
                return None;
            };
            let locale = state.locale.clone();
            let (decision, change, exposures) = state.engine.decide_reporting(&slot, page, &locale, now, state.consent);
            state.note_change(fx, change, now);
            fx.exposures = exposures;
            decision
        })
    }
}

/// The crumbtrail event for a Shopify Web Pixels standard event (`page_viewed`,
/// `product_viewed`, `collection_viewed`, `product_added_to_cart`, `checkout_started`,
/// `checkout_completed`), or `null` for one crumbtrail does not use. Never throws; pass the result
/// to `track`, which validates it like any event.
///
/// ```ts
/// analytics.subscribe("all_standard_events", (event) => { const e = fromShopify(event); if (e) p.track(e); });
/// ```
#[wasm_bindgen(js_name = fromShopify)]
pub fn from_shopify(event: &ShopifyEventArg) -> TrailEventOrNull {
    let mapped = crumbtrail_core::integrations::shopify::from_shopify(&from_js(event));
    mapped.map_or(JsValue::NULL, |e| to_js(&e)).unchecked_into()
}

/// The crumbtrail event for a Segment ecommerce v2 `track` call (Product Viewed, Product Added,
/// Checkout Started, Order Completed, Order Refunded, Product Reviewed, Product Shared, Signed
/// Up), or `null` for one crumbtrail does not use. Never throws.
///
/// ```ts
/// const e = fromSegment("Order Completed", { order_id: "50314b8e", total: 27.5, currency: "USD", products: [] });
/// ```
#[wasm_bindgen(js_name = fromSegment)]
pub fn from_segment(name: &SegmentNameArg, properties: &SegmentPropertiesArg) -> TrailEventOrNull {
    let name = name.as_string().unwrap_or_default();
    let mapped = crumbtrail_core::integrations::segment::from_segment(&name, &from_js(properties));
    mapped.map_or(JsValue::NULL, |e| to_js(&e)).unchecked_into()
}
