//! Recommending on the device: a shopper's own trail, scored against a loaded [`Model`].
//!
//! Each item of the trail lends its neighbours a share of its weight: the neighbour's score in the
//! file, times what the trail entry's kind makes of that list ([`Weights`]: what was viewed or
//! put in the cart calls for what is bought with it, what was bought for what is bought next),
//! times its recency, which halves every [`Weights::half_life_ms`] (7 days by default) before the
//! trail's newest entry. Recency is measured from the newest entry rather than from "now": with an
//! exponential decay only the differences count, so the ranking is the same whenever it is asked.
//! A neighbour named by several trail items adds up their shares. What the shopper bought or has
//! in the cart is never recommended, nor the item `exclude` names (the page's own product).
//!
//! When the trail's items call for fewer items than asked (a new shopper, items too rare to have
//! kept neighbours), the rest comes from the file's most-bought list, most bought first, with the
//! same items left out and a score of 0: every shopper gets recommendations when the file has
//! any. (The order export has no categories, so there is no step by category in between.)
//!
//! The work is bounded by the trail ([`MAX_TRAIL`] most recent entries) and
//! [`MAX_NEIGHBOURS`](super::model::MAX_NEIGHBOURS): a lookup per entry (a hash, a few probes),
//! a few hundred shares summed in a small hash table, and the best `n` picked by insertion (no
//! general-purpose sort: its code would cost the wasm several KB per type sorted).

use super::model::{score_weight, Model, Signal};

/// Trail entries read: the most recent ones.
pub const MAX_TRAIL: usize = 64;

/// What the shopper did with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TrailKind {
    /// Looked at its page.
    Viewed,
    /// Put it in the cart.
    AddedToCart,
    /// Bought it.
    Purchased,
}

/// One entry of the shopper's trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrailItem<'a> {
    /// The item's id, as the storefront reports it.
    pub item: &'a str,
    /// What they did.
    pub kind: TrailKind,
    /// When, ms since the epoch.
    pub at: u64,
}

/// How much one trail entry makes of each of its item's lists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ListWeights {
    /// Of what is bought in the same order.
    pub bought_with: f64,
    /// Of what is bought in the next order.
    pub bought_next: f64,
}

/// How the trail is weighed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// An entry's weight halves every this many ms before the newest entry.
    pub half_life_ms: u64,
    /// A viewed item: what goes with it, and a little of what follows it.
    pub viewed: ListWeights,
    /// An item in the cart: like a view, stronger.
    pub added_to_cart: ListWeights,
    /// A bought item: what customers bought next, and what goes with it.
    pub purchased: ListWeights,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            half_life_ms: 7 * 86_400_000,
            viewed: ListWeights { bought_with: 1.0, bought_next: 0.25 },
            added_to_cart: ListWeights { bought_with: 2.0, bought_next: 0.5 },
            purchased: ListWeights { bought_with: 1.0, bought_next: 2.0 },
        }
    }
}

impl Weights {
    fn of(&self, kind: TrailKind) -> ListWeights {
        match kind {
            TrailKind::Viewed => self.viewed,
            TrailKind::AddedToCart => self.added_to_cart,
            TrailKind::Purchased => self.purchased,
        }
    }
}

/// One recommended item, from the model's text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recommendation<'m> {
    /// Its id.
    pub id: &'m str,
    /// Its name, if the file has one.
    pub name: Option<&'m str>,
    /// Its page, if the file has one.
    pub href: Option<&'m str>,
    /// Its score: comparable within one call only.
    pub score: f64,
}

/// Up to `n` items for a shopper with this trail, best first, with the default [`Weights`].
pub fn recommend<'m>(
    model: &'m Model,
    trail: &[TrailItem<'_>],
    n: usize,
    exclude: Option<&str>,
) -> Vec<Recommendation<'m>> {
    recommend_with(model, trail, n, exclude, &Weights::default())
}

