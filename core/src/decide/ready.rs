//! Decisions kept ready: for every slot of the catalogue, what a page would show the shopper
//! without page context, from now until each moment that time alone changes it — stored beside
//! the profile so that a tiny script can show a returning shopper's banner at first paint, before
//! the engine has loaded.
//!
//! Nothing but the clock changes a decision while the shopper is away, and the engine can foresee
//! what the clock will do: the lapse threshold passing, a schedule starting or ending, a cap
//! window or a cooldown running out, the profile expiring. A [`Timeline`] lists, per slot, the
//! [`Shown`] outcome for each stretch of time between such moments. Where a catalogue reads
//! attributes that drift with time (`daysInStage`, `daysSinceLastOrder`, the predictions), the
//! engine also looks a day at a time for [`SAMPLED_DAYS`] days, and the timeline stops there.
//! Each change is pinned to the millisecond by bisection, so the moments need only be found
//! roughly.
//!
//! An outcome is a short ranked list of [`Kept`] messages, their content already rendered (locale
//! and placeholders applied): the script shows the first the shopper has not dismissed, clicked
//! away or capped since the timeline was written, which it learns from the interactions it logs
//! itself (see [`read_log`]). A slot whose outcome could depend on the page context is marked
//! `needs_engine`: the list stops before the message only the engine can judge.
//!
//! This module owns the format and its bound ([`MAX_BYTES`]); the engine computes the outcomes
//! and the binding stores them. Writing only with consent is the binding's rule.

use std::fmt;

use crate::base::ecma::Runtime;
use crate::base::error::{Code, Error};
use crate::base::json;
use crate::base::value::{Map, Value};
use crate::profile::messages::Interaction;

use super::catalogue::{days_ms, Message};
use super::Shopper;
use crate::profile::messages::MessageLog;

/// The kept format's version: the script shows nothing from any other.
pub const FORMAT: u64 = 2;
/// Most bytes of the kept document's JSON text, whatever the catalogue.
pub const MAX_BYTES: usize = 4096;
/// Most messages kept per outcome: the winner and what shows once it is dismissed or capped.
pub const CANDIDATES: usize = 3;
/// Most moments looked at ahead; the timeline ends at the next one.
pub const MAX_MOMENTS: usize = 48;
/// How far ahead a catalogue that reads attributes drifting with time is looked at, a day at a
/// time.
pub const SAMPLED_DAYS: u64 = 30;
/// Most interactions the script logs; older ones are dropped (the engine has long read them).
pub const LOG_ENTRIES: usize = 32;

/// The content fields that rendering shows; the rest of a message's content is not kept.
const RENDERED: [&str; 5] = ["title", "body", "cta", "href", "dismissLabel"];

/// One message as the script shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// The message id.
    pub id: String,
    /// The rendered fields of its content, for the shopper's locale, placeholders filled, and
    /// `lang`, the language tag of the content's variant when it has variants.
    pub content: Value,
    /// Impressions left under its cap, and the cap's window in ms.
    pub cap: Option<(usize, u64)>,
    /// How long a dismissal hides it, ms.
    pub cooldown_ms: u64,
    /// A click hides it for good.
    pub stop_after_click: bool,
}

impl Kept {
    /// Message `m` with its filled `content` (of the variant for language tag `lang`), as
    /// `shopper` stands.
    pub fn new(m: &Message, content: Value, lang: Option<&str>, shopper: &Shopper) -> Kept {
        let mut rendered = Map::default();
        for key in RENDERED {
            if let Some(Value::String(s)) = content.get(key) {
                rendered.insert(key, Value::String(s.clone()));
            }
        }
        if let Some(lang) = lang {
            rendered.insert("lang", lang.into());
        }
        let cap = m.cap.map(|cap| {
            let window = days_ms(cap.days);
            let shown = shopper.log.get(&m.key).map_or(0, |st| st.shown_since(shopper.now.saturating_sub(window)));
            (cap.impressions.saturating_sub(shown), window)
        });
        Kept {
            id: m.id.clone(),
            content: Value::Object(rendered),
            cap,
            cooldown_ms: days_ms(m.cooldown_days),
            stop_after_click: m.stop_after_click,
        }
    }

