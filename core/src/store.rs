//! The stored document: `{ "v": 1, "profile": { … } }`, its versions, its codec, and how loading
//! can fail.
//!
//! The document is what one storage key holds. Each stored type implements
//! [`Stored`](crate::base::read::Stored) beside its definition — the field names written there are
//! the format, kept stable — using the base layer's field reader and writer, so that a damaged
//! document fails with the path of the bad field. The codec works on [`Value`]; the session turns
//! it into JSON text and back with the bounded reader of [`crate::base::json`] (no serde in the wasm).
//!
//! This module decides what a stored value *is* — current, newer, corrupt — never what to do
//! about it: [`Session`](crate::Session) moves corrupt data aside and leaves newer data untouched.

use std::fmt;

use crate::base::error::{Code, Error};
use crate::base::read::{FieldError, Fields, Out, Path, MAX_SAFE};
use crate::base::value::Value;
use crate::lifecycle::{StageRules, DAY_MS};
use crate::profile::Profile;

/// The format this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// The bound on the stored document's text (UTF-8 bytes): above it, the profile sheds what
/// matters least ([`Profile::shed`]) before it is written.
pub const MAX_STORED_BYTES: usize = 8 * 1024;
/// How far shedding goes once it starts, so that the next writes do not shed again at once.
pub const SHED_TO_BYTES: usize = MAX_STORED_BYTES - 512;

/// Longest visitor id accepted from storage.
const MAX_VISITOR_CHARS: usize = 64;

/// What one storage key holds.
#[derive(Debug, Clone, PartialEq)]
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

    /// The document in its stored form (to be printed as JSON).
    pub fn to_value(&self) -> Value {
        stored_form(self.v, &self.profile)
    }
}

/// The stored form of the current-format document for `profile`: [`Document::to_value`] without
/// taking the profile.
pub fn encode(profile: &Profile) -> Value {
    stored_form(FORMAT_VERSION, profile)
}

fn stored_form(v: u64, profile: &Profile) -> Value {
    Out::default().put("v", v).child("profile", profile).done()
}

/// Why a stored value could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// Not a crumbtrail document, or a damaged one.
    Corrupt(FieldError),
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

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        match &e {
            StoreError::Corrupt(field) => Error::new(Code::StorageCorrupt, e.to_string()).at(field.path()),
            StoreError::Newer(_) => Error::new(Code::StorageNewer, e.to_string()),
        }
    }
}

/// The stored document's path, at the head of every error's.
const DOCUMENT: Path<'static> = Path::root("document");

/// Decodes a stored value (parsed JSON). The version is read first, so that a newer document is
/// recognised even if it no longer has this version's shape.
pub fn decode(stored: &Value) -> Result<Document, StoreError> {
    let fields = Fields::of(stored, &DOCUMENT).map_err(StoreError::Corrupt)?;
    match stored.get("v") {
        None | Some(Value::Null) => return Err(StoreError::Corrupt(FieldError::new("", "no format version"))),
        Some(Value::Number(v)) if v.fract() == 0.0 && *v >= 1.0 && *v <= MAX_SAFE => {
            if *v > FORMAT_VERSION as f64 {
                return Err(StoreError::Newer(*v as u64));
            }
        }
        Some(_) => return Err(StoreError::Corrupt(FieldError::new("", "format version is not a whole number ≥ 1"))),
    }
    let profile: Profile = fields
        .opt_child("profile")
        .and_then(|p| p.ok_or_else(|| FieldError::new("document.profile", "missing")))
        .map_err(StoreError::Corrupt)?;
    let visitor = &profile.visitor;
    if visitor.is_empty() || visitor.chars().count() > MAX_VISITOR_CHARS {
        return Err(StoreError::Corrupt(FieldError::new("", "visitor id missing or too long")));
    }
    Ok(Document::new(profile))
}

/// Whether a profile has been idle longer than the retention period and must be erased.
pub fn is_expired(profile: &Profile, rules: &StageRules, now: u64) -> bool {
    profile.last_seen.is_some_and(|last| (now.saturating_sub(last) as f64) > rules.retention_days * DAY_MS)
}

/// Roughly when an idle profile expires (within a millisecond), or `None` without any event.
pub fn expires_at(profile: &Profile, rules: &StageRules) -> Option<u64> {
    profile.last_seen.map(|last| last.saturating_add((rules.retention_days * DAY_MS) as u64).saturating_add(1))
}
