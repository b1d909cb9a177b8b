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

use crate::base::keyed::{is_newer, sort_small, Keyed};
use crate::base::read::{FieldError, Fields, Out, Path, Stored};
use crate::base::value::Value;

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

/// Stored names of the scalar counters, in the order of [`Counters::scalars_mut`].
const SCALAR_NAMES: [&str; 15] = [
    "sessions",
    "pageViews",
    "listViews",
    "itemViews",
    "wishlistAdds",
    "cartAdds",
    "cartRemoves",
    "cartViews",
    "checkouts",
    "purchases",
    "refunds",
    "signUps",
    "leads",
    "shares",
    "referrals",
];

/// Counts of what a shopper did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    /// Sessions: a gap longer than `sessionTimeoutMinutes` starts a new one.
    pub sessions: u64,
    /// `page_view` events.
    pub page_views: u64,
    /// `view_item_list` events.
    pub list_views: u64,
    /// `view_item` events.
    pub item_views: u64,
    /// `add_to_wishlist` events.
    pub wishlist_adds: u64,
    /// `add_to_cart` events.
    pub cart_adds: u64,
    /// `remove_from_cart` events.
    pub cart_removes: u64,
    /// `view_cart` events.
    pub cart_views: u64,
    /// `begin_checkout` events.
    pub checkouts: u64,
    /// `purchase` events (orders are counted by id in the order book).
    pub purchases: u64,
    /// `refund` events.
    pub refunds: u64,
    /// `sign_up` events.
    pub sign_ups: u64,
    /// `generate_lead` events.
    pub leads: u64,
    /// `share` events.
    pub shares: u64,
    /// `referral` events.
    pub referrals: u64,
    /// Reviews by rating: index 0 counts 1-star reviews, index 4 five-star ones.
    pub reviews: [u64; 5],
    /// Item views per category.
    pub categories: Keyed<u64>,
}

impl Counters {
    /// Every scalar count (the names are [`SCALAR_NAMES`]).
    fn scalars_mut(&mut self) -> [&mut u64; 15] {
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
        ]
    }

    /// The scalar counts by value, in the order of [`SCALAR_NAMES`] (the category map is not copied).
    fn scalars(&self) -> [u64; 15] {
        let mut numbers = Counters { categories: Keyed::default(), ..*self };
        numbers.scalars_mut().map(|n| *n)
    }

    /// Combines field by field with `op` (max for two copies of one slot, sum across slots).
    fn combine(&mut self, other: &Counters, op: fn(u64, u64) -> u64) {
        self.combine_counts(other, op);
        for (cat, n) in other.categories.iter() {
            let mine = self.categories.get_or_insert_with(cat, || 0);
            *mine = op(*mine, *n);
        }
    }

    /// [`Counters::combine`] without the category views.
    fn combine_counts(&mut self, other: &Counters, op: fn(u64, u64) -> u64) {
        for (mine, theirs) in self.scalars_mut().into_iter().zip(other.scalars()) {
            *mine = op(*mine, theirs);
        }
        for (mine, theirs) in self.reviews.iter_mut().zip(other.reviews) {
            *mine = op(*mine, theirs);
        }
    }

    /// Adds `other` to these counts.
    pub fn add(&mut self, other: &Counters) {
        self.combine(other, u64::saturating_add);
    }

    /// Counts one item view of `category`, unless this slot already counts too many categories.
    pub fn view_category(&mut self, category: &str) {
        if self.categories.get(category).is_some() || self.categories.len() < SLOT_CATEGORIES {
            *self.categories.get_or_insert_with(category, || 0) += 1;
        }
    }

    /// Categories by views, most viewed first (ties by name).
    pub fn top_categories(&self) -> Vec<(u64, &str)> {
        let mut all: Vec<(u64, &str)> = self.categories.iter().map(|(k, n)| (*n, k)).collect();
        sort_small(&mut all, is_newer); // "most first" is the same order as "newest first"
        all
    }
}

/// One writer's counts and when it last wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Slot {
    /// Last write, ms since the epoch (the clock's time, not the events').
    pub at: u64,
    /// What this writer counted.
    pub c: Counters,
}

/// Where folding has got to: the last write and id of the last slot folded.
pub type Horizon = (u64, String);

/// The counters of every writer, with final slots folded into a base.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    base: Counters,
    horizon: Option<Horizon>,
    slots: Keyed<Slot>,
}

impl Tally {
    /// The counters of `writer`'s slot, created if needed, stamped `now`.
    pub fn slot(&mut self, writer: &str, now: u64) -> &mut Counters {
        let slot = self.slots.get_or_insert_with(writer, Slot::default);
        slot.at = slot.at.max(now);
        &mut slot.c
    }

    /// All counts: the base plus every slot.
    pub fn total(&self) -> Counters {
        let mut sum = self.base.clone();
        for (_, slot) in self.slots.iter() {
            sum.add(&slot.c);
        }
        sum
    }

    /// [`Tally::total`] without the category views: what stage rules read, without copying maps.
    pub fn total_counts(&self) -> Counters {
        let mut sum = Counters { categories: Keyed::default(), ..self.base };
        for (_, slot) in self.slots.iter() {
            sum.combine_counts(&slot.c, u64::saturating_add);
        }
        sum
    }