    /// The stored form: the content with the dismiss button's name the page would give it, when
    /// the catalogue gives none.
    fn to_value(&self, rt: &dyn Runtime) -> Value {
        let mut out = Map::default();
        out.insert("id", self.id.as_str().into());
        let mut content = self.content.clone();
        if let Value::Object(fields) = &mut content {
            if fields.get("dismissLabel").is_none() {
                if let Some(label) = rt.dismiss_label(fields.get("lang").and_then(Value::as_str)) {
                    fields.insert("dismissLabel", label.into());
                }
            }
        }
        out.insert("content", content);
        if let Some((left, window)) = self.cap {
            out.insert("cap", Value::Array(vec![(left as u64).into(), window.into()]));
        }
        out.insert("cooldown", self.cooldown_ms.into());
        if self.stop_after_click {
            out.insert("stopAfterClick", true.into());
        }
        Value::Object(out)
    }
}

/// What a slot shows for a stretch of time.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    /// The messages in rank order; the first one still allowed shows, and with none, the baseline.
    pub messages: Vec<Kept>,
    /// The page context could change the outcome (or more messages follow than are kept): the
    /// engine decides, and the baseline shows until it does once `messages` run out.
    pub needs_engine: bool,
}

/// Two outcomes are the same when they show the same messages with the same content in the same
/// order. Impressions leaving a cap's window only raise what is left of it: a stretch keeps the
/// count from its start, which never lets the script show a message more often than its cap, and
/// saves a stretch (and a bisection) per impression.
impl PartialEq for Shown {
    fn eq(&self, other: &Shown) -> bool {
        let same = |a: &Kept, b: &Kept| a.id == b.id && a.content == b.content && a.cap.is_some() == b.cap.is_some();
        self.needs_engine == other.needs_engine
            && self.messages.len() == other.messages.len()
            && self.messages.iter().zip(&other.messages).all(|(a, b)| same(a, b))
    }
}

/// One stretch of a slot's timeline: `shown` until `until` (exclusive, ms).
#[derive(Debug, Clone, PartialEq)]
pub struct Stretch {
    /// The end of the stretch, ms; it starts where the previous one ends (the first: at
    /// [`Timeline::at`]).
    pub until: u64,
    /// What shows.
    pub shown: Shown,
}

/// The kept decisions of every slot.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// When it was computed, ms; interactions the script logs after this are not in it yet.
    pub at: u64,
    /// Per slot, its stretches in time order; past the last one, the baseline shows.
    pub slots: Vec<(String, Vec<Stretch>)>,
}

impl Timeline {
    /// The timeline from `at` to `end` for `slots`: `shown_at(t)` is every slot's outcome at
    /// time `t`, in the order of `slots`, and `moments` the times at which outcomes may change.
    /// A change is looked for just before its moment first, then pinned by bisection (moments
    /// found only roughly, or two changes between one pair of moments).
    pub fn compute(
        slots: &[&str],
        at: u64,
        end: u64,
        moments: &[u64],
        mut shown_at: impl FnMut(u64) -> Vec<Shown>,
    ) -> Timeline {
        let mut stretches: Vec<Vec<Stretch>> = vec![Vec::new(); slots.len()];
        let (mut current, mut known) = (shown_at(at), at);
        for &probe in moments.iter().filter(|&&m| m > at && m < end) {
            let mut there = Some(shown_at(probe));
            while let Some(outcome) = there.take() {
                if outcome == current {
                    known = probe;
                    break;
                }
                // The first millisecond in (known, probe] where the outcomes are no longer `current`.
                let mut changed = probe;
                if probe - known > 1 && shown_at(probe - 1) != current {
                    let mut same = known;
                    while changed - same > 1 {
                        let mid = same + (changed - same) / 2;
                        if shown_at(mid) == current {
                            same = mid;
                        } else {
                            changed = mid;
                        }
                    }
                }
                let next = if changed == probe { outcome.clone() } else { shown_at(changed) };
                for ((slot, now), then) in stretches.iter_mut().zip(current.iter_mut()).zip(next) {
                    if *now != then {
                        slot.push(Stretch { until: changed, shown: std::mem::replace(now, then) });
                    }
                }
                known = changed;
                if changed != probe {
                    there = Some(outcome); // another change may follow before the probe
                }
            }
        }
        let slots = slots
            .iter()
            .zip(stretches)
            .zip(current)
            .map(|((name, mut stretches), shown)| {
                stretches.push(Stretch { until: end, shown });
                ((*name).to_owned(), stretches)
            })
            .collect();
        Timeline { at, slots }
    }

