//! The stored document: `{ "v": 1, "profile": { … } }`, its versions, its codec, and how loading
//! can fail.
//!
//! The document is what one storage key holds. Each stored type implements [`Stored`] beside its
//! definition — the field names written here are the format, kept stable — using the [`Fields`]
//! reader and [`Out`] writer below, so that a damaged document fails with the path of the bad field.
//! The codec works on [`Value`]: the browser parses and prints JSON with its own `JSON`, the host
//! with serde_json, and no JSON code or serde machinery ships in the wasm.
//!
//! This module decides what a stored value *is* — current, newer, corrupt — never what to do
//! about it: the browser layer moves corrupt data aside and leaves newer data untouched.

use std::fmt;

use crate::base::keyed::Keyed;
use crate::base::value::{Map, Value};
use crate::profile::Profile;
use crate::stage::{StageRules, DAY_MS};

/// The format this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// Longest visitor id accepted from storage.
const MAX_VISITOR_CHARS: usize = 64;

/// Largest whole number a JavaScript number holds exactly (2^53).
const MAX_SAFE: f64 = 9_007_199_254_740_992.0;

/// A part of the stored document.
pub trait Stored: Sized {
    /// This value in the stored format.
    fn to_value(&self) -> Value;
    /// Reads it back; an error names the path of the bad field.
    fn from_value(v: &Value, path: &str) -> Result<Self, String>;
}

/// A position in a total order of writes or orders: `{ "at": time, "id": id }`.
impl Stored for (u64, String) {
    fn to_value(&self) -> Value {
        Out::default().put("at", self.0).put("id", self.1.as_str()).done()
    }
    fn from_value(v: &Value, path: &str) -> Result<Self, String> {
        let f = Fields::of(v, path)?;
        Ok((f.required_whole("at")?, f.text("id")?))
    }
}

/// A map of stored values: an object keyed by id.
impl<V: Stored> Stored for Keyed<V> {
    fn to_value(&self) -> Value {
        self.to_object(V::to_value)
    }
    fn from_value(v: &Value, path: &str) -> Result<Self, String> {
        let f = Fields::of(v, path)?;
        let mut map = Keyed::default();
        for (key, member) in f.members() {
            map.insert(key, V::from_value(member, &f.path_of(key))?);
        }
        Ok(map)
    }
}

/// Reads the fields of a stored object, with errors that name the path.
pub struct Fields<'a> {
    map: &'a Map,
    path: &'a str,
}

impl<'a> Fields<'a> {
    /// The object at `path`.
    pub fn of(v: &'a Value, path: &'a str) -> Result<Fields<'a>, String> {
        match v {
            Value::Object(map) => Ok(Fields { map, path }),
            other => Err(format!("{path}: expected an object, got {}", other.kind())),
        }
    }

    fn field(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !matches!(v, Value::Null))
    }

    /// `path.key`, for errors and for nested readers.
    pub fn path_of(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    fn fail<T>(&self, key: &str, what: &str) -> Result<T, String> {
        Err(format!("{}: {what}", self.path_of(key)))
    }

    /// A whole number ≥ 0 (times, counts), if present.
    pub fn opt_whole(&self, key: &str) -> Result<Option<u64>, String> {
        match self.field(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(n) => Ok(Some(*n as u64)),
            Some(_) => self.fail(key, "expected a whole number ≥ 0"),
        }
    }

    /// A whole number ≥ 0; absent means 0.
    pub fn whole(&self, key: &str) -> Result<u64, String> {
        self.opt_whole(key).map(Option::unwrap_or_default)
    }

    /// A whole number ≥ 0 that must be present.
    pub fn required_whole(&self, key: &str) -> Result<u64, String> {
        self.opt_whole(key)?.map_or_else(|| self.fail(key, "missing"), Ok)
    }

    /// A finite number ≥ 0; absent means 0.
    pub fn amount(&self, key: &str) -> Result<f64, String> {
        match self.field(key) {
            None => Ok(0.0),
            Some(Value::Number(n)) if n.is_finite() && *n >= 0.0 => Ok(*n),
            Some(_) => self.fail(key, "expected a finite number ≥ 0"),
        }
    }

    /// A string, if present.
    pub fn opt_text(&self, key: &str) -> Result<Option<String>, String> {
        match self.field(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => self.fail(key, "expected a string"),
        }
    }

    /// A string that must be present.
    pub fn text(&self, key: &str) -> Result<String, String> {
        self.opt_text(key)?.map_or_else(|| self.fail(key, "missing"), Ok)
    }

    /// A nested stored value, if present.
    pub fn opt_child<T: Stored>(&self, key: &str) -> Result<Option<T>, String> {
        self.field(key).map(|v| T::from_value(v, &self.path_of(key))).transpose()
    }

    /// A nested stored value; absent means its default.
    pub fn child<T: Stored + Default>(&self, key: &str) -> Result<T, String> {
        self.opt_child(key).map(Option::unwrap_or_default)
    }

    /// Every member, for maps keyed by id.
    pub fn members(&self) -> impl Iterator<Item = (&'a str, &'a Value)> {
        self.map.iter()
    }

    /// The path of this object.
    pub fn path(&self) -> &str {
        self.path
    }
}

/// Writes a stored object, leaving out what is zero or absent so that documents stay small.
#[derive(Default)]
pub struct Out(Map);

impl Out {
    /// Any value.
    pub fn put(mut self, key: &str, value: impl Into<Value>) -> Out {
        self.0.insert(key, value.into());
        self
    }

    /// A count or time, left out when 0.
    pub fn whole(self, key: &str, n: u64) -> Out {
        if n == 0 {
            self
        } else {
            self.put(key, n)
        }
    }

    /// An optional time, left out when absent.
    pub fn opt_whole(self, key: &str, n: Option<u64>) -> Out {
        match n {
            Some(n) => self.put(key, n),
            None => self,
        }
    }

    /// An optional string, left out when absent.
    pub fn opt_text(self, key: &str, s: &Option<String>) -> Out {
        match s {
            Some(s) => self.put(key, s.as_str()),
            None => self,
        }
    }

    /// A nested stored value.
    pub fn child(self, key: &str, v: &impl Stored) -> Out {
        let value = v.to_value();
        self.put(key, value)
    }

    /// The object.
    pub fn done(self) -> Value {
        Value::Object(self.0)
    }
}

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

/// Decodes a stored value (parsed JSON). The version is read first, so that a newer document is
/// recognised even if it no longer has this version's shape.
pub fn decode(stored: &Value) -> Result<Document, StoreError> {
    let fields = Fields::of(stored, "document").map_err(StoreError::Corrupt)?;
    match stored.get("v") {
        None | Some(Value::Null) => return Err(StoreError::Corrupt("no format version".into())),
        Some(Value::Number(v)) if v.fract() == 0.0 && *v >= 1.0 && *v <= MAX_SAFE => {
            if *v > FORMAT_VERSION as f64 {
                return Err(StoreError::Newer(*v as u64));
            }
        }
        Some(_) => return Err(StoreError::Corrupt("format version is not a whole number ≥ 1".into())),
    }
    let profile: Profile = fields
        .opt_child("profile")
        .and_then(|p| p.ok_or_else(|| "document.profile: missing".to_owned()))
        .map_err(StoreError::Corrupt)?;
    let visitor = &profile.visitor;
    if visitor.is_empty() || visitor.chars().count() > MAX_VISITOR_CHARS {
        return Err(StoreError::Corrupt("visitor id missing or too long".into()));
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
