//! Decisions: which message of the catalogue a shopper sees in a slot, and why (DESIGN §8).
//!
//! A message is eligible when it is for the slot and the shopper's stage, its `when` holds over
//! the attributes, it is within its schedule, not capped, not cooling down after a dismissal and
//! not stopped after a click. Eligible messages rank by priority; ties go to the lower GrowthBook
//! hash v2 of the visitor id seeded with the message id, so a shopper sees the same message on
//! every reload while different shoppers spread across tied messages. A shopper held out of a
//! message (hash v2 of the visitor id seeded with `"holdout:" + id` below `holdout`) skips it; the
//! decision lists such messages in `heldOut`. A message whose placeholders cannot be filled is
//! skipped too.

pub mod catalogue;
pub mod ready;
pub mod template;

use std::rc::Rc;

use crate::base::ecma::Runtime;
use crate::base::hash::{hash, hash_seeded};
use crate::base::keyed::{sort_small, Keyed};
use crate::base::read::FieldError;
use crate::base::value::{Map, Value};
use crate::lifecycle::Stage;
use crate::profile::messages::MessageLog;
use crate::stage::Reason;
use catalogue::{days_ms, Content, Message};

/// The validated catalogue and the saved groups its conditions use.
#[derive(Clone, Default)]
pub struct Catalogue {
    messages: Vec<Message>,
    groups: Map,
    /// Present whenever there are messages.
    runtime: Option<Rc<dyn Runtime>>,
    /// The attributes its conditions and placeholders read: deciding builds only these.
    reads: Keyed<()>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue").field("messages", &self.messages).field("groups", &self.groups).finish()
    }
}

/// Who is asking, and when.
#[derive(Debug, Clone, Copy)]
pub struct Shopper<'a> {
    /// What conditions see (DESIGN §8).
    pub attributes: &'a Value,
    /// The current stage.
    pub stage: Stage,
    /// The visitor id: seeds tie-breaks and holdouts.
    pub visitor: &'a str,
    /// Impressions, dismissals and clicks so far.
    pub log: &'a MessageLog,
    /// Picks the content variant.
    pub locale: &'a str,
    /// Now, ms.
    pub now: u64,
}

/// Every code a decision's [`Reason`] can have: `stage` { stage }; `condition` { condition (the
/// message's `when`, as JSON text) }; `cap` { shown, impressions, days }; `only_eligible` { slot };
/// `priority_beat` { priority, other, otherPriority }; `priority_tied` { priority, other } (the
/// visitor's tie-break chose); `held_out` { messages }.
pub const DECISION_REASON_CODES: [&str; 7] =
    ["stage", "condition", "cap", "only_eligible", "priority_beat", "priority_tied", "held_out"];

/// The message chosen for a slot.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The message id.
    pub id: String,
    /// The slot.
    pub slot: String,
    /// The content for the shopper's locale, placeholders filled.
    pub content: Value,
    /// The language tag of the content's variant (none for content without variants).
    pub lang: Option<String>,
    /// The shopper's stage.
    pub stage: Stage,
    /// Why this message: codes of [`DECISION_REASON_CODES`] and their figures (the package's
    /// locale modules make sentences of them).
    pub reasons: Vec<Reason>,
    /// Higher-ranked messages the shopper is held out of.
    pub held_out: Vec<String>,
}

impl Decision {
    /// As the JavaScript `Decision`.
    pub fn into_value(self) -> Value {
        let mut out = Value::object([
            ("id", Value::from(self.id)),
            ("slot", self.slot.into()),
            ("content", self.content),
            ("stage", self.stage.as_str().into()),
            ("reasons", Value::Array(self.reasons.iter().map(Reason::to_value).collect())),
            ("heldOut", self.held_out.into()),
        ]);
        if let (Some(lang), Value::Object(map)) = (self.lang, &mut out) {
            map.insert("lang", lang.into());
        }
        out
    }
}

/// An eligible message and its rank keys.
struct Candidate<'a> {
    message: &'a Message,
    tie_break: f64,
}