    /// The stored form, at most [`MAX_BYTES`] of JSON text: the slots' stretches are taken in
    /// time order, one stretch of each slot at a time, while they fit; a slot's timeline ends
    /// early where its next stretch no longer fits (the baseline shows from then on).
    pub fn to_value(&self, rt: &dyn Runtime) -> Value {
        let text_len = |v: &Value| json::to_text(v, rt).len();
        let encoded: Vec<Vec<Value>> =
            self.slots.iter().map(|(_, stretches)| stretches.iter().map(|s| s.to_value(rt)).collect()).collect();
        // The document's length is counted, not printed, for each stretch tried: its text with no
        // slots, plus per slot `"name":[…]` with its stretches and commas, plus commas between.
        let lengths: Vec<Vec<usize>> =
            encoded.iter().map(|stretches| stretches.iter().map(text_len).collect()).collect();
        let names: Vec<usize> = self.slots.iter().map(|(name, _)| text_len(&Value::from(name.as_str())) + 3).collect();
        let empty = text_len(&self.document(&encoded, &vec![0; self.slots.len()], rt));
        let length = |taken: &[usize]| {
            let slots = taken.iter().zip(&lengths).zip(&names).filter(|((&n, _), _)| n > 0);
            let (count, sum) = slots.fold((0, 0), |(count, sum), ((&n, stretches), name)| {
                (count + 1, sum + name + stretches[..n].iter().sum::<usize>() + n - 1)
            });
            empty + sum + count.max(1) - 1
        };
        let mut taken = vec![0usize; self.slots.len()];
        let mut full = vec![false; self.slots.len()];
        loop {
            let mut grew = false;
            for i in 0..self.slots.len() {
                if full[i] || taken[i] == encoded[i].len() {
                    continue;
                }
                taken[i] += 1;
                if length(&taken) <= MAX_BYTES {
                    grew = true;
                } else {
                    taken[i] -= 1;
                    full[i] = true;
                }
            }
            if !grew {
                return self.document(&encoded, &taken, rt);
            }
        }
    }

    /// The kept document with the first `taken` stretches of each slot, and the page's default
    /// stylesheet for the messages it holds.
    fn document(&self, encoded: &[Vec<Value>], taken: &[usize], rt: &dyn Runtime) -> Value {
        let mut slots = Map::default();
        for (((name, _), stretches), &n) in self.slots.iter().zip(encoded).zip(taken) {
            if n > 0 {
                slots.insert(name, Value::Array(stretches[..n].to_vec()));
            }
        }
        let mut document = Map::default();
        document.insert("v", FORMAT.into());
        document.insert("at", self.at.into());
        document.insert("slots", Value::Object(slots));
        if let Some(style) = rt.banner_style() {
            document.insert("style", style.into());
        }
        Value::Object(document)
    }
}

impl Stretch {
    fn to_value(&self, rt: &dyn Runtime) -> Value {
        let mut out = Map::default();
        out.insert("until", self.until.into());
        out.insert("show", Value::Array(self.shown.messages.iter().map(|kept| kept.to_value(rt)).collect()));
        if self.shown.needs_engine {
            out.insert("engine", true.into());
        }
        Value::Object(out)
    }
}

/// The moments after `now` at which time alone changes whether one of `messages` may show: its
/// schedule starting or ending, a full cap freeing as the impression that fills it leaves the
/// window (with no new impressions, caps only ever free), its cooldown after a dismissal running
/// out. Roughly: each is within a millisecond of the change.
pub fn message_moments(messages: &[Message], log: &MessageLog, now: u64) -> Vec<u64> {
    let mut moments = Vec::new();
    for m in messages {
        moments.extend(m.start);
        moments.extend(m.end);
        let Some(state) = log.get(&m.key) else { continue };
        if let Some(cap) = m.cap {
            let window = days_ms(cap.days);
            if state.shown_since(now.saturating_sub(window)) >= cap.impressions {
                moments
                    .extend(state.shown.get(cap.impressions - 1).map(|&t| t.saturating_add(window).saturating_add(1)));
            }
        }
        moments.extend(state.dismissed.map(|d| d.saturating_add(days_ms(m.cooldown_days)).saturating_add(1)));
    }
    moments
}

