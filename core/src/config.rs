//! The options of `new Personalizer(options)`, read and validated.
//!
//! Options are plain data (a JS object becomes a [`Value`]); a mistake in them is a [`FieldError`]
//! whose message starts with the option's path, e.g. `rules.lapseAfterDays: expected a positive
//! number, got a string`. The constructor throws it; nothing else in crumbtrail throws.

use std::rc::Rc;

use crate::base::ecma::Runtime;
use crate::base::read::{flag, object, FieldError};
use crate::base::value::{Map, Value};
use crate::consent::{Consent, Purposes};
use crate::decide::Catalogue;
use crate::lifecycle::StageRules;
use crate::predict::{Priors, SpendPriors};

/// The plain-data options, validated.
#[derive(Debug, Clone)]
pub struct Options {
    /// The localStorage key (default `"crumbtrail"`).
    pub storage_key: String,
    /// Starting consent per purpose (default granted).
    pub consent: Purposes,
    /// Stage thresholds.
    pub rules: StageRules,
    /// BG/NBD priors, in days, with the spend priors.
    pub priors: Priors,
    /// The shopper's locale, if given.
    pub locale: Option<String>,
    /// The message catalogue (`messages` and `savedGroups`).
    pub catalogue: Catalogue,
    /// A browser's Global Privacy Control signal starts consent as denied.
    pub honor_gpc: bool,
    /// Exposures are also pushed into the page's `dataLayer` (opt-in).
    pub exposures_to_data_layer: bool,
}

/// Longest storage key accepted.
const MAX_STORAGE_KEY: usize = 128;

impl Options {
    /// Every option of `new Personalizer(options)`. The browser layer reads the ones that hold
    /// functions or objects it must call (`storage`, `now`, `onError`, `onStageChange`, `onExposure`); the rest are
    /// plain data, read by [`Options::from_value`].
    pub const NAMES: [&'static str; 15] = [
        "storageKey",
        "storage",
        "now",
        "consent",
        "messages",
        "savedGroups",
        "rules",
        "priors",
        "spendPriors",
        "locale",
        "honorGlobalPrivacyControl",
        "onError",
        "onStageChange",
        "onExposure",
        "exposuresToDataLayer",
    ];

    /// Reads the options object; a misspelt option or a bad value is an error naming it.
    /// `runtime` supplies the JavaScript built-ins of the catalogue's conditions.
    pub fn from_value(v: &Value, runtime: &Rc<dyn Runtime>) -> Result<Options, FieldError> {
        let empty = Map::default();
        let map = object(v, "options", &Self::NAMES)?.unwrap_or(&empty);
        let text = |key: &str, max: usize| -> Result<Option<String>, FieldError> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if !s.is_empty() && s.chars().count() <= max => Ok(Some(s.clone())),
                Some(Value::String(_)) => {
                    Err(FieldError::new(key, format!("expected a non-empty string of at most {max} characters")))
                }
                Some(other) => Err(FieldError::new(key, format!("expected a string, got {}", other.kind()))),
            }
        };
        let granted = Purposes::both(Consent::Granted);
        let consent = match map.get("consent") {
            None | Some(Value::Null) => granted,
            Some(given) => Purposes::from_value(given, "consent", granted)?,
        };
        Ok(Options {
            storage_key: text("storageKey", MAX_STORAGE_KEY)?.unwrap_or_else(|| "crumbtrail".into()),
            consent,
            rules: StageRules::from_value(map.get("rules").unwrap_or(&Value::Null), "rules")?,
            priors: Priors {
                spend: SpendPriors::from_value(map.get("spendPriors").unwrap_or(&Value::Null), "spendPriors")?,
                ..Priors::from_value(map.get("priors").unwrap_or(&Value::Null), "priors")?
            },
            locale: text("locale", 35)?,
            honor_gpc: flag(map, "honorGlobalPrivacyControl")?,
            exposures_to_data_layer: flag(map, "exposuresToDataLayer")?,
            catalogue: Catalogue::from_options(
                map.get("messages").unwrap_or(&Value::Null),
                map.get("savedGroups").unwrap_or(&Value::Null),
                runtime,
            )?,
        })
    }
}
