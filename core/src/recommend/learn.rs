//! Learning a [`Model`](super::model::Model) from a shop's order lines, offline.
//!
//! Two lists per item, each scored the way Linden, Smith & York (2003) score item-to-item
//! similarity: the cosine of the two items' customer sets, `customers(a and b) /
//! sqrt(customers(a) × customers(b))`, where a customer counts once however often they did it.
//! - **bought with**: `a` and `b` bought by the same customer, in one order or in any two of
//!   theirs: the textbook's item-to-item list, and what a shopper's items call for first;
//! - **bought next**: `a` in one order and `b` in the customer's next one (the next later day, in
//!   UTC: orders of the same day are one step), for "what fits next". Buying `a` again is not a
//!   pair.
//!
//! And one list for the file: the shop's **most bought** items (by distinct customers, at most
//! [`MAX_MOST_BOUGHT`]), which the storefront shows when the shopper's own items call for fewer
//! than it was asked for.
//!
//! Privacy: a pair is kept only if at least [`LearnOptions::min_customers`] distinct customers
//! made it (5 by default), so the file cannot tell one shopper's basket, and a most-bought item
//! only if that many customers bought it; an item is in the file only as part of a kept pair or
//! as a most-bought item. Pairs are counted customer by customer (each customer's pairs sorted
//! and deduplicated, then all of them sorted and run-length counted), so the count is exactly the
//! number of distinct customers and the result does not depend on the order of the lines. Orders
//! with more than [`LearnOptions::max_basket`] distinct items (a reseller's, a migration's) make
//! no pairs, and a customer with more than [`LearnOptions::max_customer_items`] distinct items in
//! the rest makes no bought-with pairs: they would add thousands of pairs that say nothing about
//! taste. `sql/recommendations.sql` computes the same pairs and most-bought items in a warehouse,
//! and [`PairLog`] builds the same file from its rows.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

const DAY_MS: u64 = 86_400_000;

use super::model::{
    self, quantise_score, ItemEntry, Neighbour, MAX_FIELD_BYTES, MAX_ITEMS, MAX_MOST_BOUGHT, MAX_NEIGHBOURS,
};

/// One line of an order: one item bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderLine<'a> {
    /// Who bought (an email, a customer number).
    pub customer: &'a str,
    /// The order; without one, a customer's lines of the same day (UTC) are one order.
    pub order: Option<&'a str>,
    /// When, ms since the epoch (a date's first ms will do).
    pub at: u64,
    /// The item's id, as the storefront reports it (a SKU, a product id).
    pub item: &'a str,
    /// The item's name, if the export has it.
    pub name: Option<&'a str>,
    /// The item's page, if the export has it.
    pub href: Option<&'a str>,
}

/// How to learn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LearnOptions {
    /// Neighbours kept per item and list (K), 1 to [`MAX_NEIGHBOURS`].
    pub neighbours: usize,
    /// The privacy threshold: a pair made by fewer distinct customers is never kept.
    pub min_customers: u32,
    /// Orders (and next-order steps) with more distinct items make no pairs.
    pub max_basket: usize,
    /// A customer with more distinct items (in orders within `max_basket`) makes no bought-with
    /// pairs.
    pub max_customer_items: usize,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions { neighbours: MAX_NEIGHBOURS, min_customers: 5, max_basket: 50, max_customer_items: 100 }
    }
}

/// What learning found, besides the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LearnStats {
    /// Customers with at least one order.
    pub customers: usize,
    /// Orders.
    pub orders: usize,
    /// Distinct items bought.
    pub items_bought: usize,
    /// Items in the file.
    pub items_kept: usize,
    /// Bought-with pairs made by enough customers (before the top-K cut).
    pub with_pairs: usize,
    /// Bought-next pairs made by enough customers (before the top-K cut).
    pub next_pairs: usize,
    /// Distinct pairs (of either list) left out because too few customers made them.
    pub private_pairs: usize,
    /// Items in the most-bought list.
    pub most_bought: usize,
}

/// The learned file and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    /// The recommendations file ([`model::write`]).
    pub text: String,
    /// What went into it.
    pub stats: LearnStats,
}