/// The [`MAX_MOMENTS`] earliest distinct `moments` after `now` and before `end`, in order, and
/// the next one after them if there is one (where the timeline must then end). A catalogue can
/// have thousands of moments: only these few are ever kept, so no full sort.
pub fn earliest(moments: impl IntoIterator<Item = u64>, now: u64, end: u64) -> Vec<u64> {
    let mut kept: Vec<u64> = Vec::with_capacity(MAX_MOMENTS + 1);
    for m in moments.into_iter().filter(|&m| m > now && m < end) {
        let at = kept.partition_point(|&k| k < m);
        if kept.get(at) != Some(&m) && at <= MAX_MOMENTS {
            kept.insert(at, m);
            kept.truncate(MAX_MOMENTS + 1);
        }
    }
    kept
}

/// Why a kept document or the script's interaction log cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadyError {
    /// The kept decisions are not in the format this build writes.
    Corrupt(String),
    /// The interaction log is damaged.
    Log(String),
}

impl fmt::Display for ReadyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadyError::Corrupt(why) => write!(f, "kept decisions are unreadable ({why}): replaced"),
            ReadyError::Log(why) => write!(f, "the slots' interaction log is unreadable ({why}): dropped"),
        }
    }
}

impl std::error::Error for ReadyError {}

impl From<ReadyError> for Error {
    fn from(e: ReadyError) -> Error {
        Error::new(Code::KeptUnreadable, e.to_string())
    }
}

/// Checks a stored kept document (parsed JSON). A document of another format version is not an
/// error (a newer crumbtrail wrote it, or an older one): it is simply replaced.
pub fn check(v: &Value) -> Result<(), ReadyError> {
    let corrupt = |why: &str| Err(ReadyError::Corrupt(why.to_owned()));
    match v.get("v").and_then(Value::as_f64) {
        None => return corrupt("no format version"),
        Some(n) if n != FORMAT as f64 => return Ok(()),
        Some(_) => {}
    }
    let Some(Value::Object(slots)) = v.get("slots") else { return corrupt("no slots") };
    let stretches_ok = |stretches: &Value| match stretches {
        Value::Array(list) => list.iter().all(|s| {
            s.get("until").and_then(Value::as_f64).is_some()
                && matches!(s.get("show"), Some(Value::Array(shown)) if shown.iter().all(|m| {
                    m.get("id").and_then(Value::as_str).is_some() && matches!(m.get("content"), Some(Value::Object(_)))
                }))
        }),
        _ => false,
    };
    match slots.iter().find(|(_, stretches)| !stretches_ok(stretches)) {
        Some((slot, _)) => Err(ReadyError::Corrupt(format!("slot \"{slot}\" is damaged"))),
        None if v.get("at").and_then(Value::as_f64).is_none() => corrupt("no time"),
        None => Ok(()),
    }
}

/// An interaction the script logged while the engine was not there: `[id, "s" | "c" | "d", at]`.
/// The log holds only what the engine has not taken in yet: the engine removes what it has written
/// into the profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    /// The message id.
    pub id: String,
    /// Shown, clicked or dismissed.
    pub what: Interaction,
    /// When, ms.
    pub at: u64,
}

/// The log in its stored form.
pub fn log_value(logged: &[Logged]) -> Value {
    let code = |what| match what {
        Interaction::Seen => "s",
        Interaction::Clicked => "c",
        Interaction::Dismissed => "d",
    };
    Value::Array(
        logged.iter().map(|e| Value::Array(vec![e.id.as_str().into(), code(e.what).into(), e.at.into()])).collect(),
    )
}

/// [`check`] of the kept document as stored (JSON text).
pub fn check_text(text: &str, rt: &dyn Runtime) -> Result<(), ReadyError> {
    json::parse(text, rt).ok_or_else(|| ReadyError::Corrupt("not JSON".into())).and_then(|v| check(&v))
}

/// [`read_log`] of the log as stored (JSON text).
pub fn read_log_text(text: &str, rt: &dyn Runtime) -> Result<Vec<Logged>, ReadyError> {
    json::parse(text, rt).ok_or_else(|| ReadyError::Log("not JSON".into())).and_then(|v| read_log(&v))
}