impl Catalogue {
    /// Reads the `messages` and `savedGroups` options.
    pub fn from_options(messages: &Value, groups: &Value, runtime: &Rc<dyn Runtime>) -> Result<Catalogue, FieldError> {
        let groups = catalogue::read_groups(groups)?;
        let mut messages = catalogue::read(messages, &groups, runtime)?;
        let mut reads = Keyed::default();
        for m in &mut messages {
            let mut names = Vec::new();
            if let Some(when) = &m.when {
                when.attribute_names(&mut names);
            }
            match &m.content {
                Content::Single(v) => template::attribute_names(v, &mut names),
                Content::Localized(variants) => {
                    variants.iter().for_each(|(_, v)| template::attribute_names(v, &mut names))
                }
            }
            // The recommendations leave out the page's product: they depend on the page too.
            m.reads_page = names.iter().any(|n| *n == "page" || *n == "recommended");
            for name in names {
                reads.insert(name, ());
            }
        }
        Ok(Catalogue { messages, groups, runtime: Some(runtime.clone()), reads })
    }

    /// Whether a condition or placeholder reads attribute `name`; deciding builds no other.
    pub fn reads(&self, name: &str) -> bool {
        self.reads.get(name).is_some()
    }

    /// The attributes conditions and placeholders read.
    pub fn read_names(&self) -> impl Iterator<Item = &str> {
        self.reads.keys()
    }

    /// The message with this id.
    pub fn message(&self, id: &str) -> Option<&Message> {
        self.messages.iter().find(|m| m.id == id)
    }

    /// How many messages.
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The message to show in `slot`, or `None` when no message is eligible.
    pub fn decide(&self, slot: &str, shopper: &Shopper) -> Option<Decision> {
        self.decide_reporting_held_out(slot, shopper).0
    }

    /// [`Catalogue::decide`], and the messages the shopper was held out of — also when that leaves
    /// nothing to show, the case where the control group would otherwise go unseen.
    pub fn decide_reporting_held_out(&self, slot: &str, shopper: &Shopper) -> (Option<Decision>, Vec<String>) {
        let Some(rt) = self.runtime.as_deref() else { return (None, Vec::new()) };
        let ranked = self.ranked(shopper, |m| m.slot == slot && self.eligible(m, shopper));

        let mut held_out = Vec::new();
        for (i, candidate) in ranked.iter().enumerate() {
            let m = candidate.message;
            if is_held_out(m, shopper.visitor) {
                held_out.push(m.id.clone());
                continue;
            }
            let (lang, variant) = m.content.variant(shopper.locale);
            let Some(content) = template::fill(variant, shopper.attributes, rt) else {
                continue;
            };
            let runner_up = ranked[i + 1..].iter().map(|c| c.message).find(|r| !is_held_out(r, shopper.visitor));
            let reasons = reasons(m, runner_up, &held_out, shopper);
            let decision = Decision {
                id: m.id.clone(),
                slot: slot.to_owned(),
                content,
                lang: lang.map(str::to_owned),
                stage: shopper.stage,
                reasons,
                held_out: held_out.clone(),
            };
            return (Some(decision), held_out);
        }
        (None, held_out)
    }

    /// The messages `keep` keeps, best first.
    fn ranked<'a>(&'a self, shopper: &Shopper, keep: impl Fn(&Message) -> bool) -> Vec<Candidate<'a>> {
        let mut ranked: Vec<Candidate> = self
            .messages
            .iter()
            .filter(|m| keep(m))
            .map(|m| Candidate { message: m, tie_break: hash(&m.id, shopper.visitor, 2).unwrap_or(1.0) })
            .collect();
        sort_small(&mut ranked, ranks_before);
        ranked
    }

    fn eligible(&self, m: &Message, s: &Shopper) -> bool {
        eligible_by_state(m, s) && m.when.as_ref().is_none_or(|c| c.matches(s.attributes, &self.groups))
    }

    /// The slots the catalogue fills, in the order they first appear.
    pub fn slots(&self) -> Vec<&str> {
        let mut slots: Vec<&str> = Vec::new();
        for m in &self.messages {
            if !slots.contains(&m.slot.as_str()) {
                slots.push(&m.slot);
            }
        }
        slots
    }

    /// The messages, in catalogue order.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// What `slot` shows to `shopper` when the page context is not known (see [`ready`]): the
    /// eligible messages in rank order, up to [`ready::CANDIDATES`], each shown only if the ones
    /// before it are dismissed or capped. The list stops at the first message whose condition or
    /// placeholders read the page, since only the engine can judge it.
    pub fn prepare(&self, slot: &str, shopper: &Shopper) -> ready::Shown {
        let mut shown = ready::Shown::default();
        let Some(rt) = self.runtime.as_deref() else { return shown };
        let possible = |m: &Message| {
            m.slot == slot
                && eligible_by_state(m, shopper)
                && (m.reads_page || m.when.as_ref().is_none_or(|c| c.matches(shopper.attributes, &self.groups)))
        };
        let ranked = self.ranked(shopper, possible);
        for candidate in ranked.iter().map(|c| c.message).filter(|m| !is_held_out(m, shopper.visitor)) {
            if candidate.reads_page || shown.messages.len() == ready::CANDIDATES {
                shown.needs_engine = true;
                break;
            }
            let (lang, variant) = candidate.content.variant(shopper.locale);
            if let Some(content) = template::fill(variant, shopper.attributes, rt) {
                shown.messages.push(ready::Kept::new(candidate, content, lang, shopper));
            }
        }
        shown
    }
}