/// Order lines, taken in one at a time: each string is kept once.
#[derive(Debug, Default)]
pub struct OrderLog {
    item_numbers: HashMap<Box<str>, u32>,
    items: Vec<ItemInfo>,
    customer_numbers: HashMap<Box<str>, u32>,
    /// (customer, hash of the order id or the time) → order number.
    order_numbers: HashMap<(u32, OrderKey), u32>,
    /// Per order: its customer and its earliest line's time.
    orders: Vec<(u32, u64)>,
    /// (order, item) per line.
    lines: Vec<(u32, u32)>,
    skipped: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OrderKey {
    /// A 64-bit hash of the order id: two ids colliding among millions is a chance below one in a
    /// billion, and a hash keeps no copy of every id.
    Id(u64),
    /// No order id: the customer's lines of one day are one order.
    Day(u64),
}

#[derive(Debug, Clone, Default)]
struct ItemInfo {
    id: Box<str>,
    name: Option<Box<str>>,
    href: Option<Box<str>>,
}

/// A customer's order, its items sorted and distinct (in [`Baskets::items`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Basket {
    pub customer: u32,
    pub at: u64,
    start: u32,
    end: u32,
}

impl Basket {
    /// The order's day (UTC), days since the epoch: the unit of "next".
    pub fn day(&self) -> u64 {
        self.at / DAY_MS
    }
}

/// All orders, by customer then time.
#[derive(Debug, Clone, Default)]
pub(super) struct Baskets {
    pub list: Vec<Basket>,
    items: Vec<u32>,
}

impl Baskets {
    /// The items of `basket`.
    pub fn items(&self, basket: &Basket) -> &[u32] {
        self.items.get(basket.start as usize..basket.end as usize).unwrap_or(&[])
    }

    /// A copy with the baskets `keep` says yes to.
    pub fn filtered(&self, mut keep: impl FnMut(&Basket) -> bool) -> Baskets {
        let mut out = Baskets::default();
        for basket in self.list.iter().filter(|b| keep(b)) {
            let start = out.items.len() as u32;
            out.items.extend_from_slice(self.items(basket));
            out.list.push(Basket { start, end: out.items.len() as u32, ..*basket });
        }
        out
    }

    /// Each customer's baskets, oldest first.
    pub fn by_customer(&self) -> impl Iterator<Item = &[Basket]> {
        self.list.chunk_by(|a, b| a.customer == b.customer)
    }
}

/// A string as kept: control characters (tabs, line breaks) made spaces; `None` if empty or too
/// long for the file.
fn clean(text: Option<&str>) -> Option<Box<str>> {
    let text = text?.trim();
    let fine = !text.is_empty() && text.len() <= MAX_FIELD_BYTES;
    fine.then(|| text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect())
}

impl OrderLog {
    /// An empty log.
    pub fn new() -> OrderLog {
        OrderLog::default()
    }

    /// Takes one line in. An item id that the file cannot carry (empty, longer than
    /// [`MAX_FIELD_BYTES`], with a tab or line break) is skipped and counted ([`Self::skipped`]).
    pub fn add(&mut self, line: &OrderLine<'_>) {
        let id = line.item.trim();
        let unusable = id.is_empty() || id.len() > MAX_FIELD_BYTES || id.chars().any(char::is_control);
        if unusable || line.customer.is_empty() || self.items.len() >= MAX_ITEMS && !self.item_numbers.contains_key(id)
        {
            self.skipped += 1;
            return;
        }
        let item = self.item(id);
        if let Some(info) = self.items.get_mut(item as usize) {
            info.name = info.name.take().or_else(|| clean(line.name));
            info.href = info.href.take().or_else(|| clean(line.href));
        }
        let customer = number(&mut self.customer_numbers, line.customer);
        let key = match line.order {
            Some(order) => {
                let mut hasher = DefaultHasher::new();
                order.hash(&mut hasher);
                OrderKey::Id(hasher.finish())
            }
            None => OrderKey::Day(line.at / DAY_MS),
        };
        let next = self.orders.len() as u32;
        let order = *self.order_numbers.entry((customer, key)).or_insert(next);
        match self.orders.get_mut(order as usize) {
            Some((_, at)) => *at = (*at).min(line.at),
            None => self.orders.push((customer, line.at)),
        }
        self.lines.push((order, item));
    }

    /// The number of the item with this id, given the next one if it is new.
    fn item(&mut self, id: &str) -> u32 {
        let item = number(&mut self.item_numbers, id);
        if item as usize == self.items.len() {
            self.items.push(ItemInfo { id: id.into(), name: None, href: None });
        }
        item
    }

    /// Lines taken in.
    pub fn lines(&self) -> usize {
        self.lines.len()
    }

    /// Lines skipped for an unusable item id or an empty customer.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Distinct items.
    pub fn items(&self) -> usize {
        self.items.len()
    }

    /// The number of the item with this id.
    pub(super) fn item_number(&self, id: &str) -> Option<u32> {
        self.item_numbers.get(id).copied()
    }

    /// The id of item number `item`.
    pub(super) fn item_id(&self, item: u32) -> &str {
        self.items.get(item as usize).map_or("", |i| &i.id)
    }