/// Reads the script's interaction log (parsed JSON).
pub fn read_log(v: &Value) -> Result<Vec<Logged>, ReadyError> {
    let Value::Array(entries) = v else { return Err(ReadyError::Log(format!("expected an array, got {}", v.kind()))) };
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let bad = || ReadyError::Log(format!("entry {i} is not [id, \"s\" | \"c\" | \"d\", time]"));
            let Value::Array(parts) = entry else { return Err(bad()) };
            let [Value::String(id), Value::String(kind), Value::Number(at)] = parts.as_slice() else {
                return Err(bad());
            };
            let what = match kind.as_str() {
                "s" => Interaction::Seen,
                "c" => Interaction::Clicked,
                "d" => Interaction::Dismissed,
                _ => return Err(bad()),
            };
            if !(at.fract() == 0.0 && (0.0..9e15).contains(at)) {
                return Err(bad());
            }
            Ok(Logged { id: id.clone(), what, at: *at as u64 })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(id: &str) -> Shown {
        let kept = Kept {
            id: id.into(),
            content: Value::object([("title", Value::from(id))]),
            cap: None,
            cooldown_ms: 0,
            stop_after_click: false,
        };
        Shown { messages: vec![kept], needs_engine: false }
    }

    #[test]
    fn pins_each_change_to_the_millisecond_between_rough_moments() {
        // "a" until 1_000, "b" until 1_500, then "c": the moments given are only near the changes.
        let mut calls = 0;
        let outcome = |t: u64| {
            calls += 1;
            vec![
                shown(if t < 1_000 {
                    "a"
                } else if t < 1_500 {
                    "b"
                } else {
                    "c"
                }),
                shown("side"),
            ]
        };
        let timeline = Timeline::compute(&["hero", "side"], 0, 10_000, &[1_700, 5_000], outcome);
        let (slot, stretches) = &timeline.slots[0];
        assert_eq!(slot, "hero");
        let untils: Vec<u64> = stretches.iter().map(|s| s.until).collect();
        assert_eq!(untils, [1_000, 1_500, 10_000], "two changes between one pair of probes are both found");
        assert_eq!(stretches[2].shown, shown("c"));
        assert_eq!(timeline.slots[1].1.len(), 1, "a slot that never changes has one stretch");
        assert!(calls < 40, "{calls} evaluations");
    }

    #[test]
    fn a_change_exactly_at_its_moment_costs_two_evaluations() {
        let mut calls = 0;
        let outcome = |t: u64| {
            calls += 1;
            vec![shown(if t < 7_000 { "a" } else { "b" })]
        };
        let timeline = Timeline::compute(&["hero"], 0, 10_000, &[7_000], outcome);
        assert_eq!(timeline.slots[0].1[0].until, 7_000);
        assert_eq!(calls, 3, "now, the moment, and the millisecond before it");
    }

    #[test]
    fn only_the_earliest_moments_are_kept_in_order() {
        let many = (0..5_000u64).rev().map(|i| 100 + i * 7).chain([100, 5, 200_000]);
        let kept = earliest(many, 99, 100_000);
        assert_eq!(kept.len(), MAX_MOMENTS + 1);
        assert_eq!(kept[..3], [100, 107, 114], "distinct, in order, none at or before now");
        assert_eq!(*kept.last().unwrap(), 100 + 7 * MAX_MOMENTS as u64);
        assert_eq!(earliest([50, 10, 50], 0, 40), [10], "none at or after the end");
    }

    #[test]
    fn log_entries_read_and_damage_is_an_error() {
        let entry = |id: &str, kind: &str, at: f64| Value::Array(vec![id.into(), kind.into(), at.into()]);
        let log = Value::Array(vec![entry("a", "s", 5.0), entry("b", "d", 6.0), entry("a", "c", 7.0)]);
        let read = read_log(&log).expect("a log");
        assert_eq!(read[1], Logged { id: "b".into(), what: Interaction::Dismissed, at: 6 });
        assert_eq!(log_value(&read), log, "written back as read");
        assert!(read_log(&Value::Array(vec![entry("a", "x", 5.0)])).is_err());
        assert!(read_log(&Value::Array(vec![entry("a", "s", -1.0)])).is_err());
        assert!(read_log(&Value::from("nope")).is_err());
    }
}
