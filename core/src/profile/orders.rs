//! Orders: distinct transaction ids, refunds, revenue and order days, bounded and mergeable.
//!
//! The [`OrderBook`] keeps the [`RECENT_ORDERS`] most recent orders by id — enough to recognise a
//! reloaded thank-you page or a refund — and folds older ones into [`PastOrders`], an aggregate.
//! Orders are evicted strictly in `(time, id)` order and `PastOrders::upto` records the last one
//! evicted, so of two copies the one with the later `upto` has evicted a superset: merging takes its
//! aggregate and the union of the recent orders it does not cover. Ids union, so a purchase seen in
//! two tabs counts once. What an order means for the stage lives in `stage`, not here.
//!
//! The limit, stated: de-duplication and refunds are exact within the kept window. A refund that
//! races the eviction of its order — one tab refunds the oldest order kept while other tabs record
//! enough new orders to push it out — may or may not cancel it, depending on which copies meet
//! first; it never cancels twice. That takes a refund of the 24th-most-recent order at the very
//! moment of a new purchase elsewhere.

use crate::base::keyed::{sort_small, Keyed};
use crate::base::read::{FieldError, Fields, Out, Path, Stored};
use crate::base::value::Value;

/// Orders kept by id; older ones survive only in the aggregate.
pub const RECENT_ORDERS: usize = 24;

const DAY_MS: u64 = 86_400_000;

/// What is known of one transaction id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Order {
    /// When it was bought (the first purchase event with this id), if a purchase was seen.
    pub bought: Option<u64>,
    /// When it was refunded, if a refund was seen.
    pub refunded: Option<u64>,
    /// Its value.
    pub value: f64,
    /// Its currency, if given.
    pub cur: Option<String>,
}

impl Order {
    /// Whether it counts as an order: bought and not refunded.
    pub fn counts(&self) -> bool {
        self.bought.is_some() && self.refunded.is_none()
    }

    /// When it entered the book: bought, else refunded.
    fn at(&self) -> u64 {
        self.bought.or(self.refunded).unwrap_or(0)
    }

    /// Two records of the same id: the earliest purchase and its value, the earliest refund.
    fn merge(&mut self, other: &Order) {
        let take_theirs = match (self.bought, other.bought) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            // The earliest purchase wins; equal times (or none, in damaged copies) go to the
            // larger record, so that merging is commutative whatever storage held.
            (a, b) => b < a || (b == a && (other.value.to_bits(), &other.cur) > (self.value.to_bits(), &self.cur)),
        };
        if take_theirs {
            self.bought = other.bought;
            self.value = other.value;
            self.cur = other.cur.clone();
        }
        self.refunded = min_some(self.refunded, other.refunded);
    }
}

/// Whether eviction up to `upto` has passed the entry keyed `(at, id)`.
fn covers(upto: &Option<(u64, String)>, at: u64, id: &str) -> bool {
    upto.as_ref().is_some_and(|(t, i)| (at, id) <= (*t, i.as_str()))
}

/// Whether an order's value adds to revenue: no currency given, or the shopper's own.
fn in_currency(order: &Order, shopper: Option<&str>) -> bool {
    match (order.cur.as_deref(), shopper) {
        (Some(c), Some(mine)) => c == mine,
        _ => true,
    }
}

fn min_some(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// The aggregate of orders evicted from the recent book.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PastOrders {
    /// Orders counted (bought, not refunded).
    pub count: u64,
    /// Their revenue in `cur`.
    pub revenue: f64,
    /// The shopper's currency: that of the first order with one.
    pub cur: Option<String>,
    /// Orders counted in another currency (not in `revenue`).
    pub other_currency: u64,
    /// Distinct UTC days with a counted order.
    pub days: u64,
    /// The last of those days (days since the epoch).
    pub last_day: Option<u64>,
    /// First counted order time.
    pub first_at: Option<u64>,
    /// Last counted order time.
    pub last_at: Option<u64>,
    /// `(time, id)` of the last order evicted.
    pub upto: Option<(u64, String)>,
}

impl PastOrders {
    /// A total order on aggregates: the horizon first, then every figure.
    #[allow(clippy::type_complexity)]
    fn rank(&self) -> (&Option<(u64, String)>, [u64; 3], [Option<u64>; 3], u64, &Option<String>) {
        let counts = [self.count, self.other_currency, self.days];
        (&self.upto, counts, [self.last_day, self.first_at, self.last_at], self.revenue.to_bits(), &self.cur)
    }
}

/// What the book can say about an order that could not be taken in.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A purchase older than every order still kept by id: it cannot be told apart from one already
    /// counted, so it is not counted.
    TooOld,
}

/// Orders by id, bounded, with an aggregate of the older ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderBook {
    recent: Keyed<Order>,
    past: PastOrders,
}

