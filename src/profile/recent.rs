//! Bounded, recency-ordered maps that merge as lattices.
//!
//! [`Recent`] keeps at most `N` entries, the most recently stamped ones. Two copies merge entry by
//! entry (the entry that [`Entry::wins_over`] the other stays) and are then cut back to `N`. This is
//! commutative, associative and idempotent, so tabs can merge copies in any order. It is used for
//! recently viewed items, purchased categories and cart lines; it knows nothing of what they mean.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An entry of a [`Recent`] map.
pub trait Entry: Clone {
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

/// At most `N` keyed entries, the most recent ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Recent<E, const N: usize> {
    entries: BTreeMap<String, E>,
}

impl<E, const N: usize> Default for Recent<E, N> {
    fn default() -> Self {
        Recent { entries: BTreeMap::new() }
    }
}

impl<E: Entry, const N: usize> Recent<E, N> {
    /// The entry for `key`, if kept.
    pub fn get(&self, key: &str) -> Option<&E> {
        self.entries.get(key)
    }

    /// Puts `entry` under `key` if it wins over what is there, then keeps the `N` most recent.
    pub fn put(&mut self, key: &str, entry: E) {
        match self.entries.get_mut(key) {
            Some(old) if !entry.wins_over(old) => {}
            Some(old) => *old = entry,
            None => {
                self.entries.insert(key.to_owned(), entry);
            }
        }
        self.trim();
    }

    /// Merges another copy into this one.
    pub fn merge(&mut self, other: &Self) {
        for (key, entry) in &other.entries {
            match self.entries.get_mut(key) {
                Some(mine) if !entry.wins_over(mine) => {}
                Some(mine) => *mine = entry.clone(),
                None => {
                    self.entries.insert(key.clone(), entry.clone());
                }
            }
        }
        self.trim();
    }

    /// Entries, most recent first (ties by key, so the order is stable).
    pub fn newest_first(&self) -> Vec<(&str, &E)> {
        let mut all: Vec<(&str, &E)> = self.entries.iter().map(|(k, e)| (k.as_str(), e)).collect();
        all.sort_by(|a, b| b.1.at().cmp(&a.1.at()).then_with(|| a.0.cmp(b.0)));
        all
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drops entries for which `keep` is false.
    pub fn retain(&mut self, mut keep: impl FnMut(&E) -> bool) {
        self.entries.retain(|_, e| keep(e));
    }

    fn trim(&mut self) {
        while self.entries.len() > N {
            // The oldest goes; among equally old, the greatest key, mirroring `newest_first`.
            let oldest = self
                .entries
                .iter()
                .min_by(|a, b| a.1.at().cmp(&b.1.at()).then_with(|| b.0.cmp(a.0)))
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => self.entries.remove(&k),
                None => break,
            };
        }
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
        assert_eq!(a.newest_first(), vec![("hats", &20), ("shoes", &10)]);
        let mut b: Recent<u64, 2> = Recent::default();
        b.put("socks", 30);
        a.merge(&b);
        assert_eq!(a.newest_first(), vec![("socks", &30), ("hats", &20)]);
    }
}
