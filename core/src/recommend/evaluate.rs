//! How good a learned file is, measured on the shop's own orders: a time-based holdout.
//!
//! Each customer with orders on at least two days has their last day's orders held out; the file
//! is learned from everything else (including the only order of one-order customers, who are not
//! evaluated: they have nothing to recommend from). Each evaluated customer's trail is their
//! training orders, as purchases at the orders' times; the file is written, read back (so that
//! the quantised scores are the ones measured) and asked for [`AT`] items. A **hit** is a
//! customer whose held-out orders have at least one of them; the hit rate is the share of
//! evaluated customers with a hit. **Coverage** is the share of the items bought in training that
//! are recommended to at least one customer. The baseline recommends the items most customers
//! bought in training, less what the customer already bought, as [`serve`](super::serve) leaves
//! those out too.

use super::learn::{learn_baskets, Basket, LearnOptions, OrderLog};
use super::model::{Model, ModelError};
use super::serve::{recommend_with, TrailItem, TrailKind, Weights};

/// Items recommended per customer.
pub const AT: usize = 10;

/// Hit rate and coverage of the file and of the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// Customers evaluated (orders on two days or more).
    pub customers: usize,
    /// Items bought in training.
    pub catalogue: usize,
    /// Items in the file learned from training.
    pub model_items: usize,
    /// Share of evaluated customers with a hit in the file's top [`AT`].
    pub hit_rate: f64,
    /// Share of the catalogue the file recommends to someone.
    pub coverage: f64,
    /// Share of evaluated customers the file had at least one recommendation for.
    pub answered: f64,
    /// Hit rate of the most-popular baseline.
    pub baseline_hit_rate: f64,
    /// Coverage of the most-popular baseline.
    pub baseline_coverage: f64,
}

/// Learns from all but each customer's last date and measures on it.
pub fn evaluate(log: &OrderLog, options: &LearnOptions, weights: &Weights) -> Result<Evaluation, ModelError> {
    let baskets = log.baskets();
    // Per customer: the day held out, if they have an earlier one.
    let mut held_out_day: Vec<Option<u64>> = Vec::new();
    for orders in baskets.by_customer() {
        let (first, last) = (orders[0], orders[orders.len() - 1]);
        let slot = first.customer as usize;
        if held_out_day.len() <= slot {
            held_out_day.resize(slot + 1, None);
        }
        held_out_day[slot] = (first.day() < last.day()).then_some(last.day());
    }
    let held_out = |b: &Basket| held_out_day.get(b.customer as usize).copied().flatten() == Some(b.day());
    let train = baskets.filtered(|b| !held_out(b));
    let model = Model::parse(&learn_baskets(log, &train, options).text)?;

    // Most popular first (distinct customers), ties by id.
    let mut customers_of = vec![0_u32; log.items()];
    for orders in train.by_customer() {
        let mut mine: Vec<u32> = orders.iter().flat_map(|b| train.items(b)).copied().collect();
        mine.sort_unstable();
        mine.dedup();
        for item in mine {
            customers_of[item as usize] += 1;
        }
    }
    let mut popular: Vec<u32> = (0..log.items() as u32).filter(|&i| customers_of[i as usize] > 0).collect();
    popular.sort_by(|&a, &b| {
        customers_of[b as usize].cmp(&customers_of[a as usize]).then(log.item_id(a).cmp(log.item_id(b)))
    });

    let (mut customers, mut hits, mut baseline_hits, mut answered) = (0, 0, 0, 0);
    let (mut shown, mut baseline_shown) = (vec![false; log.items()], vec![false; log.items()]);
    for orders in baskets.by_customer() {
        let customer = orders[0].customer;
        if held_out_day.get(customer as usize).copied().flatten().is_none() {
            continue;
        }
        customers += 1;
        let (past, future): (Vec<_>, Vec<_>) = orders.iter().partition(|b| !held_out(b));
        let trail: Vec<TrailItem<'_>> = past
            .iter()
            .flat_map(|b| {
                baskets.items(b).iter().map(|&i| TrailItem {
                    item: log.item_id(i),
                    kind: TrailKind::Purchased,
                    at: b.at,
                })
            })
            .collect();
        let wanted: Vec<u32> = future.iter().flat_map(|b| baskets.items(b)).copied().collect();
        let bought: Vec<u32> = past.iter().flat_map(|b| baskets.items(b)).copied().collect();

        let recommended = recommend_with(&model, &trail, AT, None, weights);
        answered += usize::from(!recommended.is_empty());
        let mut hit = false;
        for r in &recommended {
            if let Some(item) = log.item_number(r.id) {
                shown[item as usize] = true;
                hit |= wanted.contains(&item);
            }
        }
        hits += usize::from(hit);

        let baseline = popular.iter().filter(|i| !bought.contains(i)).take(AT);
        let mut baseline_hit = false;
        for &item in baseline {
            baseline_shown[item as usize] = true;
            baseline_hit |= wanted.contains(&item);
        }
        baseline_hits += usize::from(baseline_hit);
    }
    let catalogue = popular.len();
    let share = |part: usize, whole: usize| if whole == 0 { 0.0 } else { part as f64 / whole as f64 };
    let count = |flags: &[bool]| flags.iter().filter(|&&f| f).count();
    Ok(Evaluation {
        customers,
        catalogue,
        model_items: model.len(),
        hit_rate: share(hits, customers),
        coverage: share(count(&shown), catalogue),
        answered: share(answered, customers),
        baseline_hit_rate: share(baseline_hits, customers),
        baseline_coverage: share(count(&baseline_shown), catalogue),
    })
}