/// Figures derived from the whole book.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderFacts {
    /// Distinct orders, less refunded ones.
    pub count: u64,
    /// Revenue in `currency`.
    pub revenue: f64,
    /// The shopper's currency.
    pub currency: Option<String>,
    /// Orders in another currency.
    pub other_currency: u64,
    /// Distinct UTC days with an order.
    pub days: u64,
    /// First order time.
    pub first_at: Option<u64>,
    /// Last order time.
    pub last_at: Option<u64>,
}

impl OrderBook {
    /// Records a purchase. The same id twice is one order (the first time and value stand).
    pub fn purchase(&mut self, id: &str, at: u64, value: f64, cur: Option<String>) -> Result<(), Refusal> {
        if self.recent.get(id).is_none() && self.covered(at, id) {
            return Err(Refusal::TooOld);
        }
        let order = Order { bought: Some(at), refunded: None, value, cur };
        self.recent.get_or_insert_with(id, || order.clone()).merge(&order);
        self.evict();
        Ok(())
    }

    /// Records a refund of `id`. Returns whether the order it refunds is known.
    pub fn refund(&mut self, id: &str, at: u64) -> bool {
        let known = self.recent.get(id).is_some_and(|o| o.bought.is_some());
        if self.recent.get(id).is_none() && self.covered(at, id) {
            return false;
        }
        let record = Order { refunded: Some(at), ..Order::default() };
        self.recent.get_or_insert_with(id, Order::default).merge(&record);
        self.evict();
        known
    }

    /// Whether an entry keyed `(at, id)` would fall at or before what was already evicted.
    fn covered(&self, at: u64, id: &str) -> bool {
        covers(&self.past.upto, at, id)
    }

    /// The currency of the first order with one.
    fn currency(&self) -> Option<&str> {
        if let Some(c) = &self.past.cur {
            return Some(c);
        }
        self.recent
            .iter()
            .filter(|(_, o)| o.bought.is_some() && o.cur.is_some())
            .min_by_key(|(id, o)| (o.at(), *id))
            .and_then(|(_, o)| o.cur.as_deref())
    }

    fn evict(&mut self) {
        self.evict_to(RECENT_ORDERS);
    }

    /// Folds the oldest orders kept by id into the aggregate until at most `kept` are left: they
    /// still count, but a repeat of their id is refused as too old, and their refund is unknown.
    pub fn evict_to(&mut self, kept: usize) {
        while self.recent.len() > kept {
            let Some(id) = self.recent.iter().min_by_key(|(id, o)| (o.at(), *id)).map(|(id, _)| id.to_owned()) else {
                break;
            };
            // Decided while the order is still in the book: it may be the one that fixes it.
            let currency = self.currency().map(str::to_owned);
            let Some(order) = self.recent.remove(&id) else { break };
            let past = &mut self.past;
            if past.cur.is_none() && order.bought.is_some() {
                past.cur = order.cur.clone();
            }
            if order.counts() {
                past.count += 1;
                if in_currency(&order, currency.as_deref()) {
                    past.revenue += order.value;
                } else {
                    past.other_currency += 1;
                }
                let day = order.at() / DAY_MS;
                if past.last_day != Some(day) {
                    past.days += 1;
                    past.last_day = Some(day);
                }
                past.first_at = min_some(past.first_at, Some(order.at()));
                past.last_at = past.last_at.max(Some(order.at()));
            }
            past.upto = Some((order.at(), id));
        }
    }

    /// Merges another copy of the book.
    pub fn merge(&mut self, other: &OrderBook) {
        // The aggregate evicted furthest wins. Two aggregates up to the same order are equal in any
        // consistent history; for damaged copies the rest of the aggregate breaks the tie, so that
        // merging stays commutative whatever storage held.
        if other.past.rank() > self.past.rank() {
            self.past = other.past.clone();
        }
        // Records covered by the merged horizon go *before* the union: a copy that bought an id
        // again after evicting it holds a new record of it, which must not merge with the old one.
        let upto = &self.past.upto;
        self.recent.retain(|id, o| !covers(upto, o.at(), id));
        for (id, theirs) in other.recent.iter() {
            if !covers(upto, theirs.at(), id) {
                self.recent.get_or_insert_with(id, || theirs.clone()).merge(theirs);
            }
        }
        self.evict();
    }

    /// Counts, revenue, currency and order days of the whole book.
    pub fn facts(&self) -> OrderFacts {
        let currency = self.currency().map(str::to_owned);
        let past = &self.past;
        let mut facts = OrderFacts {
            count: past.count,
            revenue: past.revenue,
            currency: currency.clone(),
            other_currency: past.other_currency,
            days: past.days,
            first_at: past.first_at,
            last_at: past.last_at,
        };
        let mut days: Vec<u64> = Vec::new();
        for (_, order) in self.recent.iter().filter(|(_, o)| o.counts()) {
            facts.count += 1;
            if in_currency(order, currency.as_deref()) {
                facts.revenue += order.value;
            } else {
                facts.other_currency += 1;
            }
            let at = order.at();
            facts.first_at = min_some(facts.first_at, Some(at));
            facts.last_at = facts.last_at.max(Some(at));
            let day = at / DAY_MS;
            if past.last_day != Some(day) {
                days.push(day);
            }
        }
        sort_small(&mut days, |a, b| a < b);
        days.dedup();
        facts.days += days.len() as u64;
        facts
    }

