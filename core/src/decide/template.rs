//! Placeholders in message content: `{{path}}` or `{{path | fallback}}`, filled from the
//! attributes, so that one message can say "More shoes for you" to a shoe buyer.
//!
//! Filled values are plain text (rendering never parses them as HTML). A placeholder whose value
//! is missing and that has no fallback makes the message ineligible rather than showing a hole;
//! empty strings and empty lists count as missing, lists are joined with ", ".

use std::borrow::Cow;

use crate::base::ecma::{self as js, Runtime};
use crate::base::read::FieldError;
use crate::base::value::Value;
use crate::condition::lookup;

/// Checks the placeholders of every string in `content`; the error names the string's path.
pub fn check(content: &Value, path: &str) -> Result<(), FieldError> {
    match content {
        Value::String(s) => parts(s).try_for_each(|p| p.map(drop)).map_err(|Malformed(e)| FieldError::new(path, e)),
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, v)| check(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| check(v, &format!("{path}.{k}"))),
        _ => Ok(()),
    }
}

/// Adds the top-level attribute names the placeholders of `content` read.
pub fn attribute_names<'a>(content: &'a Value, out: &mut Vec<&'a str>) {
    match content {
        Value::String(s) => {
            for part in parts(s).flatten() {
                if let Part::Slot { path, .. } = part {
                    out.extend(path.split('.').next());
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| attribute_names(v, out)),
        Value::Object(map) => map.iter().for_each(|(_, v)| attribute_names(v, out)),
        _ => {}
    }
}

/// `content` with its placeholders filled from `attributes`; `None` if one has no value and no
/// fallback.
pub fn fill(content: &Value, attributes: &Value, rt: &dyn Runtime) -> Option<Value> {
    Some(match content {
        Value::String(s) if find(s, b"{{").is_some() => {
            let mut out = String::with_capacity(s.len());
            for part in parts(s) {
                match part.ok()? {
                    Part::Text(t) => out.push_str(t),
                    Part::Slot { path, fallback } => match text_of(lookup(attributes, path), rt) {
                        Some(text) => out.push_str(&text),
                        None => out.push_str(fallback?),
                    },
                }
            }
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, attributes, rt)).collect::<Option<_>>()?),
        Value::Object(map) => {
            let mut filled = map.clone();
            for (_, v) in filled.iter_mut() {
                *v = fill(v, attributes, rt)?;
            }
            Value::Object(filled)
        }
        other => other.clone(),
    })
}

enum Part<'a> {
    Text(&'a str),
    Slot { path: &'a str, fallback: Option<&'a str> },
}

/// Why a placeholder cannot be read, as the end of a sentence.
struct Malformed(String);

/// The literal text and placeholders of `s`, in order; an error for a malformed placeholder.
fn parts(s: &str) -> impl Iterator<Item = Result<Part<'_>, Malformed>> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(open) = find(rest, b"{{") else {
            return Some(Ok(Part::Text(std::mem::take(&mut rest))));
        };
        // `get` rather than indexing: the offsets are on boundaries, and no panic path is built.
        if open > 0 {
            let (text, tail) = rest.split_at_checked(open)?;
            rest = tail;
            return Some(Ok(Part::Text(text)));
        }
        let Some(close) = find(rest, b"}}") else {
            let unclosed = rest;
            rest = "";
            return Some(Err(Malformed(format!("unclosed placeholder \"{unclosed}\""))));
        };
        let inner = rest.get(2..close)?;
        rest = rest.get(close + 2..)?;
        let (path, fallback) = match inner.split_once('|') {
            Some((p, f)) => (p.trim(), Some(f.trim())),
            None => (inner.trim(), None),
        };
        if path.is_empty() || path.contains(char::is_whitespace) {
            return Some(Err(Malformed(format!(
                "placeholder \"{{{{{inner}}}}}\" needs an attribute path, like {{{{purchasedCategories.0}}}}"
            ))));
        }
        Some(Ok(Part::Slot { path, fallback }))
    })
}

/// Where the two-byte `pair` first occurs in `s` (a byte scan: `str::find` would bring a
/// substring searcher and its panic paths into the wasm).
fn find(s: &str, pair: &[u8; 2]) -> Option<usize> {
    s.as_bytes().windows(2).position(|w| w == pair)
}

/// An attribute as text; `None` when there is nothing to show.
fn text_of<'a>(v: &'a Value, rt: &dyn Runtime) -> Option<Cow<'a, str>> {
    match v {
        Value::Null | Value::Object(_) => None,
        Value::String(s) if s.is_empty() => None,
        Value::Array(items) => {
            let texts: Vec<Cow<str>> = items.iter().filter_map(|v| text_of(v, rt)).collect();
            (!texts.is_empty()).then(|| Cow::Owned(texts.join(", ")))
        }
        other => Some(js::to_string(other, rt)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(content: &Value, attributes: &Value) -> Option<Value> {
        super::fill(content, attributes, &crate::base::ecma::WithoutRegex)
    }

    fn attrs() -> Value {
        Value::object([("purchasedCategories", Value::from(vec!["shoes", "bags"])), ("orders", 3.0.into())])
    }

    #[test]
    fn fills_paths_and_fallbacks() {
        let content = Value::object([("title", Value::from("More {{purchasedCategories.0}} for you ({{orders}})"))]);
        assert_eq!(fill(&content, &attrs()), Some(Value::object([("title", Value::from("More shoes for you (3)"))])));
        let fallback = Value::from("{{ recentItems.0 | our range }}");
        assert_eq!(fill(&fallback, &attrs()), Some("our range".into()));
        assert_eq!(fill(&"{{recentItems.0}}".into(), &attrs()), None);
        assert_eq!(fill(&"{{purchasedCategories}}".into(), &attrs()), Some("shoes, bags".into()));
    }

    #[test]
    fn malformed_placeholders_are_errors() {
        let content = Value::object([("body", Value::from(vec!["ok", "Hi {{name"]))]);
        assert_eq!(check(&content, "c").unwrap_err(), FieldError::new("c.body[1]", "unclosed placeholder \"{{name\""));
        assert!(check(&"{{ | x}}".into(), "c").is_err());
        assert!(check(&"{{a}} and {{b|c}}".into(), "c").is_ok());
    }
}
