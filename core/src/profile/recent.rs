//! Bounded, recency-ordered maps that merge as lattices.
//!
//! [`Recent`] keeps at most `N` entries, the most recently stamped ones. Two copies merge entry by
//! entry (the entry that [`Entry::wins_over`] the other stays) and are then cut back to `N`. This is
//! commutative, associative and idempotent, so tabs can merge copies in any order. It is used for
//! recently viewed items, purchased categories and cart lines; it knows nothing of what they mean.

use crate::base::keyed::{is_newer, newest_first, sort_small, Keyed};
use crate::base::read::{FieldError, Path, Stored};
use crate::base::value::Value;

/// An entry of a [`Recent`] map.
pub trait Entry: Clone + Stored {
    /// When the entry was last touched, ms since the epoch.
    fn at(&self) -> u64;
    /// Whether `self` should replace `other` when two copies of the same key meet. Must be a strict
    /// total order (deterministic tie-breaks), or merges would depend on their order.
    fn wins_over(&self, other: &Self) -> bool;
}

/// A plain timestamp is an entry: the later one wins.
impl Entry for u64 {
    fn at(&self) -> u64 {
        *self
    }
    fn wins_over(&self, other: &Self) -> bool {
        self > other
    }
}

impl Stored for u64 {
    fn to_value(&self) -> Value {
        (*self).into()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<u64, FieldError> {
        match v {
            Value::Number(n) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(n) => Ok(*n as u64),
            _ => Err(FieldError::new(path.to_string(), "expected a whole number ≥ 0")),
        }
    }
}

/// At most `N` keyed entries, the most recent ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Recent<E, const N: usize> {
    entries: Keyed<E>,
}

impl<E, const N: usize> Default for Recent<E, N> {
    fn default() -> Self {
        Recent { entries: Keyed::default() }
    }
}

impl<E: Entry, const N: usize> Recent<E, N> {
    /// The entry for `key`, if kept.
    pub fn get(&self, key: &str) -> Option<&E> {
        self.entries.get(key)
    }

    /// Puts `entry` under `key` if it wins over what is there, then keeps the `N` most recent.
    pub fn put(&mut self, key: &str, entry: E) {
        match self.entries.get(key) {
            Some(old) if !entry.wins_over(old) => {}
            _ => self.entries.insert(key, entry),
        }
        self.trim();
    }

    /// Merges another copy into this one.
    pub fn merge(&mut self, other: &Self) {
        for (key, entry) in other.entries.iter() {
            match self.entries.get(key) {
                Some(mine) if !entry.wins_over(mine) => {}
                _ => self.entries.insert(key, entry.clone()),
            }
        }
        self.trim();
    }

    /// Keys, most recent first (ties by key, so the order is stable).
    pub fn newest_first(&self) -> Vec<&str> {
        let mut order: Vec<(u64, &str)> = self.entries.iter().map(|(k, e)| (e.at(), k)).collect();
        sort_small(&mut order, is_newer);
        order.into_iter().map(|(_, k)| k).collect()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &E)> {
        self.entries.iter()
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes the oldest entry for which `drop` holds (among equally old, the greatest key, mirroring
    /// `newest_first`); whether one went.
    pub fn shed_oldest(&mut self, drop: impl Fn(&E) -> bool) -> bool {
        let oldest = self
            .entries
            .iter()
            .filter(|(_, e)| drop(e))
            .map(|(k, e)| (e.at(), k))
            .max_by(newest_first)
            .map(|(_, k)| k.to_owned());
        oldest.and_then(|k| self.entries.remove(&k)).is_some()
    }

    fn trim(&mut self) {
        while self.entries.len() > N && self.shed_oldest(|_| true) {}
    }
}

impl<E: Entry, const N: usize> Stored for Recent<E, N> {
    fn to_value(&self) -> Value {
        self.entries.to_value()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Self, FieldError> {
        let mut recent = Recent { entries: Keyed::from_value(v, path)? };
        recent.trim(); // a hand-edited document may hold more than the bound
        Ok(recent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_most_recent_entries_and_merges_by_latest_stamp() {
        let mut a: Recent<u64, 2> = Recent::default();
        a.put("shoes", 10);
        a.put("hats", 20);
        a.put("socks", 5); // older than both: not kept
        assert_eq!(a.newest_first(), vec!["hats", "shoes"]);
        let mut b: Recent<u64, 2> = Recent::default();
        b.put("socks", 30);
        a.merge(&b);
        assert_eq!(a.newest_first(), vec!["socks", "hats"]);
    }
}
