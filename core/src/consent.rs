//! Consent states, the two purposes they are given for, and what each allows (DESIGN §7).
//!
//! Purposes: `profile` (keeping the trail on the device and personalising from it) and
//! `measurement` (exposures handed to the shop's analytics). For the profile, `granted` reads and
//! writes storage; `pending` neither reads nor writes (the profile lives in
//! memory until consent is granted, then merges with what is stored); `denied` erases everything
//! crumbtrail stored and keeps the profile in memory for the page only. For measurement, only
//! `granted` lets exposures out; holdouts hold whatever it is, since the arm is decided on the
//! device. This module is the rule table; the session and the browser layer carry it out.

use crate::base::read::{object, FieldError};
use crate::base::value::Value;

/// A shopper's consent for one purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    /// Read and write storage.
    Granted,
    /// Memory only, until granted or denied.
    Pending,
    /// Erase what was stored; memory only.
    Denied,
}

impl Consent {
    /// Parses `"granted" | "pending" | "denied"`.
    pub fn parse(text: &str) -> Option<Consent> {
        match text {
            "granted" => Some(Consent::Granted),
            "pending" => Some(Consent::Pending),
            "denied" => Some(Consent::Denied),
            _ => None,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Granted => "granted",
            Consent::Pending => "pending",
            Consent::Denied => "denied",
        }
    }

    /// Whether storage may be read and written.
    pub fn allows_storage(self) -> bool {
        self == Consent::Granted
    }

    /// Whether entering this state erases what was stored.
    pub fn erases_storage(self) -> bool {
        self == Consent::Denied
    }
}

/// Consent for each purpose crumbtrail serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purposes {
    /// Keeping the trail on the device and personalising from it: storage.
    pub profile: Consent,
    /// Reporting exposures to the shop's analytics.
    pub measurement: Consent,
}

impl Purposes {
    /// Reads consent as given at `path` (empty for a bare argument): one state for both purposes
    /// (`"granted"`), or `{ profile?, measurement? }` where a purpose left out keeps its state in
    /// `current`.
    pub fn from_value(v: &Value, path: &str, current: Purposes) -> Result<Purposes, FieldError> {
        let state = |v: &Value, path: &str| match v {
            Value::String(s) => Consent::parse(s).ok_or_else(|| {
                FieldError::new(path, format!("expected \"granted\", \"pending\" or \"denied\", got \"{s}\""))
            }),
            other => Err(FieldError::new(
                path,
                format!("expected \"granted\", \"pending\" or \"denied\", got {}", other.kind()),
            )),
        };
        if !matches!(v, Value::Object(_)) {
            return state(v, path).map(Purposes::both);
        }
        let map = object(v, if path.is_empty() { "consent" } else { path }, &["profile", "measurement"])?;
        let purpose = |name: &str, current: Consent| match map.and_then(|m| m.get(name)) {
            None => Ok(current),
            Some(v) if path.is_empty() => state(v, name),
            Some(v) => state(v, &format!("{path}.{name}")),
        };
        Ok(Purposes {
            profile: purpose("profile", current.profile)?,
            measurement: purpose("measurement", current.measurement)?,
        })
    }

    /// The same state for both purposes.
    pub fn both(state: Consent) -> Purposes {
        Purposes { profile: state, measurement: state }
    }
}
