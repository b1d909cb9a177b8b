//! Reading outside data field by field, with one error type that says where.
//!
//! Options, the message catalogue and the stored document are all plain values read field by
//! field; a mistake is a [`FieldError`] whose path names the field (`rules.lapseAfterDays`,
//! `messages[3].when`, `profile.orders.T1.at`). Options and messages use the free functions
//! ([`object`], [`number`], [`flag`]), which also refuse unknown keys; each stored type implements
//! [`Stored`] beside its definition with the [`Fields`] reader and the [`Out`] writer.

use std::fmt;

use crate::base::error::{Code, Error};
use crate::base::keyed::Keyed;
use crate::base::value::{Map, Value};

/// Largest whole number a JavaScript number holds exactly (2^53).
pub const MAX_SAFE: f64 = 9_007_199_254_740_992.0;

/// A part of the stored document.
pub trait Stored: Sized {
    /// This value in the stored format.
    fn to_value(&self) -> Value;
    /// Reads it back; an error names the path of the bad field.
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Self, FieldError>;
}

/// Where a stored field is — `document.profile.orders.T1.at` — spelt out only when an error
/// names it: a document has a path for every member, and formatting each on the way down cost
/// loading a string per member (and the wasm a `format!` per reader).
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// The path of the whole, e.g. `document`.
    pub const fn root(name: &'a str) -> Path<'a> {
        Path { parent: None, step: Step::Key(name) }
    }

    /// `self.key`.
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path { parent: Some(self), step: Step::Key(key) }
    }

    /// `self[index]`.
    pub fn index(&self, index: usize) -> Path<'_> {
        Path { parent: Some(self), step: Step::Index(index) }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        match self.step {
            Step::Key(key) if self.parent.is_some() => write!(f, ".{key}"),
            Step::Key(key) => f.write_str(key),
            Step::Index(index) => write!(f, "[{index}]"),
        }
    }
}

/// A position in a total order of writes or orders: `{ "at": time, "id": id }`.
impl Stored for (u64, String) {
    fn to_value(&self) -> Value {
        Out::default().put("at", self.0).put("id", self.1.as_str()).done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Self, FieldError> {
        let f = Fields::of(v, path)?;
        Ok((f.required_whole("at")?, f.text("id")?))
    }
}

/// A map of stored values: an object keyed by id.
impl<V: Stored> Stored for Keyed<V> {
    fn to_value(&self) -> Value {
        Value::Object(self.map_values(V::to_value))
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Self, FieldError> {
        let f = Fields::of(v, path)?;
        let mut map = Keyed::default();
        for (key, member) in f.members() {
            map.insert(key, V::from_value(member, &path.key(key))?);
        }
        Ok(map)
    }
}

/// Reads the fields of a stored object, with errors that name the path.
pub struct Fields<'a> {
    map: &'a Map,
    path: &'a Path<'a>,
}

impl<'a> Fields<'a> {
    /// The object at `path`.
    pub fn of(v: &'a Value, path: &'a Path<'a>) -> Result<Fields<'a>, FieldError> {
        match v {
            Value::Object(map) => Ok(Fields { map, path }),
            other => Err(FieldError::new(path.to_string(), format!("expected an object, got {}", other.kind()))),
        }
    }

    fn field(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !matches!(v, Value::Null))
    }

    /// `path.key`, spelt out for an error.
    pub fn path_of(&self, key: &str) -> String {
        self.path.key(key).to_string()
    }

    fn fail<T>(&self, key: &str, what: &str) -> Result<T, FieldError> {
        Err(FieldError::new(self.path_of(key), what))
    }

    /// A whole number ≥ 0 (times, counts), if present.
    pub fn opt_whole(&self, key: &str) -> Result<Option<u64>, FieldError> {
        match self.field(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(n) => Ok(Some(*n as u64)),
            Some(_) => self.fail(key, "expected a whole number ≥ 0"),
        }
    }

    /// A whole number ≥ 0; absent means 0.
    pub fn whole(&self, key: &str) -> Result<u64, FieldError> {
        self.opt_whole(key).map(Option::unwrap_or_default)
    }

