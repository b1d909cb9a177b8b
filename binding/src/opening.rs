//! `Opening`: the options of a `Personalizer` on their way in, read from the page and then checked
//! and compiled, as separate calls, so that `Personalizer.create` can let the page run between
//! them (each call's code is compiled by the browser on its first run: one call for all of it is
//! a long task on a slow phone). The constructor takes the same steps in one go.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{self, from_js};
use super::effects::Hooks;
use super::error::JsError;
use super::runtime::runtime;
use super::storage::Choice;
use super::types::PersonalizerOptions;
use crumbtrail_core::{Code, Error, Options, Value};

/// Where the options are: as the page gave them (plain data), or checked and compiled.
enum Stage {
    Read(Value),
    Checked(Options),
}

/// A `Personalizer`'s options, read and (after `check`) checked; not part of the typed API.
#[wasm_bindgen(skip_typescript)]
pub struct Opening {
    hooks: Hooks,
    choice: Choice,
    stage: Stage,
}

fn callback(options: &JsValue, name: &str, what: &str) -> Result<Option<Function>, JsError> {
    let v = convert::get_own(options, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Function>().map(Some).map_err(|_| JsError::at(Code::InvalidOption, name, &format!("expected {what}")))
}

#[wasm_bindgen]
impl Opening {
    /// The first step: reads the options, the page's functions and storage apart from the data.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<PersonalizerOptions>) -> Result<Opening, JsError> {
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
        Ok(Opening { hooks, choice, stage: Stage::Read(plain) })
    }

    /// The second step: checks the options and compiles the catalogue (once).
    pub fn check(&mut self) -> Result<(), JsError> {
        if let Stage::Read(plain) = &self.stage {
            self.stage = Stage::Checked(Options::from_value(plain, &runtime())?);
        }
        Ok(())
    }
}

impl Opening {
    /// The checked options (checked now if `check` was not called), the page's hooks and storage.
    pub(super) fn checked(self) -> Result<(Hooks, Choice, Options), JsError> {
        let config = match self.stage {
            Stage::Checked(config) => config,
            Stage::Read(plain) => Options::from_value(&plain, &runtime())?,
        };
        let hooks = Hooks { exposures_to_data_layer: config.exposures_to_data_layer, ..self.hooks };
        Ok((hooks, self.choice, config))
    }
}
