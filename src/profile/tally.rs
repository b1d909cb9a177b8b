//! Event counters that several tabs can write at once without losing or doubling a count.
//!
//! Each writer (one tab's run of activity) counts into a **slot** of its own; two copies of the same
//! slot merge by taking the larger count of each field, and the totals are the sum over slots. A
//! writer that has been idle for [`ROTATE_AFTER_MS`] starts a new slot, so a slot idle longer than
//! that is final. Final slots idle for [`FOLD_AFTER_MS`] are **folded** into `base` in a fixed order
//! (their last write, then their id); `horizon` records the last slot folded. Copies with a later
//! horizon have folded a superset, so merging takes the base of the later horizon and drops the
//! slots it covers. That keeps the stored size bounded however many tabs and visits there were.
//!
//! The assumption, stated: every write of a slot reaches storage within [`FOLD_AFTER_MS`] minus
//! [`ROTATE_AFTER_MS`] (90 minutes). Writes are coalesced to within a task, so that holds unless a
//! tab's storage writes keep failing for that long — and then its counts stay in that tab anyway.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A writer starts a new slot after this long without writing (30 minutes).
pub const ROTATE_AFTER_MS: u64 = 30 * 60_000;
/// A slot idle this long is folded into the base (2 hours).
pub const FOLD_AFTER_MS: u64 = 2 * 60 * 60_000;
/// More slots than this are folded oldest first once final (idle for [`ROTATE_AFTER_MS`]), even
/// before [`FOLD_AFTER_MS`]: many short visits must not fill the document.
pub const MAX_SLOTS: usize = 8;
/// Categories kept in the base after a fold, the most viewed ones.
pub const TOP_CATEGORIES: usize = 12;
/// Categories one slot counts; views of further categories in the same slot are not counted.
pub const SLOT_CATEGORIES: usize = 16;

fn is_zero(n: &u64) -> bool {
    *n == 0
}
fn all_zero(r: &[u64; 5]) -> bool {
    r.iter().all(|n| *n == 0)
}

/// Counts of what a shopper did. Field names are the stored names.
#[allow(missing_docs)] // each field is the count its name says
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Counters {
    #[serde(skip_serializing_if = "is_zero")]
    pub sessions: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub page_views: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub list_views: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub item_views: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub wishlist_adds: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub cart_adds: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub cart_removes: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub cart_views: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub checkouts: u64,
    /// `purchase` events (orders are counted by id in the order book).
    #[serde(skip_serializing_if = "is_zero")]
    pub purchases: u64,
    /// `refund` events.
    #[serde(skip_serializing_if = "is_zero")]
    pub refunds: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub sign_ups: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub leads: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub shares: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub referrals: u64,
    /// Reviews by rating: index 0 counts 1-star reviews, index 4 five-star ones.
    #[serde(skip_serializing_if = "all_zero")]
    pub reviews: [u64; 5],
    /// Item views per category.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub categories: BTreeMap<String, u64>,
}

impl Counters {
    /// Every scalar field, for field-wise operations.
    fn scalars_mut(&mut self) -> [&mut u64; 20] {
        let [r1, r2, r3, r4, r5] = &mut self.reviews;
        [
            &mut self.sessions,
            &mut self.page_views,
            &mut self.list_views,
            &mut self.item_views,
            &mut self.wishlist_adds,
            &mut self.cart_adds,
            &mut self.cart_removes,
            &mut self.cart_views,
            &mut self.checkouts,
            &mut self.purchases,
            &mut self.refunds,
            &mut self.sign_ups,
            &mut self.leads,
            &mut self.shares,
            &mut self.referrals,
            r1,
            r2,
            r3,
            r4,
            r5,
        ]
    }

    /// Combines field by field with `op` (max for two copies of one slot, sum across slots).
    fn combine(&mut self, other: &Counters, op: fn(u64, u64) -> u64) {
        let mut theirs = other.clone();
        for (mine, theirs) in self.scalars_mut().into_iter().zip(theirs.scalars_mut()) {
            *mine = op(*mine, *theirs);
        }
        for (cat, n) in &other.categories {
            let mine = self.categories.entry(cat.clone()).or_insert(0);
            *mine = op(*mine, *n);
        }
    }

    /// Adds `other` to these counts.
    pub fn add(&mut self, other: &Counters) {
        self.combine(other, u64::saturating_add);
    }

    /// Counts one item view of `category`, unless this slot already counts too many categories.
    pub fn view_category(&mut self, category: &str) {
        if let Some(n) = self.categories.get_mut(category) {
            *n += 1;
        } else if self.categories.len() < SLOT_CATEGORIES {
            self.categories.insert(category.to_owned(), 1);
        }
    }

