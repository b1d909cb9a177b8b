//! Configuration errors and the readers that produce them.
//!
//! Options are plain data (a JS object becomes a [`Value`]); a mistake in them is a [`ConfigError`]
//! whose message starts with the option's path, e.g. `rules.lapseAfterDays: expected a positive
//! number, got a string`. The constructor throws it; nothing else in crumbtrail throws.

use std::fmt;

use std::rc::Rc;

use crate::base::ecma::Runtime;
use crate::base::value::{Map, Value};
use crate::consent::Consent;
use crate::decide::Catalogue;
use crate::predict::{Priors, SpendPriors};
use crate::stage::StageRules;

/// Every option of `new Personalizer(options)`. The browser layer reads the ones that hold
/// functions or objects it must call (`storage`, `now`, `onError`, `onStageChange`, `onExposure`); the rest are
/// plain data, read by [`Options::from_value`].
pub const OPTION_NAMES: [&str; 16] = [
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
    "consentMode",
    "honorGlobalPrivacyControl",
    "onError",
    "onStageChange",
    "onExposure",
    "exposuresToDataLayer",
];

/// The plain-data options, validated.
#[derive(Debug, Clone)]
pub struct Options {
    /// The localStorage key (default `"crumbtrail"`).
    pub storage_key: String,
    /// Starting consent (default granted).
    pub consent: Consent,
    /// Stage thresholds.
    pub rules: StageRules,
    /// BG/NBD priors, in days, with the spend priors.
    pub priors: Priors,
    /// The shopper's locale, if given.
    pub locale: Option<String>,
    /// The message catalogue (`messages` and `savedGroups`).
    pub catalogue: Catalogue,
    /// Consent Mode commands in a listened `dataLayer` drive consent.
    pub consent_mode: bool,
    /// A browser's Global Privacy Control signal starts consent as denied.
    pub honor_gpc: bool,
    /// Exposures are also pushed into the page's `dataLayer` (opt-in).
    pub exposures_to_data_layer: bool,
}

/// Longest storage key accepted.
const MAX_STORAGE_KEY: usize = 128;

impl Options {
    /// Reads the options object; a misspelt option or a bad value is an error naming it.
    /// `runtime` supplies the JavaScript built-ins of the catalogue's conditions.
    pub fn from_value(v: &Value, runtime: &Rc<dyn Runtime>) -> Result<Options, ConfigError> {
        let empty = Map::default();
        let map = object(v, "options", &OPTION_NAMES)?.unwrap_or(&empty);
        let text = |key: &str, max: usize| -> Result<Option<String>, ConfigError> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if !s.is_empty() && s.chars().count() <= max => Ok(Some(s.clone())),
                Some(Value::String(_)) => {
                    Err(ConfigError::new(key, format!("expected a non-empty string of at most {max} characters")))
                }
                Some(other) => Err(ConfigError::new(key, format!("expected a string, got {}", other.kind()))),
            }
        };
        let consent = match text("consent", 16)? {
            None => Consent::Granted,
            Some(c) => Consent::parse(&c).ok_or_else(|| {
                ConfigError::new("consent", format!("expected \"granted\", \"pending\" or \"denied\", got \"{c}\""))
            })?,
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
            consent_mode: flag(map, "consentMode")?,
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

/// A configuration mistake, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// Path of the option: `rules.engagedSessions`, `messages[3].when`.
    pub path: String,
    /// What is wrong, as the end of a sentence.
    pub message: String,
}

impl ConfigError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The members of an options object at `path` (null or absent means empty); every key must be one
/// of `known`, so that a misspelt option is an error rather than silently ignored.
pub fn object<'a>(v: &'a Value, path: &str, known: &[&str]) -> Result<Option<&'a Map>, ConfigError> {
    match v {
        Value::Null => Ok(None),
        Value::Object(map) => {
            if let Some(key) = map.keys().find(|k| !known.contains(k)) {
                return Err(ConfigError::new(
                    format!("{path}.{key}"),
                    format!("unknown option (expected one of: {})", known.join(", ")),
                ));
            }
            Ok(Some(map))
        }
        other => Err(ConfigError::new(path, format!("expected an object, got {}", other.kind()))),
    }
}

/// A boolean option, false when absent.
fn flag(map: &Map, key: &str) -> Result<bool, ConfigError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(ConfigError::new(key, format!("expected a boolean, got {}", other.kind()))),
    }
}

/// A number field that must be finite and satisfy `ok` (described by `what`, e.g. "a positive number").
pub fn number(
    map: &Map,
    path: &str,
    key: &str,
    what: &str,
    ok: &dyn Fn(f64) -> bool, // dyn: one copy of this function in the wasm, not one per rule
) -> Result<Option<f64>, ConfigError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.is_finite() && ok(*n) => Ok(Some(*n)),
        Some(other) => Err(ConfigError::new(
            format!("{path}.{key}"),
            match other {
                Value::Number(n) => format!("expected {what}, got {}", describe_number(*n)),
                _ => format!("expected {what}, got {}", other.kind()),
            },
        )),
    }
}

fn describe_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        "an infinite number".into()
    } else if n.fract() == 0.0 && n.abs() < 1e15 {
        (n as i64).to_string()
    } else {
        "a number out of range".into()
    }
}