    /// Learns the file.
    pub fn learn(&self, options: &LearnOptions) -> Learned {
        learn_baskets(self, &self.baskets(), options)
    }

    /// The orders as baskets, by customer then time.
    pub(super) fn baskets(&self) -> Baskets {
        let mut lines = self.lines.clone();
        lines.sort_unstable();
        lines.dedup();
        let mut order_of_basket: Vec<u32> = (0..self.orders.len() as u32).collect();
        let orders = &self.orders;
        let when = |o: &u32| orders.get(*o as usize).copied().unwrap_or_default();
        order_of_basket.sort_unstable_by_key(|o| (when(o), *o));
        let mut baskets = Baskets::default();
        for order in order_of_basket {
            let (customer, at) = when(&order);
            let first = lines.partition_point(|&(o, _)| o < order);
            let start = baskets.items.len() as u32;
            let items = lines.iter().skip(first).take_while(|&&(o, _)| o == order).map(|&(_, item)| item);
            baskets.items.extend(items);
            baskets.list.push(Basket { customer, at, start, end: baskets.items.len() as u32 });
        }
        baskets
    }
}

/// The number of `key`, given the next one if it is new.
fn number(numbers: &mut HashMap<Box<str>, u32>, key: &str) -> u32 {
    if let Some(&n) = numbers.get(key) {
        return n;
    }
    let n = numbers.len() as u32;
    numbers.insert(key.into(), n);
    n
}

/// A pair of items as one sortable key.
fn pair(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// Learns from `baskets` (whose items are numbered as in `log`).
pub(super) fn learn_baskets(log: &OrderLog, baskets: &Baskets, options: &LearnOptions) -> Learned {
    let k = options.neighbours.clamp(1, MAX_NEIGHBOURS);
    let min_customers = options.min_customers.max(1);
    let mut customers_of = vec![0_u32; log.items.len()];
    let (mut with_keys, mut next_keys) = (Vec::new(), Vec::new());
    let (mut mine, mut paired, mut with_mine, mut next_mine) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut stats = LearnStats { orders: baskets.list.len(), ..LearnStats::default() };
    for orders in baskets.by_customer() {
        stats.customers += 1;
        mine.clear();
        paired.clear();
        with_mine.clear();
        next_mine.clear();
        for basket in orders {
            let items = baskets.items(basket);
            mine.extend_from_slice(items);
            if items.len() <= options.max_basket {
                paired.extend_from_slice(items);
            }
        }
        paired.sort_unstable();
        paired.dedup();
        if paired.len() <= options.max_customer_items {
            all_pairs(&paired, &paired, &mut with_mine);
        }
        // One step per day: the items of the customer's orders that day, together.
        let steps: Vec<Vec<u32>> = orders
            .chunk_by(|a, b| a.day() == b.day())
            .map(|step| {
                let mut items: Vec<u32> = step.iter().flat_map(|b| baskets.items(b)).copied().collect();
                items.sort_unstable();
                items.dedup();
                items
            })
            .collect();
        for two in steps.windows(2) {
            if let [before, after] = two {
                if before.len() <= options.max_basket && after.len() <= options.max_basket {
                    all_pairs(before, after, &mut next_mine);
                }
            }
        }
        for (keys, all) in [(&mut with_mine, &mut with_keys), (&mut next_mine, &mut next_keys)] {
            keys.sort_unstable();
            keys.dedup();
            all.extend_from_slice(keys);
        }
        mine.sort_unstable();
        mine.dedup();
        for &item in &mine {
            if let Some(count) = customers_of.get_mut(item as usize) {
                *count += 1;
            }
        }
    }
    stats.items_bought = customers_of.iter().filter(|&&c| c > 0).count();
    let mut lists = vec![[Vec::new(), Vec::new()]; log.items.len()];
    for (side, keys) in [with_keys, next_keys].into_iter().enumerate() {
        let counted = count_runs(keys);
        let (kept, private) = top_neighbours(&counted, &customers_of, min_customers, k, log, &mut lists, side);
        stats.private_pairs += private;
        *[&mut stats.with_pairs, &mut stats.next_pairs][side] = kept;
    }
    let most_bought = most_bought(&customers_of, min_customers, |i| log.item_id(i));
    stats.most_bought = most_bought.len();
    let (entries, most_bought) = entries(log, &lists, &most_bought);
    stats.items_kept = entries.len();
    Learned { text: model::write_with_most_bought(&entries, &most_bought, min_customers), stats }
}

/// The [`MAX_MOST_BOUGHT`] items most customers bought, at least `min_customers` each, with their
/// share of the first's customers: most first, equal counts by id.
fn most_bought<'a>(customers_of: &[u32], min_customers: u32, id: impl Fn(u32) -> &'a str) -> Vec<(u32, f64)> {
    let mut items: Vec<u32> =
        (0..customers_of.len() as u32).filter(|&i| customers_of[i as usize] >= min_customers).collect();
    items.sort_by(|&a, &b| customers_of[b as usize].cmp(&customers_of[a as usize]).then_with(|| id(a).cmp(id(b))));
    items.truncate(MAX_MOST_BOUGHT);
    let top = items.first().map_or(1.0, |&i| f64::from(customers_of[i as usize]));
    items.into_iter().map(|i| (i, f64::from(customers_of[i as usize]) / top)).collect()
}

