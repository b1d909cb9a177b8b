//! The stored document: `{ "v": 1, "profile": { … } }`, its versions, and how loading can fail.
//!
//! The document is what one localStorage key holds. This module decides what a stored value *is*
//! — current, from a newer crumbtrail, or corrupt — and never what to do about it; the engine and
//! the browser layer act on the answer (move corrupt data aside, leave newer data untouched). It
//! decodes through any serde `Deserializer`, so the browser can hand it a parsed JS object and the
//! host tests a `serde_json::Value`, and no JSON parser needs to ship in the wasm.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::profile::Profile;
use crate::stage::{StageRules, DAY_MS};

/// The format this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// Longest visitor id accepted from storage.
const MAX_VISITOR_CHARS: usize = 64;

/// What one storage key holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Format version.
    pub v: u64,
    /// The shopper's profile.
    pub profile: Profile,
}

impl Document {
    /// The current-format document for `profile`.
    pub fn new(profile: Profile) -> Document {
        Document { v: FORMAT_VERSION, profile }
    }
}

/// Why a stored value could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// Not a crumbtrail document, or a damaged one.
    Corrupt(String),
    /// Written by a newer crumbtrail: to be left untouched.
    Newer(u64),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Corrupt(why) => write!(f, "stored profile is unreadable ({why})"),
            StoreError::Newer(v) => write!(
                f,
                "stored profile has format version {v}, newer than this crumbtrail reads ({FORMAT_VERSION}): left untouched, working in memory"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    v: Option<f64>,
}

/// Decodes a stored value. `source` makes a deserializer of the same value each time it is called:
/// the version is read first, so that a newer document is recognised even if it no longer parses
/// as this version's.
pub fn decode<'de, D: Deserializer<'de>>(source: impl Fn() -> D) -> Result<Document, StoreError> {
    let probe = VersionProbe::deserialize(source()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    match probe.v {
        None => return Err(StoreError::Corrupt("no format version".into())),
        Some(v) if v.fract() != 0.0 || v < 1.0 => {
            return Err(StoreError::Corrupt("format version is not a whole number ≥ 1".into()))
        }
        Some(v) if v > FORMAT_VERSION as f64 => return Err(StoreError::Newer(v as u64)),
        Some(_) => {}
    }
    let doc = Document::deserialize(source()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let visitor = &doc.profile.visitor;
    if visitor.is_empty() || visitor.chars().count() > MAX_VISITOR_CHARS {
        return Err(StoreError::Corrupt("visitor id missing or too long".into()));
    }
    Ok(doc)
}

/// Whether a profile has been idle longer than the retention period and must be erased.
pub fn is_expired(profile: &Profile, rules: &StageRules, now: u64) -> bool {
    profile.last_seen.is_some_and(|last| (now.saturating_sub(last) as f64) > rules.retention_days * DAY_MS)
}