    /// A whole number ≥ 0 that must be present.
    pub fn required_whole(&self, key: &str) -> Result<u64, FieldError> {
        self.opt_whole(key)?.map_or_else(|| self.fail(key, "missing"), Ok)
    }

    /// A finite number ≥ 0; absent means 0.
    pub fn amount(&self, key: &str) -> Result<f64, FieldError> {
        match self.field(key) {
            None => Ok(0.0),
            Some(Value::Number(n)) if n.is_finite() && *n >= 0.0 => Ok(*n),
            Some(_) => self.fail(key, "expected a finite number ≥ 0"),
        }
    }

    /// A string, if present.
    pub fn opt_text(&self, key: &str) -> Result<Option<String>, FieldError> {
        match self.field(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => self.fail(key, "expected a string"),
        }
    }

    /// A string that must be present.
    pub fn text(&self, key: &str) -> Result<String, FieldError> {
        self.opt_text(key)?.map_or_else(|| self.fail(key, "missing"), Ok)
    }

    /// A nested stored value, if present.
    pub fn opt_child<T: Stored>(&self, key: &str) -> Result<Option<T>, FieldError> {
        self.field(key).map(|v| T::from_value(v, &self.path.key(key))).transpose()
    }

    /// A nested stored value; absent means its default.
    pub fn child<T: Stored + Default>(&self, key: &str) -> Result<T, FieldError> {
        self.opt_child(key).map(Option::unwrap_or_default)
    }

    /// Every member, for maps keyed by id.
    pub fn members(&self) -> impl Iterator<Item = (&'a str, &'a Value)> {
        self.map.iter()
    }

    /// The path of this object.
    pub fn path(&self) -> &'a Path<'a> {
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

/// A mistake in outside data — an option, a message, a stored field — and where.
///
/// Boxed: readers return it through many `?`s, and a one-word error keeps each of them small in
/// the wasm.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError(Box<Where>);

#[derive(Debug, Clone, PartialEq)]
struct Where {
    path: String,
    message: String,
}

impl FieldError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError(Box::new(Where { path: path.into(), message: message.into() }))
    }

    /// Its path: `rules.engagedSessions`, `messages[3].when`, `profile.orders.T1.at`; empty when
    /// the whole is wrong.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// What is wrong, as the end of a sentence.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path() {
            "" => f.write_str(self.message()),
            path => write!(f, "{path}: {}", self.message()),
        }
    }
}

impl std::error::Error for FieldError {}

impl FieldError {
    /// As crumbtrail's error with `code`, its path kept.
    pub fn with_code(self, code: Code) -> Error {
        Error::new(code, self.to_string()).at(self.path())
    }
}

/// The members of an options object at `path` (null or absent means empty); every key must be one
/// of `known`, so that a misspelt option is an error rather than silently ignored.
pub fn object<'a>(v: &'a Value, path: &str, known: &[&str]) -> Result<Option<&'a Map>, FieldError> {
    match v {
        Value::Null => Ok(None),
        Value::Object(map) => {
            if let Some(key) = map.keys().find(|k| !known.contains(k)) {
                return Err(FieldError::new(
                    format!("{path}.{key}"),
                    format!("unknown option (expected one of: {})", known.join(", ")),
                ));
            }
            Ok(Some(map))
        }
        other => Err(FieldError::new(path, format!("expected an object, got {}", other.kind()))),
    }
}

/// A boolean option, false when absent.
pub fn flag(map: &Map, key: &str) -> Result<bool, FieldError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(FieldError::new(key, format!("expected a boolean, got {}", other.kind()))),
    }
}

/// A number field that must be finite and satisfy `ok` (described by `what`, e.g. "a positive number").
pub fn number(
    map: &Map,
    path: &str,
    key: &str,
    what: &str,
    ok: &dyn Fn(f64) -> bool, // dyn: one copy of this function in the wasm, not one per rule
) -> Result<Option<f64>, FieldError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.is_finite() && ok(*n) => Ok(Some(*n)),
        Some(other) => Err(FieldError::new(
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