    /// Categories by views, most viewed first (ties by name).
    pub fn top_categories(&self) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64)> = self.categories.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        all
    }
}

/// One writer's counts and when it last wrote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    /// Last write, ms since the epoch (the clock's time, not the events').
    pub at: u64,
    /// What this writer counted.
    pub c: Counters,
}

/// Where folding has got to: the last write and id of the last slot folded.
pub type Horizon = (u64, String);

/// The counters of every writer, with final slots folded into a base.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tally {
    base: Counters,
    #[serde(skip_serializing_if = "Option::is_none")]
    horizon: Option<Horizon>,
    slots: BTreeMap<String, Slot>,
}

impl Tally {
    /// The counters of `writer`'s slot, created if needed, stamped `now`.
    pub fn slot(&mut self, writer: &str, now: u64) -> &mut Counters {
        let slot = self.slots.entry(writer.to_owned()).or_default();
        slot.at = slot.at.max(now);
        &mut slot.c
    }

    /// All counts: the base plus every slot.
    pub fn total(&self) -> Counters {
        let mut sum = self.base.clone();
        for slot in self.slots.values() {
            sum.add(&slot.c);
        }
        sum
    }

    /// Folds slots idle for [`FOLD_AFTER_MS`], and final ones beyond [`MAX_SLOTS`], oldest first.
    pub fn fold(&mut self, now: u64) {
        let mut order: Vec<(u64, String)> = self.slots.iter().map(|(w, s)| (s.at, w.clone())).collect();
        order.sort();
        let excess = order.len().saturating_sub(MAX_SLOTS);
        for (i, key) in order.into_iter().enumerate() {
            let idle = now.saturating_sub(key.0);
            let foldable = idle >= FOLD_AFTER_MS || (i < excess && idle >= ROTATE_AFTER_MS);
            if !foldable {
                break;
            }
            if let Some(slot) = self.slots.remove(&key.1) {
                self.base.add(&slot.c);
            }
            self.horizon = Some(key);
        }
        self.trim_base_categories();
    }

    fn trim_base_categories(&mut self) {
        if self.base.categories.len() > TOP_CATEGORIES {
            let keep: BTreeMap<String, u64> = self
                .base
                .top_categories()
                .into_iter()
                .take(TOP_CATEGORIES)
                .map(|(k, n)| (k.to_owned(), n))
                .collect();
            self.base.categories = keep;
        }
    }

    /// Merges another copy: the base of the later horizon, slots field-wise max, covered slots dropped.
    pub fn merge(&mut self, other: &Tally) {
        if other.horizon > self.horizon {
            self.base = other.base.clone();
            self.horizon = other.horizon.clone();
        } else if other.horizon == self.horizon {
            // Same horizon means the same folds; max only guards against a hand-edited document.
            self.base.combine(&other.base, u64::max);
            self.trim_base_categories();
        }
        for (writer, theirs) in &other.slots {
            let mine = self.slots.entry(writer.clone()).or_default();
            mine.at = mine.at.max(theirs.at);
            mine.c.combine(&theirs.c, u64::max);
        }
        if let Some((h_at, h_writer)) = &self.horizon {
            self.slots.retain(|w, s| (s.at, w.as_str()) > (*h_at, h_writer.as_str()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_totals_and_bounds_slots() {
        let mut t = Tally::default();
        for i in 0..20u64 {
            t.slot(&format!("w{i:02}"), i * 1000).page_views += 1;
        }
        t.fold(20_000);
        assert_eq!(t.slots.len(), 20, "live slots are never folded");
        t.fold(19_000 + ROTATE_AFTER_MS);
        assert_eq!(t.slots.len(), MAX_SLOTS, "final slots beyond the cap are folded");
        assert_eq!(t.total().page_views, 20);
        t.fold(20_000 + FOLD_AFTER_MS + 20_000);
        assert!(t.slots.is_empty());
        assert_eq!(t.total().page_views, 20);
    }

    #[test]
    fn a_copy_that_folded_more_wins_without_double_counting() {
        let mut a = Tally::default();
        a.slot("old", 0).page_views = 3;
        let mut b = a.clone();
        b.slot("new", FOLD_AFTER_MS + 1).page_views = 2;
        b.fold(FOLD_AFTER_MS + 1); // folds "old"
        a.slot("other", 10).page_views = 1;
        a.merge(&b);
        assert_eq!(a.total().page_views, 6);
        let mut b2 = b.clone();
        b2.merge(&a);
        assert_eq!(b2, a);
    }
}
