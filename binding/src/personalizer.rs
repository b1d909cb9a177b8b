//! `Personalizer`: the JavaScript class. It reads the options, converts arguments and results,
//! and hands each call to the state it shares with the page's listeners ([`super::shared`]),
//! whose core [`Session`] decides what happens to stored data.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{self, from_js, to_js};
use super::error::JsError;
use super::opening::Opening;
use super::render;
use super::runtime::runtime;
use super::shared::{invalid_argument, Shared, State};
use super::storage::Backend;
use super::types::{
    AttributesValue, ConsentArg, ConsentPurposesValue, ContextArg, DecisionOrNull, ElementArg, KnownOrdersArg,
    MessageIdArg, PersonalizerOptions, PersonalizerPromise, SlotArg, StageReportValue, TrailEventArg,
};
use crumbtrail_core::{
    profile::messages::Interaction, Code, Consent, Effects, Engine, Error, Purposes, Session, Start, Value,
};

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

fn decision_or_null(decision: Option<crumbtrail_core::decide::Decision>) -> DecisionOrNull {
    decision.map_or(JsValue::NULL, |d| to_js(&d.into_value())).unchecked_into()
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
        let personalizer = Personalizer::open(Opening::new(options)?)?;
        personalizer.listen();
        Ok(personalizer)
    }

    /// Creates a personaliser as the constructor does, in steps with the page's own work between
    /// them, so that none is a long task on a slow phone: the options read, then checked and
    /// compiled, then the profile loaded, then the page's events listened to. Resolves to the
    /// `Personalizer`; rejects with the constructor's `Error` for a configuration mistake. (In Node,
    /// where there is no page to yield to, it does them at once.)
    ///
    /// ```ts
    /// const p = await Personalizer.create({ messages });
    /// ```
    pub fn create(options: Option<PersonalizerOptions>) -> PersonalizerPromise {
        let created = Personalizer::new(options).map(JsValue::from);
        match created {
            Ok(personalizer) => js_sys::Promise::resolve(&personalizer),
            Err(error) => js_sys::Promise::reject(&error.into()),
        }
        .unchecked_into()
    }

    /// The third of `create`'s steps: loads the stored profile with the checked options.
    #[wasm_bindgen(js_name = _open, skip_typescript)]
    pub fn open(opening: Opening) -> Result<Personalizer, JsError> {
        let (hooks, choice, config) = opening.checked()?;
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
            ready_pending: false,
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
        Ok(Personalizer { shared })
    }

    /// The last of `create`'s steps: listens to the page leaving and to other tabs (once).
    #[wasm_bindgen(js_name = _listen, skip_typescript)]
    pub fn listen(&self) {
        self.shared.attach_page_listeners();
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
        let mut out = crumbtrail_core::Map::default();
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
