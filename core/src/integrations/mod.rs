//! Other tools' events, read as crumbtrail's: GA4's `dataLayer` (both its object form and the
//! `gtag()` arguments form, with Consent Mode commands), Shopify's Web Pixels standard events and
//! Segment's ecommerce v2 spec.
//!
//! Each mapping produces a plain event object — the same JSON `track` takes — so that what comes
//! from an integration goes through the same validation as a hand-written event: a malformed
//! payload is reported through `onError`, never thrown. An event of a kind crumbtrail has no use
//! for maps to nothing and is ignored quietly. Listening to the page's `dataLayer` is the browser
//! layer's job; reading each entry is here.

pub mod datalayer;
pub mod segment;
pub mod shopify;

use crate::base::value::{Map, Value};

/// The value at `path` below `v` (objects only), ignoring nulls.
fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, key| v.get(key)).filter(|v| !matches!(v, Value::Null))
}

/// An object of the present `pairs`.
fn object(pairs: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Value {
    let mut map = Map::default();
    for (key, value) in pairs {
        if let Some(v) = value.filter(|v| !matches!(v, Value::Null)) {
            map.insert(key, v);
        }
    }
    Value::Object(map)
}

/// An event object: `event: name` and the present `pairs`.
fn event(name: &str, pairs: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Value {
    object(std::iter::once(("event", Some(Value::from(name)))).chain(pairs))
}

/// A number, or a string holding a plain decimal (several tools send amounts and ratings as text).
fn number(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::Number(n) => Some(Value::Number(*n)),
        Value::String(s) => decimal(s.trim()).map(Value::Number),
        _ => None,
    }
}

/// `"12"`, `"-3.5"`, `"0.99"`: up to 15 significant digits, no exponent. Exact to the last bit:
/// the digits as a whole number, divided once by a power of ten that is itself exact.
fn decimal(s: &str) -> Option<f64> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all = whole.bytes().chain(fraction.bytes());
    if whole.is_empty() || whole.len() + fraction.len() > 15 || !all.clone().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = all.fold(0.0, |n, b| n * 10.0 + f64::from(b - b'0'));
    let scaled = n / 10f64.powi(fraction.len() as i32);
    Some(if negative { -scaled } else { scaled })
}