    /// Folds slots idle for [`FOLD_AFTER_MS`], and final ones beyond [`MAX_SLOTS`], oldest first.
    pub fn fold(&mut self, now: u64) {
        // Oldest first in (time, id) order: the order `horizon` is compared in.
        let mut order: Vec<(u64, String)> = self.slots.iter().map(|(w, s)| (s.at, w.to_owned())).collect();
        sort_small(&mut order, |a, b| a < b);
        let excess = order.len().saturating_sub(MAX_SLOTS);
        for (i, key) in order.into_iter().enumerate() {
            let idle = now.saturating_sub(key.0);
            let foldable = idle >= FOLD_AFTER_MS || (i < excess && idle >= ROTATE_AFTER_MS);
            if !foldable {
                break;
            }
            self.fold_slot(key);
        }
        self.trim_base_categories();
    }

    /// Adds the slot keyed `(last write, writer)` to the base and moves the horizon to it. Slots
    /// must be folded in that order, oldest first.
    fn fold_slot(&mut self, key: Horizon) {
        if let Some(slot) = self.slots.remove(&key.1) {
            self.base.add(&slot.c);
        }
        self.horizon = Some(key);
    }

    /// Folds the oldest slot if it is final (idle for [`ROTATE_AFTER_MS`]), before its time: nothing
    /// is lost; whether one was folded.
    pub fn fold_oldest_final(&mut self, now: u64) -> bool {
        let oldest = self.slots.iter().map(|(w, s)| (s.at, w)).min().map(|(at, w)| (at, w.to_owned()));
        match oldest {
            Some(key) if now.saturating_sub(key.0) >= ROTATE_AFTER_MS => {
                self.fold_slot(key);
                true
            }
            _ => false,
        }
    }

    /// Forgets the views of the least viewed category (ties: the greatest name), in the base and
    /// every slot, while more than `floor` categories are counted; whether one went. A copy that
    /// still counts it brings it back on merge (counts merge by maximum), never twice.
    pub fn shed_rarest_category(&mut self, floor: usize) -> bool {
        let total = self.total();
        let ranked = total.top_categories();
        let Some((_, rarest)) = ranked.get(floor..).and_then(|rest| rest.last()) else { return false };
        let rarest = (*rarest).to_owned();
        self.base.categories.remove(&rarest);
        for (_, slot) in self.slots.iter_mut() {
            slot.c.categories.remove(&rarest);
        }
        true
    }

    fn trim_base_categories(&mut self) {
        if self.base.categories.len() > TOP_CATEGORIES {
            let keep: Keyed<u64> =
                self.base.top_categories().into_iter().take(TOP_CATEGORIES).map(|(n, k)| (k.to_owned(), n)).collect();
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
        for (writer, theirs) in other.slots.iter() {
            let mine = self.slots.get_or_insert_with(writer, Slot::default);
            mine.at = mine.at.max(theirs.at);
            mine.c.combine(&theirs.c, u64::max);
        }
        if let Some((h_at, h_writer)) = &self.horizon {
            self.slots.retain(|w, s| (s.at, w) > (*h_at, h_writer.as_str()));
        }
    }
}

impl Stored for Counters {
    fn to_value(&self) -> Value {
        let mut out = Out::default();
        for (name, n) in SCALAR_NAMES.into_iter().zip(self.scalars()) {
            out = out.whole(name, n);
        }
        if self.reviews.iter().any(|n| *n > 0) {
            out = out.put("reviews", Value::Array(self.reviews.iter().map(|n| (*n).into()).collect()));
        }
        if !self.categories.is_empty() {
            out = out.child("categories", &self.categories);
        }
        out.done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Counters, FieldError> {
        let fields = Fields::of(v, path)?;
        let mut c = Counters::default();
        for (name, n) in SCALAR_NAMES.into_iter().zip(c.scalars_mut()) {
            *n = fields.whole(name)?;
        }
        match v.get("reviews") {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) if list.len() == 5 => {
                for (i, (slot, n)) in c.reviews.iter_mut().zip(list).enumerate() {
                    *slot = u64::from_value(n, &fields.path().key("reviews").index(i))?;
                }
            }
            Some(_) => return Err(FieldError::new(fields.path_of("reviews"), "expected 5 counts")),
        }
        c.categories = fields.child("categories")?;
        Ok(c)
    }
}

impl Stored for Slot {
    fn to_value(&self) -> Value {
        Out::default().put("at", self.at).child("c", &self.c).done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Slot, FieldError> {
        let fields = Fields::of(v, path)?;
        Ok(Slot { at: fields.required_whole("at")?, c: fields.child("c")? })
    }
}

impl Stored for Tally {
    fn to_value(&self) -> Value {
        let out = Out::default().child("base", &self.base).child("slots", &self.slots);
        match &self.horizon {
            Some(horizon) => out.child("horizon", horizon).done(),
            None => out.done(),
        }
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Tally, FieldError> {
        let fields = Fields::of(v, path)?;
        Ok(Tally { base: fields.child("base")?, horizon: fields.opt_child("horizon")?, slots: fields.child("slots")? })
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