    /// How many orders are kept by id.
    pub fn kept(&self) -> usize {
        self.recent.len()
    }

    /// Whether `id` is a known, counted order.
    pub fn has_order(&self, id: &str) -> bool {
        self.recent.get(id).is_some_and(Order::counts)
    }
}

impl Stored for Order {
    fn to_value(&self) -> Value {
        Out::default()
            .opt_whole("bought", self.bought)
            .opt_whole("refunded", self.refunded)
            .put("value", self.value)
            .opt_text("cur", &self.cur)
            .done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Order, FieldError> {
        let f = Fields::of(v, path)?;
        Ok(Order {
            bought: f.opt_whole("bought")?,
            refunded: f.opt_whole("refunded")?,
            value: f.amount("value")?,
            cur: f.opt_text("cur")?,
        })
    }
}

impl Stored for PastOrders {
    fn to_value(&self) -> Value {
        let mut out = Out::default()
            .whole("count", self.count)
            .put("revenue", self.revenue)
            .opt_text("cur", &self.cur)
            .whole("otherCurrency", self.other_currency)
            .whole("days", self.days)
            .opt_whole("lastDay", self.last_day)
            .opt_whole("firstAt", self.first_at)
            .opt_whole("lastAt", self.last_at);
        if let Some(upto) = &self.upto {
            out = out.child("upto", upto);
        }
        out.done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<PastOrders, FieldError> {
        let f = Fields::of(v, path)?;
        Ok(PastOrders {
            count: f.whole("count")?,
            revenue: f.amount("revenue")?,
            cur: f.opt_text("cur")?,
            other_currency: f.whole("otherCurrency")?,
            days: f.whole("days")?,
            last_day: f.opt_whole("lastDay")?,
            first_at: f.opt_whole("firstAt")?,
            last_at: f.opt_whole("lastAt")?,
            upto: f.opt_child("upto")?,
        })
    }
}

impl Stored for OrderBook {
    fn to_value(&self) -> Value {
        Out::default().child("recent", &self.recent).child("past", &self.past).done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<OrderBook, FieldError> {
        let f = Fields::of(v, path)?;
        let mut book = OrderBook { recent: f.child("recent")?, past: f.child("past")? };
        book.evict(); // a hand-edited document may hold more than the bound
        Ok(book)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicted_orders_still_count_and_merge_without_doubling() {
        let mut a = OrderBook::default();
        for i in 0..30u64 {
            a.purchase(&format!("T{i:03}"), i * DAY_MS, 10.0, Some("EUR".into())).unwrap();
        }
        let f = a.facts();
        assert_eq!((f.count, f.days, f.revenue), (30, 30, 300.0));
        assert_eq!(a.recent.len(), RECENT_ORDERS);
        let mut b = a.clone();
        b.purchase("T100", 100 * DAY_MS, 5.0, Some("EUR".into())).unwrap();
        a.purchase("T101", 101 * DAY_MS, 5.0, None).unwrap();
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab.facts().count, 32);
        assert_eq!(ab.facts().revenue, 310.0);
    }

    #[test]
    fn an_id_bought_again_after_its_eviction_merges_the_same_in_any_order() {
        // Found by the merge-law property: copy `a` evicts T00, then sees T00 bought again; copy
        // `b` still holds the first T00. The old record must not absorb the new one.
        let mut common = OrderBook::default();
        for i in 0..RECENT_ORDERS as u64 {
            common.purchase(&format!("T{i:02}"), i, 1.0, None).unwrap();
        }
        let mut a = common.clone();
        a.purchase("N1", 100, 1.0, None).unwrap(); // evicts T00
        a.purchase("T00", 101, 1.0, None).unwrap(); // a new order as far as `a` can tell
        let b = common.clone();
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        let mut again = ab.clone();
        again.merge(&a);
        assert_eq!(again, ab);
        assert_eq!(ab.facts().count, 26);
    }

    #[test]
    fn a_purchase_older_than_the_kept_history_is_refused() {
        let mut a = OrderBook::default();
        for i in 1..=30u64 {
            a.purchase(&format!("T{i:03}"), i * DAY_MS, 1.0, None).unwrap();
        }
        assert_eq!(a.purchase("T000", 0, 1.0, None), Err(Refusal::TooOld));
        assert_eq!(a.facts().count, 30);
    }
}
