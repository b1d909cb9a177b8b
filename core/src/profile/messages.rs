//! What the shopper did with messages: impressions, dismissals, clicks — the state behind
//! frequency caps, cooldowns and stop-after-click.
//!
//! Mergeable like the rest of the profile: per message, the union of impression times (the newest
//! [`IMPRESSIONS_KEPT`] kept) and the latest dismissal and click. Bounded: the state of the
//! [`MESSAGES_KEPT`] messages touched most recently is kept, older ones are pruned (such a message
//! is then treated as never shown). Impressions of two tabs at the same millisecond count once.

use crate::base::keyed::{sort_small, Keyed};
use crate::base::read::{FieldError, Fields, Out, Path, Stored};
use crate::base::value::Value;

/// Messages whose state is kept.
pub const MESSAGES_KEPT: usize = 12;
/// Impression times kept per message: the largest frequency cap the catalogue accepts.
pub const IMPRESSIONS_KEPT: usize = 6;

/// What a shopper did with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interaction {
    /// It was shown.
    Seen,
    /// Its link was followed.
    Clicked,
    /// It was dismissed.
    Dismissed,
}

/// One message's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MessageState {
    /// Impression times, newest first, distinct.
    pub shown: Vec<u64>,
    /// Last dismissal.
    pub dismissed: Option<u64>,
    /// Last click.
    pub clicked: Option<u64>,
}

impl MessageState {
    /// Impressions at or after `since`.
    pub fn shown_since(&self, since: u64) -> usize {
        self.shown.iter().take_while(|&&t| t >= since).count()
    }

    fn last_touched(&self) -> u64 {
        let shown = self.shown.first().copied();
        shown.max(self.dismissed).max(self.clicked).unwrap_or(0)
    }

    fn add_shown(&mut self, times: &[u64]) {
        for &t in times {
            if !self.shown.contains(&t) {
                self.shown.push(t);
            }
        }
        sort_small(&mut self.shown, |a, b| a > b);
        self.shown.truncate(IMPRESSIONS_KEPT);
    }

    fn merge(&mut self, other: &MessageState) {
        self.add_shown(&other.shown);
        self.dismissed = self.dismissed.max(other.dismissed);
        self.clicked = self.clicked.max(other.clicked);
    }
}

impl Stored for MessageState {
    fn to_value(&self) -> Value {
        Out::default()
            .put("shown", self.shown.iter().map(|&t| Value::from(t)).collect::<Vec<_>>())
            .opt_whole("dismissed", self.dismissed)
            .opt_whole("clicked", self.clicked)
            .done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<MessageState, FieldError> {
        let f = Fields::of(v, path)?;
        let mut state =
            MessageState { shown: Vec::new(), dismissed: f.opt_whole("dismissed")?, clicked: f.opt_whole("clicked")? };
        let shown = match v.get("shown") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|t| match t {
                    Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 9e15 => Ok(*n as u64),
                    other => Err(FieldError::new(f.path_of("shown"), format!("expected times, got {}", other.kind()))),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(FieldError::new(f.path_of("shown"), format!("expected an array, got {}", other.kind())))
            }
        };
        state.add_shown(&shown);
        Ok(state)
    }
}

/// The state of recently touched messages, by stored message id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MessageLog {
    entries: Keyed<MessageState>,
}

impl MessageLog {
    /// The state of message `id` (its stored key), if any is kept.
    pub fn get(&self, id: &str) -> Option<&MessageState> {
        self.entries.get(id)
    }

    /// Records an interaction with message `id` (its stored key) at `at`.
    pub fn record(&mut self, id: &str, what: Interaction, at: u64) {
        let state = self.entries.get_or_insert_with(id, MessageState::default);
        match what {
            Interaction::Seen => {
                // Two impressions in one tab are two, even within a millisecond.
                let mut at = at;
                while state.shown.contains(&at) {
                    at += 1;
                }
                state.add_shown(&[at]);
            }
            Interaction::Clicked => state.clicked = state.clicked.max(Some(at)),
            Interaction::Dismissed => state.dismissed = state.dismissed.max(Some(at)),
        }
        self.prune();
    }

    /// Takes in an interaction recorded elsewhere (the slot script's log), idempotently: taking
    /// the same one in twice changes nothing, unlike [`MessageLog::record`].
    pub fn absorb(&mut self, id: &str, what: Interaction, at: u64) {
        let state = self.entries.get_or_insert_with(id, MessageState::default);
        match what {
            Interaction::Seen => state.add_shown(&[at]),
            Interaction::Clicked => state.clicked = state.clicked.max(Some(at)),
            Interaction::Dismissed => state.dismissed = state.dismissed.max(Some(at)),
        }
        self.prune();
    }

    /// Every message's state, by stored id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &MessageState)> {
        self.entries.iter()
    }

    /// Merges a concurrent copy.
    pub fn merge(&mut self, other: &MessageLog) {
        for (id, theirs) in other.entries.iter() {
            self.entries.get_or_insert_with(id, MessageState::default).merge(theirs);
        }
        self.prune();
    }

    /// How many messages have state.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no message has state.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn prune(&mut self) {
        self.prune_to(MESSAGES_KEPT);
    }

    /// Keeps the `kept` most recently touched messages (ties by id, so every copy prunes alike); the
    /// others are then treated as never shown.
    pub fn prune_to(&mut self, kept: usize) {
        if self.entries.len() <= kept {
            return;
        }
        let mut order: Vec<(u64, &str)> = self.entries.iter().map(|(id, s)| (s.last_touched(), id)).collect();
        sort_small(&mut order, crate::base::keyed::is_newer);
        let keep: Vec<String> = order.iter().take(kept).map(|(_, id)| (*id).to_owned()).collect();
        self.entries.retain(|id, _| keep.iter().any(|k| k == id));
    }
}

impl Stored for MessageLog {
    fn to_value(&self) -> Value {
        self.entries.to_value()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<MessageLog, FieldError> {
        let mut log = MessageLog { entries: Keyed::from_value(v, path)? };
        log.prune();
        Ok(log)
    }
}