/// [`recommend`] with other weights.
pub fn recommend_with<'m>(
    model: &'m Model,
    trail: &[TrailItem<'_>],
    n: usize,
    exclude: Option<&str>,
    weights: &Weights,
) -> Vec<Recommendation<'m>> {
    let most_recent;
    let recent = if trail.len() > MAX_TRAIL {
        most_recent = best_of(trail.iter().copied(), MAX_TRAIL, |a, b| a.at > b.at);
        &most_recent[..]
    } else {
        trail
    };
    let newest = recent.iter().map(|t| t.at).max().unwrap_or(0);
    let half_life = weights.half_life_ms.max(1);
    // The trail's items that the model has, in a fixed order: the sums below then do not depend
    // on the order the trail came in, not even in their last bit.
    let found: Vec<(u32, TrailKind, u64)> =
        best_of(recent.iter().filter_map(|e| Some((model.index_of(e.item)?, e.kind, e.at))), MAX_TRAIL, |a, b| a < b);
    let lists = |item| [Signal::BoughtWith, Signal::BoughtNext].map(|signal| model.neighbours(item, signal));
    let room = found.iter().map(|&(item, _, _)| lists(item).iter().map(|l| l.len()).sum::<usize>()).sum();
    let mut totals = Totals::with_room_for(room);
    for &(item, kind, at) in &found {
        let recency = halving(newest - at, half_life);
        let weight = weights.of(kind);
        for (list, weight) in lists(item).into_iter().zip([weight.bought_with, weight.bought_next]) {
            let share = recency * weight;
            if share > 0.0 {
                for neighbour in list {
                    totals.add(neighbour.item, share * score_weight(neighbour.score));
                }
            }
        }
    }
    // Never what was bought or is in the cart, nor the page's own item.
    let excluded = found.iter().filter(|(_, kind, _)| *kind != TrailKind::Viewed).map(|&(item, _, _)| item);
    let page_item = exclude.and_then(|id| model.index_of(id));
    for item in excluded.clone().chain(page_item) {
        totals.remove(item);
    }
    // Best first; equal scores in id order (indices follow ids), so the answer never depends on
    // the order of the trail.
    let candidates = totals.slots.into_iter().filter(|&(item, _)| item < Totals::REMOVED);
    let mut best = best_of(candidates, n, |a, b| a.1 > b.1 || (a.1 == b.1 && a.0 < b.0));
    // Then the shop's most bought, for the places left.
    for popular in model.most_bought() {
        if best.len() >= n {
            break;
        }
        let left_out = Some(popular.item) == page_item || excluded.clone().any(|item| item == popular.item);
        if !left_out && !best.iter().any(|&(item, _)| item == popular.item) {
            best.push((popular.item, 0.0));
        }
    }
    best.into_iter()
        .map(|(item, score)| Recommendation {
            id: model.id(item),
            name: model.name(item),
            href: model.href(item),
            score,
        })
        .collect()
}

/// 2^-(age / half-life): how much a trail entry of that age counts. Built from additions,
/// multiplications and divisions only, which IEEE 754 rounds exactly, so that the storefront's
/// scorer in JavaScript (package/recommend.js) gets the same bits: `Math.exp` and the platform's
/// `exp` differ in the last bit for about one age in five, enough to swap two tied items. The
/// whole halvings are exact; the rest is e^-y, y in [0, ln 2), by its Taylor series to the 18th
/// term (below 1e-17 off), nested as `1 − y/1 · (1 − y/2 · (1 − …))`.
pub fn halving(age_ms: u64, half_life_ms: u64) -> f64 {
    let halvings = age_ms as f64 / half_life_ms.max(1) as f64;
    let whole = halvings.floor();
    let y = (halvings - whole) * std::f64::consts::LN_2;
    let mut value = 1.0;
    for k in (1..=18).rev() {
        value = 1.0 - y / f64::from(k) * value;
    }
    // Past 1,100 halvings a double is 0 anyway.
    for _ in 0..(whole as u32).min(1_100) {
        value *= 0.5;
    }
    value
}

/// The first `n` of `items` in the order `before` (a strict order), in that order: each item is
/// inserted into a list kept sorted and at most `n` long. O(items × n), for the few hundred
/// candidates and the handful asked for here; and no general-purpose sort's code in the wasm.
fn best_of<T: Copy>(items: impl Iterator<Item = T>, n: usize, before: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut best: Vec<T> = Vec::with_capacity(n.min(MAX_TRAIL * 2));
    for item in items {
        if best.len() == n && best.last().is_none_or(|last| !before(&item, last)) {
            continue;
        }
        let at = best.iter().position(|b| before(&item, b)).unwrap_or(best.len());
        best.insert(at, item);
        best.truncate(n);
    }
    best
}

/// Shares summed per item: open addressing over a power-of-two table at most half full, so that
/// adding a few hundred shares costs no sort.
struct Totals {
    slots: Vec<(u32, f64)>,
}

impl Totals {
    /// No item: model indices are below 2^24.
    const EMPTY: u32 = u32::MAX;
    /// An item removed after the sums (left out): never a candidate.
    const REMOVED: u32 = u32::MAX - 1;

    fn with_room_for(candidates: usize) -> Totals {
        Totals { slots: vec![(Self::EMPTY, 0.0); (2 * candidates).next_power_of_two().max(8)] }
    }

    fn add(&mut self, item: u32, share: f64) {
        if let Some((slot, total)) = self.slot(item) {
            match *slot == item {
                true => *total += share,
                false => (*slot, *total) = (item, share),
            }
        }
    }

    /// Forgets `item`'s total: its slot keeps the probe chain, marked as no candidate.
    fn remove(&mut self, item: u32) {
        if let Some((slot, total)) = self.slot(item).filter(|(slot, _)| *slot == item) {
            (*slot, *total) = (Self::REMOVED, 0.0);
        }
    }

    /// `item`'s slot, or the empty one where it would go.
    fn slot(&mut self, item: u32) -> Option<&mut (u32, f64)> {
        let mask = self.slots.len() - 1;
        let mut at = (u64::from(item).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask;
        // At most half full: an empty slot or the item comes long before a full round.
        for _ in 0..self.slots.len() {
            match self.slots.get(at) {
                Some(&(slot, _)) if slot == item || slot == Self::EMPTY => return self.slots.get_mut(at),
                _ => at = (at + 1) & mask,
            }
        }
        None
    }
}
