//! `Personalizer`: the JavaScript class. It converts arguments, does the browser's part — the
//! clock, storage, the page's events, callbacks — and hands everything else to the core's
//! [`Session`], which decides what happens to stored data.
//!
//! Two rules shape it. Nothing escapes into the page: every method takes `&self` (wasm-bindgen
//! throws on re-entrant `&mut self` calls), state sits behind a `RefCell` taken with
//! `try_borrow_mut`, and the page's callbacks run only after the borrow is released, with their
//! own exceptions swallowed. And writes are coalesced: a microtask writes once per task;
//! `pagehide` and a hidden page write at once.

use std::cell::{OnceCell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{self, from_js, to_js};
use super::effects::Hooks;
use super::error::JsError;
use super::listeners::{self, Listener, Withdrawals};
use super::render;
use super::runtime::JsRuntime;
use super::storage::{Backend, Choice};
use super::types::{
    AttributesValue, ConsentArg, ConsentPurposesValue, ContextArg, DecisionOrNull, ElementArg, KnownOrdersArg,
    MessageIdArg, PersonalizerOptions, SlotArg, StageReportValue, TrailEventArg,
};
use crumbtrail_core::base::error::{Code, Error};
use crumbtrail_core::base::value::Value;
use crumbtrail_core::config::Options;
use crumbtrail_core::consent::{Consent, Purposes};
use crumbtrail_core::engine::{Engine, Interaction};
use crumbtrail_core::session::{Effects, Session, Start};

pub(super) struct State {
    pub(super) session: Session,
    write_pending: bool,
    /// The page's `localStorage`: other tabs' writes arrive as `storage` events.
    shared_with_tabs: bool,
    listeners: Vec<Listener>,
    /// Where tabs sharing the key hear that the profile's consent was withdrawn.
    withdrawals: Option<Withdrawals>,
}

pub(super) struct Shared {
    pub(super) state: RefCell<State>,
    hooks: Hooks,
    /// What rendered messages call when the shopper clicks or dismisses them (made on first use).
    on_interaction: OnceCell<Closure<dyn FnMut(JsValue, u32)>>,
    /// What the page's recommender did wrong while the state was in use, for `onError` after.
    pub(super) recommender_errors: Rc<RefCell<Vec<Error>>>,
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = queueMicrotask)]
    fn queue_microtask(task: &JsValue) -> Result<(), JsValue>;
}

pub(super) fn invalid_argument(message: &str) -> Error {
    Error::new(Code::InvalidArgument, message)
}

impl Shared {
    /// Runs `f` on the state, then delivers its effects. A call made from inside one of the
    /// page's callbacks while the state is in use is reported, not thrown.
    pub(super) fn with<R>(self: &Rc<Self>, fallback: R, f: impl FnOnce(&mut State, &mut Effects, u64) -> R) -> R {
        let now = self.hooks.now();
        let mut fx = Effects::default();
        let result = match self.state.try_borrow_mut() {
            Ok(mut state) => f(&mut state, &mut fx, now),
            Err(_) => {
                fx.errors.push(Error::new(Code::Busy, "called from inside a storage method while busy: ignored"));
                fallback
            }
        };
        if let Ok(mut errors) = self.recommender_errors.try_borrow_mut() {
            fx.errors.append(&mut errors);
        }
        let write_soon = fx.write_soon;
        self.hooks.deliver(fx);
        if write_soon {
            self.schedule_write();
        }
        result
    }

    /// Reports `error` through `onError`.
    pub(super) fn report(self: &Rc<Self>, error: Error) {
        self.with((), |_, fx, _| fx.errors.push(error));
    }

    /// One write per task: the first change queues a microtask, later ones ride along.
    fn schedule_write(self: &Rc<Self>) {
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        if state.write_pending || !state.session.consent().profile.allows_storage() {
            return;
        }
        state.write_pending = true;
        drop(state);
        let weak = Rc::downgrade(self);
        let task = Closure::once_into_js(move || {
            if let Some(shared) = weak.upgrade() {
                shared.write();
            }
        });
        if queue_microtask(&task).is_err() {
            // No microtask queue (a very old engine): write now rather than never.
            self.write();
        }
    }

    pub(super) fn write(self: &Rc<Self>) {
        self.with((), |state, fx, now| {
            state.write_pending = false;
            state.session.write(fx, now);
        });
    }

    /// Another tab wrote under `key`: merged in when it is this instance's key.
    pub(super) fn merge_written(self: &Rc<Self>, key: &str, text: &str) {
        if self.state.try_borrow().is_ok_and(|s| s.session.key() == key) {
            self.with((), |state, fx, now| state.session.merge_written(text, fx, now));
        }
    }

    fn track(self: &Rc<Self>, raw: &Value) {
        self.with((), |state, fx, now| state.session.track(raw, fx, now));
    }

