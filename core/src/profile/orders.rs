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

use super::known::KnownOrders;

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
    /// The shopper's calendar day of the purchase (days since the epoch), when it is not the UTC
    /// day of `bought`: order days are counted as the shopper lives them, as a shop's export
    /// dates them.
    pub day: Option<u64>,
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

    /// The day it counts on: the shopper's, else the UTC day.
    fn day(&self) -> u64 {
        self.day.unwrap_or(self.at() / DAY_MS)
    }

    /// Two records of the same id: the earliest purchase and its value, the earliest refund.
    fn merge(&mut self, other: &Order) {
        let take_theirs = match (self.bought, other.bought) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            // The earliest purchase wins; equal times (or none, in damaged copies) go to the
            // larger record, so that merging is commutative whatever storage held.
            (a, b) => {
                b < a
                    || (b == a
                        && (other.value.to_bits(), &other.cur, other.day) > (self.value.to_bits(), &self.cur, self.day))
            }
        };
        if take_theirs {
            self.bought = other.bought;
            self.value = other.value;
            self.cur = other.cur.clone();
            self.day = other.day;
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
    /// What the shop's own records hold, when it told.
    known: Option<KnownOrders>,
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

/// Counted orders of part of the book, summed.
#[derive(Default)]
struct Sums {
    count: u64,
    revenue: f64,
    other_currency: u64,
    /// Distinct days of the orders kept by id, less the aggregate's last day.
    days: Vec<u64>,
    /// The aggregate's distinct days, and the last of them.
    past_days: u64,
    past_last_day: Option<u64>,
    first_at: Option<u64>,
    last_at: Option<u64>,
}

impl Sums {
    fn day_count(&self) -> u64 {
        self.past_days + self.days.len() as u64
    }

    fn facts(self, currency: Option<String>) -> OrderFacts {
        OrderFacts {
            count: self.count,
            revenue: self.revenue,
            currency,
            other_currency: self.other_currency,
            days: self.day_count(),
            first_at: self.first_at,
            last_at: self.last_at,
        }
    }
}

impl OrderBook {
    /// Records a purchase on the shopper's calendar day `day`. The same id twice is one order (the
    /// first time and value stand).
    pub fn purchase(&mut self, id: &str, at: u64, day: u64, value: f64, cur: Option<String>) -> Result<(), Refusal> {
        if self.recent.get(id).is_none() && self.covered(at, id) {
            return Err(Refusal::TooOld);
        }
        let day = (day != at / DAY_MS).then_some(day);
        let order = Order { bought: Some(at), refunded: None, value, cur, day };
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
                let day = order.day();
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
        if let Some(theirs) = &other.known {
            self.know(theirs.clone());
        }
        self.evict();
    }

    /// Counts, revenue, currency and order days of the whole book, with what the shop's records
    /// hold: the device's orders at or before the known last order are taken as already counted
    /// (the larger of the two counts stands), those after it add.
    pub fn facts(&self) -> OrderFacts {
        let known = self.known.as_ref().filter(|k| k.count > 0);
        let currency = known.and_then(|k| k.cur.clone()).or_else(|| self.currency().map(str::to_owned));
        let Some((known, last)) = known.and_then(|k| Some((k, k.last?))) else {
            return self.sums(&|_| true, currency.as_deref()).facts(currency);
        };
        // The aggregate of evicted orders cannot be split by time: it counts as seen before the
        // known last order unless all of it came after.
        let past_after = self.past.first_at.is_some_and(|f| f > last);
        let before = self.sums(&|at| at.map_or(!past_after, |at| at <= last), currency.as_deref());
        let after = self.sums(&|at| at.map_or(past_after, |at| at > last), currency.as_deref());
        let first = min_some(known.first, min_some(before.first_at, after.first_at));
        let known_days = known.first.map_or(1, |f| (last / DAY_MS).saturating_sub(f / DAY_MS) + 1).min(known.count);
        let counts_known = known.cur.is_none() || known.cur == currency;
        let days_after = after.days.iter().filter(|&&d| d != last / DAY_MS).count() as u64;
        OrderFacts {
            count: known.count.max(before.count) + after.count,
            revenue: if counts_known { known.revenue.max(before.revenue) } else { before.revenue } + after.revenue,
            currency,
            other_currency: before.other_currency + after.other_currency,
            days: known_days.max(before.day_count()) + days_after + after.past_days,
            first_at: first,
            last_at: Some(last).max(after.last_at),
        }
    }

    /// The counted orders whose time passes `take` (the aggregate of evicted ones asked with `None`).
    fn sums(&self, take: &dyn Fn(Option<u64>) -> bool, currency: Option<&str>) -> Sums {
        let mut sums = Sums::default();
        if take(None) {
            let past = &self.past;
            sums.count = past.count;
            sums.revenue = past.revenue;
            sums.other_currency = past.other_currency;
            sums.past_days = past.days;
            sums.past_last_day = past.last_day;
            sums.first_at = past.first_at;
            sums.last_at = past.last_at;
        }
        for (_, order) in self.recent.iter().filter(|(_, o)| o.counts() && take(Some(o.at()))) {
            sums.count += 1;
            if in_currency(order, currency) {
                sums.revenue += order.value;
            } else {
                sums.other_currency += 1;
            }
            let at = order.at();
            sums.first_at = min_some(sums.first_at, Some(at));
            sums.last_at = sums.last_at.max(Some(at));
            if sums.past_last_day != Some(order.day()) {
                sums.days.push(order.day());
            }
        }
        sort_small(&mut sums.days, |a, b| a < b);
        sums.days.dedup();
        sums
    }

    /// Takes the shop's records of the customer's orders; `false` when they change nothing (the
    /// same facts again, or older ones than those kept).
    pub fn know(&mut self, known: KnownOrders) -> bool {
        if self.known.as_ref().is_some_and(|mine| !known.wins_over(mine)) {
            return false;
        }
        self.known = Some(known);
        true
    }

    /// The shop's records, if it gave any.
    pub fn known(&self) -> Option<&KnownOrders> {
        self.known.as_ref()
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
            .opt_whole("day", self.day)
            .done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Order, FieldError> {
        let f = Fields::of(v, path)?;
        Ok(Order {
            bought: f.opt_whole("bought")?,
            refunded: f.opt_whole("refunded")?,
            value: f.amount("value")?,
            cur: f.opt_text("cur")?,
            day: f.opt_whole("day")?,
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
        let out = Out::default().child("recent", &self.recent).child("past", &self.past);
        match &self.known {
            Some(known) => out.child("known", known).done(),
            None => out.done(),
        }
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<OrderBook, FieldError> {
        let f = Fields::of(v, path)?;
        let mut book = OrderBook { recent: f.child("recent")?, past: f.child("past")?, known: f.opt_child("known")? };
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
            a.purchase(&format!("T{i:03}"), i * DAY_MS, i, 10.0, Some("EUR".into())).unwrap();
        }
        let f = a.facts();
        assert_eq!((f.count, f.days, f.revenue), (30, 30, 300.0));
        assert_eq!(a.recent.len(), RECENT_ORDERS);
        let mut b = a.clone();
        b.purchase("T100", 100 * DAY_MS, 100, 5.0, Some("EUR".into())).unwrap();
        a.purchase("T101", 101 * DAY_MS, 101, 5.0, None).unwrap();
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
            common.purchase(&format!("T{i:02}"), i, 0, 1.0, None).unwrap();
        }
        let mut a = common.clone();
        a.purchase("N1", 100, 0, 1.0, None).unwrap(); // evicts T00
        a.purchase("T00", 101, 0, 1.0, None).unwrap(); // a new order as far as `a` can tell
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
            a.purchase(&format!("T{i:03}"), i * DAY_MS, i, 1.0, None).unwrap();
        }
        assert_eq!(a.purchase("T000", 0, 0, 1.0, None), Err(Refusal::TooOld));
        assert_eq!(a.facts().count, 30);
    }
}
