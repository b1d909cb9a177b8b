//! The message catalogue: each message read and validated once, at construction.
//!
//! A mistake is a [`FieldError`] whose path starts with the message's place in the list —
//! `messages[3].when: unknown operator "$gte2"`, `messages[0].cap.days: expected a number of days
//! from 1 to 365, got 0` — so the shop finds it before any shopper does.

use std::rc::Rc;

use crate::base::ecma::Runtime;
use crate::base::read::{self, FieldError};
use crate::base::time;
use crate::base::value::{Map, Value};
use crate::condition::{Condition, Mode};
use crate::lifecycle::{Stage, DAY_MS};
use crate::profile::messages::IMPRESSIONS_KEPT;
use crate::profile::stored_key;

use super::template;

/// Every field a message may have.
pub const MESSAGE_FIELDS: [&str; 13] = [
    "id",
    "name",
    "slot",
    "stages",
    "when",
    "priority",
    "content",
    "cap",
    "cooldownDays",
    "stopAfterClick",
    "start",
    "end",
    "holdout",
];
/// Most messages in a catalogue.
pub const MAX_MESSAGES: usize = 1_000;
/// Longest message id or slot name.
const MAX_NAME_CHARS: usize = 64;
/// Default cooldown after a dismissal, days.
pub const DEFAULT_COOLDOWN_DAYS: f64 = 30.0;

/// A frequency cap: at most `impressions` in any rolling `days`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cap {
    /// Impressions allowed in the window.
    pub impressions: usize,
    /// The window, in days.
    pub days: f64,
}

/// A message's content: one variant, or one per locale.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// The same content for every locale.
    Single(Value),
    /// Variants by language tag, in key order.
    Localized(Vec<(String, Value)>),
}

impl Content {
    /// The variant for `locale`: the exact tag, then its language, then "en", then the first
    /// (tags compared without regard to case).
    pub fn for_locale(&self, locale: &str) -> &Value {
        self.variant(locale).1
    }

    /// [`Content::for_locale`], with the variant's language tag as the catalogue writes it (none
    /// for content without variants: it is in the page's language).
    pub fn variant(&self, locale: &str) -> (Option<&str>, &Value) {
        match self {
            Content::Single(v) => (None, v),
            Content::Localized(variants) => {
                let language = locale.split(['-', '_']).next().unwrap_or(locale);
                let find = |tag: &str| variants.iter().find(|(k, _)| k.eq_ignore_ascii_case(tag));
                let (tag, v) = find(locale).or_else(|| find(language)).or_else(|| find("en")).unwrap_or(&variants[0]);
                (Some(tag), v)
            }
        }
    }

    fn read(v: &Value, path: &str) -> Result<Content, FieldError> {
        let content = match v {
            // Localized when every key is a language tag holding an object: {"en": {...}, "nl": {...}}.
            Value::Object(map)
                if !map.is_empty() && map.iter().all(|(k, v)| is_language_tag(k) && matches!(v, Value::Object(_))) =>
            {
                Content::Localized(map.iter().map(|(k, v)| (k.to_owned(), v.clone())).collect())
            }
            Value::Object(_) => Content::Single(v.clone()),
            other => return Err(FieldError::new(path, format!("expected an object, got {}", other.kind()))),
        };
        template::check(v, path)?;
        Ok(content)
    }
}