    /// Sets consent; withdrawing the profile's here is announced to the other tabs.
    fn set_consent(self: &Rc<Self>, consent: Purposes) {
        let attach = self.with(false, |state, fx, now| {
            let withdrawn = consent.profile == Consent::Denied && state.session.consent().profile != Consent::Denied;
            if withdrawn {
                if let Some(withdrawals) = &state.withdrawals {
                    withdrawals.announce();
                }
            }
            state.session.set_consent(consent, fx, now) && state.listeners.is_empty()
        });
        if attach {
            self.attach_page_listeners();
        }
    }

    /// Another tab withdrew the profile's consent: erased here too, at once (measurement unchanged).
    pub(super) fn withdrawn_elsewhere(self: &Rc<Self>) {
        self.with((), |state, fx, now| {
            let consent = state.session.consent();
            if consent.profile != Consent::Denied {
                state.session.set_consent(Purposes { profile: Consent::Denied, ..consent }, fx, now);
            }
        });
    }

    /// Records `what` the shopper did with message `id` and reports its exposure; with `None`, only
    /// reports it (`exposed`), so there is nothing to write.
    fn interact(self: &Rc<Self>, id: &JsValue, what: Option<Interaction>, method: &str) {
        let Some(id) = id.as_string() else {
            return self.report(invalid_argument(&format!("{method}: the message id must be a string")));
        };
        self.with((), |state, fx, now| state.session.interact(&id, what, method, fx, now));
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
        let Ok((shared_with_tabs, key)) =
            self.state.try_borrow().map(|s| (s.shared_with_tabs, s.session.key().to_owned()))
        else {
            return;
        };
        let listeners = listeners::attach(self, shared_with_tabs);
        let withdrawals = if shared_with_tabs { Withdrawals::open(self, &key) } else { None };
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.listeners.extend(listeners);
            state.withdrawals = state.withdrawals.take().or(withdrawals);
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
    pub(super) shared: Rc<Shared>,
}

/// The shopper's offset from UTC now, minutes east (JavaScript counts them west).
fn utc_offset_minutes() -> i32 {
    let west = js_sys::Date::new_0().get_timezone_offset();
    if west.is_finite() {
        -(west as i32)
    } else {
        0
    }
}

fn callback(options: &JsValue, name: &str, what: &str) -> Result<Option<Function>, JsError> {
    let v = convert::get_own(options, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Function>().map(Some).map_err(|_| JsError::at(Code::InvalidOption, name, &format!("expected {what}")))
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
    pub fn new(options: Option<PersonalizerOptions>) -> Result<Personalizer, JsError> {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
        if !(options.is_undefined() || options.is_null() || options.is_object()) || options.is_function() {
            return Err(JsError::at(Code::InvalidOption, "options", "expected an object"));
        }
        let hooks = Hooks {
            now: callback(&options, "now", "a function returning ms since the epoch")?,
            on_error: callback(&options, "onError", "a function")?,
            on_stage_change: callback(&options, "onStageChange", "a function")?,
            on_exposure: callback(&options, "onExposure", "a function")?,
            exposures_to_data_layer: false,
        };
        let choice = Choice::from_option(&convert::get_own(&options, "storage"))
            .map_err(|m| Error::new(Code::InvalidOption, m).at("storage"))?;
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
        let config = Options::from_value(&plain, &runtime())?;
        let hooks = Hooks { exposures_to_data_layer: config.exposures_to_data_layer, ..hooks };
        let (backend, storage_problem) = Backend::open(choice);
        let shared_with_tabs = backend.is_shared_with_tabs();
        let locale = config
            .locale
            .clone()
            .unwrap_or_else(|| web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into()));
        let now = hooks.now();
        let start = Start {
            engine: Engine::new(config.rules, config.priors, random_seed(), now)
                .with_catalogue(config.catalogue)
                .with_utc_offset(utc_offset_minutes()),
            storage: Box::new(backend),
            storage_problem,
            runtime: runtime(),
            key: config.storage_key,
            consent: if config.honor_gpc && global_privacy_control() {
                Purposes::both(Consent::Denied)
            } else {
                config.consent
            },
            locale,
        };
        let mut opened = Effects::default();
        let state = State {
            session: Session::open(start, &mut opened, now),
            write_pending: false,
            shared_with_tabs,
            listeners: Vec::new(),
            withdrawals: None,
        };
        let shared = Rc::new(Shared {
            state: RefCell::new(state),
            hooks,
            on_interaction: OnceCell::new(),
            recommender_errors: Rc::default(),
        });
        shared.with((), |_, fx, _| *fx = opened);
        shared.attach_page_listeners();
        Ok(Personalizer { shared })
    }

    /// Records what the shopper did. Never throws: a malformed event is dropped, the profile is
    /// unchanged, and `onError` hears why (`track("purchase"): value: expected a number, got a string`).
    pub fn track(&self, event: &TrailEventArg) {
        self.shared.track(&from_js(event));
    }

    /// The shopper's stage now, with reasons and metrics. A shopper can lapse without doing
    /// anything: a change seen here is reported to `onStageChange` and stored.
    pub fn stage(&self) -> StageReportValue {
        let report = self.shared.with(Value::Null, |state, fx, now| state.session.report(fx, now));
        to_js(&report).unchecked_into()
    }

    /// What targeting conditions see: stage, metrics, categories, cart, locale.
    pub fn attributes(&self) -> AttributesValue {
        let attributes = self.shared.with(Value::Null, |state, fx, now| state.session.attributes(fx, now));
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
            self.shared.report(invalid_argument("render: expected a DOM element"));
            return decision_or_null(None);
        };
        let context: JsValue = context.map_or(JsValue::UNDEFINED, Into::into);
        let Some(decision) = self.decision(slot, &context) else {
            render::clear(element);
            return decision_or_null(None);
        };
        match render::fill(
            element,
            &decision.id,
            &decision.content,
            decision.lang.as_deref(),
            self.shared.on_interaction(),
        ) {
            Ok(()) => self.shared.interact(&JsValue::from_str(&decision.id), Some(Interaction::Seen), "seen"),
            Err(e) => {
                let why = e.as_string().or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())));
                let why = why.unwrap_or_else(|| "the DOM refused".into());
                self.shared.report(Error::new(Code::RenderFailed, format!("render: {why}")));
            }
        }
        decision_or_null(Some(decision))
    }

    /// Changes consent, for both purposes (`"granted"`) or each apart (`{ profile, measurement }`,
    /// a purpose left out unchanged). For the profile, `"granted"` loads the stored profile, merges
    /// this page's into it and writes; `"pending"` keeps to memory; `"denied"` erases everything
    /// crumbtrail stored, in every tab. Measurement decides whether exposures go out. Throws only
    /// for a value that is none of these.
    #[wasm_bindgen(js_name = setConsent)]
    pub fn set_consent(&self, state: &ConsentArg) -> Result<(), JsError> {
        let current = self.consent_now();
        let consent = Purposes::from_value(&from_js(state), "", current).map_err(|e| {
            let e = e.with_code(Code::InvalidArgument);
            let message = format!("setConsent: {}", e.message);
            e.reworded(message)
        })?;
        self.shared.set_consent(consent);
        Ok(())
    }

    /// Consent now, per purpose: `{ profile, measurement }`.
    pub fn consent(&self) -> ConsentPurposesValue {
        let c = self.consent_now();
        let mut out = crumbtrail_core::base::value::Map::default();
        out.insert("profile", Value::String(c.profile.as_str().into()));
        out.insert("measurement", Value::String(c.measurement.as_str().into()));
        to_js(&Value::Object(out)).unchecked_into()
    }

    fn consent_now(&self) -> Purposes {
        self.shared.state.try_borrow().map_or(Purposes::both(Consent::Pending), |s| s.session.consent())
    }

    /// Tells what the shop's own records hold for its signed-in customer's orders (`{ count,
    /// first, last, revenue, currency }`): the profile's order facts become the larger of these and
    /// what this device saw, and purchases tracked after `last` add to them. The same facts again
    /// change nothing. Stored like any other profile fact, only with the profile's consent. Throws
    /// a `CrumbtrailError` (`invalid_argument`, with the field's path) for bad facts, which change
    /// nothing.
    #[wasm_bindgen(js_name = knownOrders)]
    pub fn known_orders(&self, facts: &KnownOrdersArg) -> Result<(), JsError> {
        let raw = from_js(facts);
        // While busy, `with` reports so through onError, as for every other method.
        self.shared.with(Ok(()), |state, fx, now| state.session.know_orders(&raw, fx, now))?;
        Ok(())
    }

    /// Everything crumbtrail holds about the shopper, as JSON: `{ [storageKey]: document }`, plus
    /// `[storageKey + ":corrupt"]` when unreadable data was set aside.
    pub fn export(&self) -> String {
        self.shared.with(String::from("{}"), |state, _, _| state.session.export())
    }

    /// Erases everything crumbtrail stored and starts over as a new visitor. Other tabs adopt the
    /// new visitor the next time they read storage.
    pub fn forget(&self) {
        self.shared.with((), |state, fx, now| state.session.forget(fx, now));
    }

    /// Writes now instead of at the end of the task. Never throws.
    pub fn flush(&self) {
        self.shared.write();
    }
}

impl Personalizer {
    fn decision(&self, slot: &JsValue, context: &JsValue) -> Option<crumbtrail_core::decide::Decision> {
        let page = if context.is_undefined() { Value::Null } else { from_js(context) };
        let Some(slot) = slot.as_string() else {
            self.shared.report(invalid_argument("decide: the slot must be a string"));
            return None;
        };
        self.shared.with(None, |state, fx, now| state.session.decide(&slot, page, fx, now))
    }
}
