//! The page's callbacks and clock, and delivering what a call left for the page: errors to
//! `onError` (else `console.warn`), a stage change to `onStageChange`, exposures to `onExposure`
//! and, opted in, to the page's `dataLayer`. The callbacks' own exceptions are swallowed.

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use super::convert::{self, to_js};
use super::error::JsError;
use crumbtrail_core::exposure::Exposure;
use crumbtrail_core::{Effects, Value};

/// The page's callbacks and clock; fixed at construction.
pub struct Hooks {
    pub now: Option<Function>,
    pub on_error: Option<Function>,
    pub on_stage_change: Option<Function>,
    pub on_exposure: Option<Function>,
    /// `exposuresToDataLayer`: exposures are also pushed into `globalThis.dataLayer`.
    pub exposures_to_data_layer: bool,
}

impl Hooks {
    /// The clock: the `now` option if it returns a usable number, else `Date.now()`.
    pub fn now(&self) -> u64 {
        let custom = self.now.as_ref().and_then(|f| f.call0(&JsValue::UNDEFINED).ok()).and_then(|v| v.as_f64());
        let ms = custom.filter(|n| n.is_finite() && *n >= 0.0).unwrap_or_else(js_sys::Date::now);
        ms as u64
    }

    /// Tells the page what happened; a write still due is the caller's to schedule.
    pub fn deliver(&self, fx: Effects) {
        for error in fx.errors {
            let e = JsError(error).to_js("crumbtrail: ");
            match &self.on_error {
                Some(f) => drop(f.call1(&JsValue::UNDEFINED, &e)),
                None => web_sys::console::warn_1(&e),
            }
        }
        if let (Some((report, previous)), Some(f)) = (fx.stage_change, &self.on_stage_change) {
            let previous = previous.map_or(JsValue::NULL, |s| JsValue::from_str(s.as_str()));
            let _ = f.call2(&JsValue::UNDEFINED, &to_js(&report), &previous);
        }
        for exposure in &fx.exposures {
            if let Some(f) = &self.on_exposure {
                let _ = f.call1(&JsValue::UNDEFINED, &to_js(&exposure.to_value()));
            }
            if self.exposures_to_data_layer {
                push_to_data_layer(exposure);
            }
        }
    }
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