/// `en`, `nl-BE`, `zh-Hant-TW`: a 2–3 letter language, then subtags.
fn is_language_tag(k: &str) -> bool {
    let mut subtags = k.split('-');
    let language = subtags.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags.all(|s| (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// One message, validated.
#[derive(Debug, Clone)]
pub struct Message {
    /// Unique id.
    pub id: String,
    /// What the shop's analytics calls it (`promotion_name` of exposures); the id when not given.
    pub name: String,
    /// The id as the profile stores it (see [`stored_key`]).
    pub key: String,
    /// The placement it fills.
    pub slot: String,
    /// Stages it is for; `None` means every stage.
    pub stages: Option<Vec<Stage>>,
    /// Targeting condition.
    pub when: Option<Condition>,
    /// Higher wins.
    pub priority: f64,
    /// What to show.
    pub content: Content,
    /// Frequency cap.
    pub cap: Option<Cap>,
    /// Hidden this many days after a dismissal.
    pub cooldown_days: f64,
    /// Never shown again after a click.
    pub stop_after_click: bool,
    /// Shown from (ms, inclusive).
    pub start: Option<u64>,
    /// Shown until (ms, exclusive).
    pub end: Option<u64>,
    /// Share of shoppers held out, 0..1.
    pub holdout: f64,
    /// Its condition or placeholders read the page context (or the recommendations, which leave
    /// out the page's product): without it, whether and how it shows is unknown.
    pub reads_page: bool,
}

/// Reads the `messages` option; `groups` is the `savedGroups` option, already read.
pub fn read(messages: &Value, groups: &Map, runtime: &Rc<dyn Runtime>) -> Result<Vec<Message>, FieldError> {
    let list = match messages {
        Value::Null => return Ok(Vec::new()),
        Value::Array(list) if list.len() <= MAX_MESSAGES => list,
        Value::Array(_) => return Err(FieldError::new("messages", format!("at most {MAX_MESSAGES} messages"))),
        other => return Err(FieldError::new("messages", format!("expected an array, got {}", other.kind()))),
    };
    let mut out: Vec<Message> = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let message = read_one(v, &format!("messages[{i}]"), groups, runtime)?;
        if let Some(j) = out.iter().position(|m| m.id == message.id) {
            return Err(FieldError::new(
                format!("messages[{i}].id"),
                format!("duplicate id \"{}\" (also messages[{j}])", message.id),
            ));
        }
        out.push(message);
    }
    Ok(out)
}

/// Reads the `savedGroups` option: an object of arrays.
pub fn read_groups(v: &Value) -> Result<Map, FieldError> {
    match v {
        Value::Null => Ok(Map::default()),
        Value::Object(map) => match map.iter().find(|(_, v)| !matches!(v, Value::Array(_))) {
            Some((k, v)) => {
                Err(FieldError::new(format!("savedGroups.{k}"), format!("expected an array, got {}", v.kind())))
            }
            None => Ok(map.clone()),
        },
        other => Err(FieldError::new("savedGroups", format!("expected an object, got {}", other.kind()))),
    }
}

fn read_one(v: &Value, path: &str, groups: &Map, runtime: &Rc<dyn Runtime>) -> Result<Message, FieldError> {
    let Some(map) = read::object(v, path, &MESSAGE_FIELDS)? else {
        return Err(FieldError::new(path, "expected a message object, got null"));
    };
    let at = |key: &str| format!("{path}.{key}");
    let name = |key: &str| -> Result<String, FieldError> {
        match map.get(key) {
            Some(Value::String(s)) if !s.is_empty() && s.chars().count() <= MAX_NAME_CHARS => Ok(s.clone()),
            None | Some(Value::Null) => Err(FieldError::new(at(key), "missing (a non-empty string)")),
            Some(Value::String(_)) => {
                Err(FieldError::new(at(key), format!("expected 1 to {MAX_NAME_CHARS} characters")))
            }
            Some(other) => Err(FieldError::new(at(key), format!("expected a string, got {}", other.kind()))),
        }
    };
    let stages = match map.get("stages") {
        None | Some(Value::Null) => None,
        Some(Value::Array(names)) => Some(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    n.as_str().and_then(Stage::parse).ok_or_else(|| {
                        let all: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
                        let got = n.as_str().map_or_else(|| n.kind().to_owned(), |s| format!("\"{s}\""));
                        FieldError::new(
                            format!("{path}.stages[{i}]"),
                            format!("unknown stage {got} (expected one of: {})", all.join(", ")),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(other) => {
            return Err(FieldError::new(at("stages"), format!("expected an array of stages, got {}", other.kind())))
        }
    };
    let when = match map.get("when") {
        None | Some(Value::Null) => None,
        Some(c) => {
            Some(Condition::compile(c, runtime, Mode::Strict(groups)).map_err(|e| FieldError::new(at("when"), e.0))?)
        }
    };
    let cap = match read::object(map.get("cap").unwrap_or(&Value::Null), &at("cap"), &["impressions", "days"])? {
        None => None,
        Some(cap) => {
            let whole = |n: f64| n.fract() == 0.0 && (1.0..=IMPRESSIONS_KEPT as f64).contains(&n);
            let what = format!("a whole number from 1 to {IMPRESSIONS_KEPT}");
            let impressions = read::number(cap, &at("cap"), "impressions", &what, &whole)?;
            let days = read::number(cap, &at("cap"), "days", "a number of days from 1 to 365", &|n| {
                (1.0..=365.0).contains(&n)
            })?;
            match (impressions, days) {
                (Some(i), Some(d)) => Some(Cap { impressions: i as usize, days: d }),
                (None, _) => {
                    return Err(FieldError::new(format!("{path}.cap.impressions"), format!("missing ({what})")))
                }
                (_, None) => {
                    return Err(FieldError::new(format!("{path}.cap.days"), "missing (a number of days from 1 to 365)"))
                }
            }
        }
    };
    let start = time(map, path, "start")?;
    let end = time(map, path, "end")?;
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            return Err(FieldError::new(at("end"), "must be later than start"));
        }
    }
    let content = match map.get("content") {
        None | Some(Value::Null) => return Err(FieldError::new(at("content"), "missing (an object)")),
        Some(c) => Content::read(c, &at("content"))?,
    };
    let stop_after_click = match map.get("stopAfterClick") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(FieldError::new(at("stopAfterClick"), format!("expected a boolean, got {}", other.kind())))
        }
    };
    let id = name("id")?;
    let label = match map.get("name") {
        None | Some(Value::Null) => id.clone(),
        Some(_) => name("name")?,
    };
    Ok(Message {
        key: stored_key(&id),
        name: label,
        id,
        slot: name("slot")?,
        stages,
        when,
        priority: read::number(map, path, "priority", "a number", &|_| true)?.unwrap_or(0.0),
        content,
        cap,
        cooldown_days: read::number(map, path, "cooldownDays", "a number of days from 0 to 3650", &|n| {
            (0.0..=3650.0).contains(&n)
        })?
        .unwrap_or(DEFAULT_COOLDOWN_DAYS),
        stop_after_click,
        start,
        end,
        holdout: read::number(map, path, "holdout", "a share from 0 to 1", &|n| (0.0..=1.0).contains(&n))?
            .unwrap_or(0.0),
        reads_page: false,
    })
}

fn time(map: &Map, path: &str, key: &str) -> Result<Option<u64>, FieldError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => time::parse_iso8601(s).map(Some).ok_or_else(|| {
            FieldError::new(
                format!("{path}.{key}"),
                format!("expected an ISO 8601 date (2026-12-01) or date-time with an offset (2026-12-01T09:00:00+01:00), got \"{s}\""),
            )
        }),
        Some(other) => Err(FieldError::new(format!("{path}.{key}"), format!("expected an ISO 8601 string, got {}", other.kind()))),
    }
}

/// Days as milliseconds.
pub fn days_ms(days: f64) -> u64 {
    (days * DAY_MS) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_locale_variant() {
        let v = |s: &str| Value::object([("title", Value::from(s))]);
        let content = Content::Localized(vec![
            ("de".into(), v("de")),
            ("en".into(), v("en")),
            ("nl".into(), v("nl")),
            ("nl-BE".into(), v("be")),
        ]);
        assert_eq!(content.for_locale("nl-BE"), &v("be"));
        assert_eq!(content.for_locale("nl-NL"), &v("nl"));
        assert_eq!(content.for_locale("fr"), &v("en"));
        let no_en = Content::Localized(vec![("de".into(), v("de")), ("nl".into(), v("nl"))]);
        assert_eq!(no_en.for_locale("fr"), &v("de"));
        assert_eq!(content.variant("NL-be"), (Some("nl-BE"), &v("be")), "the tag as the catalogue writes it");
        assert_eq!(no_en.variant("fr"), (Some("de"), &v("de")));
        assert_eq!(Content::Single(v("one")).variant("nl"), (None, &v("one")));
    }
}