/// Whether `m` may show to `s` as far as its stage, schedule, clicks, dismissals and cap go.
fn eligible_by_state(m: &Message, s: &Shopper) -> bool {
    let state = s.log.get(&m.key);
    let before = |days: f64| s.now.saturating_sub(days_ms(days));
    m.stages.as_ref().is_none_or(|stages| stages.contains(&s.stage))
        && m.start.is_none_or(|start| start <= s.now)
        && m.end.is_none_or(|end| s.now < end)
        && !(m.stop_after_click && state.is_some_and(|st| st.clicked.is_some()))
        && state.and_then(|st| st.dismissed).is_none_or(|d| d < before(m.cooldown_days))
        && m.cap.is_none_or(|cap| state.is_none_or(|st| st.shown_since(before(cap.days)) < cap.impressions))
}

/// Higher priority first; then the lower tie-break hash; then the id, so the order is total.
fn ranks_before(a: &Candidate, b: &Candidate) -> bool {
    let (pa, pb) = (a.message.priority, b.message.priority);
    pa > pb || (pa == pb && (a.tie_break, &a.message.id) < (b.tie_break, &b.message.id))
}

fn is_held_out(m: &Message, visitor: &str) -> bool {
    m.holdout > 0.0 && hash_seeded(&["holdout:", &m.id], visitor, 2).is_some_and(|h| h < m.holdout)
}

fn reasons(m: &Message, runner_up: Option<&Message>, held_out: &[String], s: &Shopper) -> Vec<Reason> {
    let mut out = vec![reason("stage", [("stage", s.stage.as_str().into()), NONE, NONE])];
    if let Some(when) = &m.when {
        out.push(reason("condition", [("condition", when.describe().into()), NONE, NONE]));
    }
    if let Some(cap) = m.cap {
        let shown = s.log.get(&m.key).map_or(0, |st| st.shown_since(s.now.saturating_sub(days_ms(cap.days))));
        let figures = [
            ("shown", (shown as f64).into()),
            ("impressions", (cap.impressions as f64).into()),
            ("days", cap.days.into()),
        ];
        out.push(reason("cap", figures));
    }
    let priority = ("priority", Value::from(m.priority));
    out.push(match runner_up {
        None => reason("only_eligible", [("slot", m.slot.as_str().into()), NONE, NONE]),
        Some(r) if r.priority < m.priority => {
            reason("priority_beat", [priority, ("other", r.id.as_str().into()), ("otherPriority", r.priority.into())])
        }
        Some(r) => reason("priority_tied", [priority, ("other", r.id.as_str().into()), NONE]),
    });
    if !held_out.is_empty() {
        out.push(reason("held_out", [("messages", held_out.to_vec().into()), NONE, NONE]));
    }
    out
}

/// No figure: a place left empty in [`reason`]'s three.
const NONE: (&str, Value) = ("", Value::Null);

/// A reason with up to three figures (empty names are none).
fn reason(code: &'static str, figures: [(&str, Value); 3]) -> Reason {
    let mut values = Map::default();
    for (name, value) in figures.into_iter().filter(|(name, _)| !name.is_empty()) {
        values.insert(name, value);
    }
    Reason { code, values: Value::Object(values) }
}