/// Pushes `(a, b)` for every `a` of `from` and `b` of `to` but `a == b`.
fn all_pairs(from: &[u32], to: &[u32], out: &mut Vec<u64>) {
    for &a in from {
        out.extend(to.iter().filter(|&&b| b != a).map(|&b| pair(a, b)));
    }
}

/// Sorted keys with their counts.
fn count_runs(mut keys: Vec<u64>) -> Vec<(u64, u32)> {
    keys.sort_unstable();
    keys.chunk_by(|a, b| a == b).map(|run| (run[0], run.len() as u32)).collect()
}

/// For each item, its best `k` neighbours among the pairs made by at least `min_customers`,
/// into `lists[item][side]` as (neighbour, similarity). Returns the pairs kept and the pairs too
/// private to keep.
fn top_neighbours(
    counted: &[(u64, u32)],
    customers_of: &[u32],
    min_customers: u32,
    k: usize,
    log: &OrderLog,
    lists: &mut [[Vec<(u32, f64)>; 2]],
    side: usize,
) -> (usize, usize) {
    let (mut kept, mut private) = (0, 0);
    for run in counted.chunk_by(|(a, _), (b, _)| a >> 32 == b >> 32) {
        let item = (run[0].0 >> 32) as u32;
        let mut scored: Vec<(u32, f64)> = Vec::new();
        for &(key, together) in run {
            if together < min_customers {
                private += 1;
                continue;
            }
            let other = key as u32;
            let count = |i: u32| f64::from(customers_of.get(i as usize).copied().unwrap_or(1).max(1));
            scored.push((other, f64::from(together) / (count(item) * count(other)).sqrt()));
        }
        kept += scored.len();
        // Best first; equal scores by id, so the file does not depend on the order of the lines.
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| log.item_id(a.0).cmp(log.item_id(b.0))));
        scored.truncate(k);
        if let Some(slot) = lists.get_mut(item as usize) {
            slot[side] = scored;
        }
    }
    (kept, private)
}

/// The items that have a list or are in one, or are most bought, sorted by id, their lists and
/// the most-bought list renumbered.
fn entries(
    log: &OrderLog,
    lists: &[[Vec<(u32, f64)>; 2]],
    most_bought: &[(u32, f64)],
) -> (Vec<ItemEntry>, Vec<Neighbour>) {
    let mut wanted = vec![false; log.items.len()];
    for &(item, _) in most_bought {
        wanted[item as usize] = true;
    }
    for (item, [with, next]) in lists.iter().enumerate() {
        if !with.is_empty() || !next.is_empty() {
            wanted[item] = true;
            for &(other, _) in with.iter().chain(next) {
                if let Some(w) = wanted.get_mut(other as usize) {
                    *w = true;
                }
            }
        }
    }
    let mut kept: Vec<u32> = (0..log.items.len() as u32).filter(|&i| wanted[i as usize]).collect();
    kept.sort_unstable_by(|&a, &b| log.item_id(a).cmp(log.item_id(b)));
    let mut new_index = vec![u32::MAX; log.items.len()];
    for (index, &item) in kept.iter().enumerate() {
        new_index[item as usize] = index as u32;
    }
    let renumber = |list: &[(u32, f64)]| -> Vec<Neighbour> {
        list.iter()
            .map(|&(other, score)| Neighbour { item: new_index[other as usize], score: quantise_score(score) })
            .collect()
    };
    let entries = kept
        .iter()
        .filter_map(|&item| {
            let info = log.items.get(item as usize)?;
            let [with, next] = lists.get(item as usize)?;
            Some(ItemEntry {
                id: info.id.to_string(),
                name: info.name.as_deref().map(str::to_owned),
                href: info.href.as_deref().map(str::to_owned),
                bought_with: renumber(with),
                bought_next: renumber(next),
            })
        })
        .collect();
    (entries, renumber(most_bought))
}

