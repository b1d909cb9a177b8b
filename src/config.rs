//! Configuration errors and the readers that produce them.
//!
//! Options are plain data (a JS object becomes a [`Value`]); a mistake in them is a [`ConfigError`]
//! whose message starts with the option's path, e.g. `rules.lapseAfterDays: expected a positive
//! number, got a string`. The constructor throws it; nothing else in crumbtrail throws.

use std::fmt;

use crate::value::{Map, Value};

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
            if let Some(key) = map.keys().find(|k| !known.contains(&k.as_str())) {
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

/// A number field that must be finite and satisfy `ok` (described by `what`, e.g. "a positive number").
pub fn number(
    map: &Map,
    path: &str,
    key: &str,
    what: &str,
    ok: impl Fn(f64) -> bool,
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