/// One row of `sql/recommendations.sql`'s output: a kept pair of one list, or a most-bought item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairRow<'a> {
    /// The list: bought with, bought next, or most bought.
    pub list: model::Signal,
    /// The item.
    pub item: &'a str,
    /// Its neighbour (none for a most-bought item).
    pub neighbour: Option<&'a str>,
    /// Distinct customers who made the pair (who bought the item, for a most-bought item).
    pub customers: u32,
    /// Distinct customers who bought the item.
    pub item_customers: u32,
    /// Distinct customers who bought the neighbour.
    pub neighbour_customers: u32,
}

/// The rows of `sql/recommendations.sql`, taken in one at a time, made into the file that
/// [`OrderLog::learn`] makes from the order lines the query ran over. The scores are worked out
/// again from the counts, as learning works them out, so that the file is the same to the byte;
/// the lists are sorted and cut again (the query's cut is the same, and keeps its output small).
#[derive(Debug, Default)]
pub struct PairLog {
    items: OrderLog,
    /// Per item and list: (neighbour, score, customers).
    lists: Vec<[Vec<(u32, f64, u32)>; 2]>,
    most_bought: Vec<(u32, u32)>,
    skipped: usize,
}

impl PairLog {
    /// An empty log.
    pub fn new() -> PairLog {
        PairLog::default()
    }

    /// Takes one row in. A row with an id the file cannot carry, a pair without a neighbour, or
    /// a count of 0 is skipped and counted ([`Self::skipped`]).
    pub fn add(&mut self, row: &PairRow<'_>) {
        let usable = |id: &str| !id.is_empty() && id.len() <= MAX_FIELD_BYTES && !id.chars().any(char::is_control);
        let pair = row.list != model::Signal::MostBought;
        let fine = usable(row.item)
            && row.customers > 0
            && (!pair || row.neighbour.is_some_and(|n| usable(n) && n != row.item) && row.item_customers > 0)
            && (!pair || row.neighbour_customers > 0)
            && (self.items.items() < MAX_ITEMS - 1);
        if !fine {
            self.skipped += 1;
            return;
        }
        let item = self.items.item(row.item);
        if !pair {
            self.most_bought.push((item, row.customers));
            return;
        }
        let neighbour = self.items.item(row.neighbour.unwrap_or_default());
        if self.lists.len() < self.items.items() {
            self.lists.resize(self.items.items(), [Vec::new(), Vec::new()]);
        }
        let side = usize::from(row.list == model::Signal::BoughtNext);
        let score =
            f64::from(row.customers) / (f64::from(row.item_customers) * f64::from(row.neighbour_customers)).sqrt();
        if let Some(lists) = self.lists.get_mut(item as usize) {
            lists[side].push((neighbour, score, row.customers));
        }
    }

    /// Rows skipped.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The file: the pairs and most-bought items made by at least `options.min_customers`, the
    /// best `options.neighbours` of each list, the best [`MAX_MOST_BOUGHT`] most bought.
    pub fn learn(&self, options: &LearnOptions) -> Learned {
        let (log, k, min_customers) =
            (&self.items, options.neighbours.clamp(1, MAX_NEIGHBOURS), options.min_customers.max(1));
        let mut stats = LearnStats { items_bought: log.items(), ..LearnStats::default() };
        let mut lists = vec![[Vec::new(), Vec::new()]; log.items()];
        for (sides, rows) in lists.iter_mut().zip(&self.lists) {
            for (side, (list, rows)) in sides.iter_mut().zip(rows).enumerate() {
                let kept = rows.iter().filter(|row| row.2 >= min_customers);
                *list = kept.map(|&(other, score, _)| (other, score)).collect::<Vec<(u32, f64)>>();
                // A row given twice counts once.
                list.sort_by_key(|a| a.0);
                list.dedup_by_key(|a| a.0);
                stats.private_pairs += rows.iter().filter(|row| row.2 < min_customers).count();
                *[&mut stats.with_pairs, &mut stats.next_pairs][side] += list.len();
                list.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| log.item_id(a.0).cmp(log.item_id(b.0))));
                list.truncate(k);
            }
        }
        let mut customers_of = vec![0_u32; log.items()];
        for &(item, customers) in &self.most_bought {
            customers_of[item as usize] = customers_of[item as usize].max(customers);
        }
        let most_bought = most_bought(&customers_of, min_customers, |i| log.item_id(i));
        stats.most_bought = most_bought.len();
        let (entries, most_bought) = entries(log, &lists, &most_bought);
        stats.items_kept = entries.len();
        Learned { text: model::write_with_most_bought(&entries, &most_bought, min_customers), stats }
    }
}
