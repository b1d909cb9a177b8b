//! The profile: a bounded, mergeable aggregate of one shopper's trail.
//!
//! [`Profile::apply`] folds a validated event into counters ([`tally`]), orders ([`orders`]) and
//! short recency lists ([`recent`]: viewed items, purchased categories and items, cart lines); what the shopper did with messages is kept in [`messages`].
//! Nothing keeps the raw events, so the stored size is bounded however long the trail.
//! [`Profile::merge`] combines two copies written concurrently (two tabs) without losing or
//! doubling an event. [`Profile::facts`] derives the figures that stages,
//! predictions and conditions read. The profile does not judge the shopper: that is `stage`.

pub mod known;
pub mod messages;
pub mod orders;
pub mod recent;
pub mod tally;
pub mod writer;

use std::fmt;

use crate::base::error::{Code, Error};
use crate::base::hash::fnv1a32;
use crate::base::read::{FieldError, Fields, Out, Path, Stored};
use crate::base::value::Value;
use crate::event::{EventName, TrailEvent};
use crate::lifecycle::{StageMark, StageRules};
use crate::recommend::serve::{TrailItem, TrailKind};
use known::KnownOrders;
use messages::MessageLog;
use orders::{OrderBook, OrderFacts, Refusal};
use recent::{Entry, Recent};
use tally::{Counters, Tally};
use writer::Writer;

/// Recently viewed items kept.
pub const RECENT_ITEMS: usize = 8;
/// Purchased categories kept, most recent first.
pub const PURCHASED_CATEGORIES: usize = 12;
/// Cart lines kept.
pub const CART_LINES: usize = 12;
/// Purchased item ids kept, most recent first: what recommendations build on and leave out.
pub const PURCHASED_ITEMS: usize = 12;
/// What shedding keeps of each list however full the document (see [`Profile::shed`]): the most
/// viewed categories, the newest viewed and bought items and bought categories, and the messages
/// touched last.
pub const SHED_FLOOR: usize = 4;
/// Orders kept by id however full the document: repeats and refunds of these are still recognised.
pub const SHED_FLOOR_ORDERS: usize = 8;
/// Longest id or category stored as it is; longer ones are shortened with a hash.
pub const STORED_KEY_CHARS: usize = 32;

/// Ids and categories as stored: as given when short, else a prefix plus a hash of the whole, so
/// that stored size stays bounded and equal strings still map to equal keys.
pub fn stored_key(s: &str) -> String {
    if s.chars().count() <= STORED_KEY_CHARS {
        return s.to_owned();
    }
    let prefix: String = s.chars().take(STORED_KEY_CHARS - 9).collect();
    format!("{prefix}~{:08x}", fnv1a32(s))
}

/// A recently viewed item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSeen {
    /// When it was last viewed.
    pub at: u64,
    /// Its category, if given.
    pub cat: Option<String>,
}

impl Stored for ItemSeen {
    fn to_value(&self) -> Value {
        Out::default().put("at", self.at).opt_text("cat", &self.cat).done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<ItemSeen, FieldError> {
        let f = Fields::of(v, path)?;
        Ok(ItemSeen { at: f.required_whole("at")?, cat: f.opt_text("cat")? })
    }
}

impl Entry for ItemSeen {
    fn at(&self) -> u64 {
        self.at
    }
    fn wins_over(&self, other: &Self) -> bool {
        (self.at, &self.cat) > (other.at, &other.cat)
    }
}

/// A line of the open cart: last writer wins per item.
#[derive(Debug, Clone, PartialEq)]
pub struct CartLine {
    /// When it last changed.
    pub at: u64,
    /// How many are in the cart.
    pub qty: u32,
    /// Unit price (0 when not given).
    pub price: f64,
}

impl Stored for CartLine {
    fn to_value(&self) -> Value {
        Out::default().put("at", self.at).put("qty", u64::from(self.qty)).put("price", self.price).done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<CartLine, FieldError> {
        let f = Fields::of(v, path)?;
        let qty = u32::try_from(f.whole("qty")?).map_err(|_| FieldError::new(f.path_of("qty"), "too large"))?;
        Ok(CartLine { at: f.required_whole("at")?, qty, price: f.amount("price")? })
    }
}

impl Entry for CartLine {
    fn at(&self) -> u64 {
        self.at
    }
    fn wins_over(&self, other: &Self) -> bool {
        (self.at, self.qty, self.price.to_bits()) > (other.at, other.qty, other.price.to_bits())
    }
}

/// Whether the facts show a lapsed shopper at a time: the stage rules' verdict, passed in by the
/// engine (the rules read the profile's facts, so the profile cannot ask them itself).
pub type Lapsed<'a> = &'a dyn Fn(&Facts, u64) -> bool;

/// Something worth telling the shop about an event that was still taken in.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A purchase in another currency: counted as an order, not added to revenue.
    OtherCurrency {
        /// The purchase's currency.
        currency: String,
        /// The shopper's (first) currency.
        shopper_currency: String,
    },
    /// A purchase dated before every order still kept by id: not counted (it could be a duplicate).
    PurchaseTooOld {
        /// Its id.
        transaction_id: String,
    },
    /// A refund of an order that is not in the recent order history: orders unchanged for now.
    RefundOfUnknownOrder {
        /// Its id.
        transaction_id: String,
    },
}

impl From<Notice> for Error {
    fn from(notice: Notice) -> Error {
        let code = match notice {
            Notice::OtherCurrency { .. } => Code::OtherCurrency,
            Notice::PurchaseTooOld { .. } => Code::OrderTooOld,
            Notice::RefundOfUnknownOrder { .. } => Code::UnknownOrder,
        };
        Error::new(code, notice.to_string())
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::OtherCurrency { currency, shopper_currency } => write!(
                f,
                "purchase in {currency} counted as an order but not added to revenue, which is kept in {shopper_currency}"
            ),
            Notice::PurchaseTooOld { transaction_id } => write!(
                f,
                "purchase {transaction_id} is older than the {} most recent orders and cannot be checked for duplicates: not counted",
                orders::RECENT_ORDERS
            ),
            Notice::RefundOfUnknownOrder { transaction_id } => write!(
                f,
                "refund of {transaction_id}, an order not among the recent ones: orders unchanged until that purchase is seen"
            ),
        }
    }
}

/// One shopper's trail, aggregated.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Random id made on this device, never sent anywhere; seeds tie-breaks and holdouts.
    pub visitor: String,
    /// When this visitor id was made, ms: of two copies, the visitor id of the older one stays.
    pub born: u64,
    /// Bumped by `forget()`: a copy of a later generation replaces older ones instead of merging.
    pub generation: u32,
    /// First event time.
    pub first_seen: Option<u64>,
    /// Last event time.
    pub last_seen: Option<u64>,
    /// First `sign_up`.
    pub signed_up: Option<u64>,
    /// The first order after the latest lapse: the cycle started again then, and advocacy signals
    /// from before it no longer count.
    pub returned_at: Option<u64>,
    /// The latest advocacy signal (referral, share, review rated `advocacyMinRating` or more).
    pub last_signal_at: Option<u64>,
    tally: Tally,
    orders: OrderBook,
    items: Recent<ItemSeen, RECENT_ITEMS>,
    bought_categories: Recent<u64, PURCHASED_CATEGORIES>,
    cart: Recent<CartLine, CART_LINES>,
    /// Purchased items by id: when each was last bought.
    bought_items: Recent<u64, PURCHASED_ITEMS>,
    /// Impressions, dismissals and clicks of messages.
    pub messages: MessageLog,
    /// The last stage observed, for `previous` and `since`.
    pub stage: Option<StageMark>,
}

impl Stored for Profile {
    fn to_value(&self) -> Value {
        let mut out = Out::default()
            .put("visitor", self.visitor.as_str())
            .put("born", self.born)
            .whole("generation", u64::from(self.generation))
            .opt_whole("firstSeen", self.first_seen)
            .opt_whole("lastSeen", self.last_seen)
            .opt_whole("signedUp", self.signed_up)
            .opt_whole("returned", self.returned_at)
            .opt_whole("lastSignal", self.last_signal_at)
            .child("tally", &self.tally)
            .child("orders", &self.orders)
            .child("items", &self.items)
            .child("boughtCategories", &self.bought_categories)
            .child("cart", &self.cart)
            .child("boughtItems", &self.bought_items)
            .child("messages", &self.messages);
        if let Some(mark) = &self.stage {
            out = out.child("stage", mark);
        }
        out.done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<Profile, FieldError> {
        let f = Fields::of(v, path)?;
        let generation =
            u32::try_from(f.whole("generation")?).map_err(|_| FieldError::new(f.path_of("generation"), "too large"))?;
        Ok(Profile {
            visitor: f.text("visitor")?,
            born: f.required_whole("born")?,
            generation,
            first_seen: f.opt_whole("firstSeen")?,
            last_seen: f.opt_whole("lastSeen")?,
            signed_up: f.opt_whole("signedUp")?,
            returned_at: f.opt_whole("returned")?,
            last_signal_at: f.opt_whole("lastSignal")?,
            tally: f.child("tally")?,
            orders: f.child("orders")?,
            items: f.child("items")?,
            bought_categories: f.child("boughtCategories")?,
            cart: f.child("cart")?,
            bought_items: f.child("boughtItems")?,
            messages: f.child("messages")?,
            stage: f.opt_child("stage")?,
        })
    }
}

/// What the stage rules, predictions and conditions read from a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// All counters summed over writers.
    pub counts: Counters,
    /// Orders, revenue, currency, order days.
    pub orders: OrderFacts,
    /// First event time.
    pub first_seen: Option<u64>,
    /// Last event time.
    pub last_seen: Option<u64>,
    /// Whether the shopper signed up.
    pub signed_up: bool,
    /// The first order after the latest lapse.
    pub returned_at: Option<u64>,
    /// The latest advocacy signal.
    pub last_signal_at: Option<u64>,
    /// Viewed categories, most viewed first.
    pub categories: Vec<String>,
    /// Purchased categories, most recent first.
    pub purchased_categories: Vec<String>,
    /// Recently viewed item ids, most recent first.
    pub recent_items: Vec<String>,
    /// Items in the open cart (added since the last order).
    pub cart_items: u64,
    /// Value of the open cart.
    pub cart_value: f64,
}

impl Profile {
    /// An empty profile for `visitor`, made at `born`.
    pub fn new(visitor: String, born: u64) -> Profile {
        Profile {
            visitor,
            born,
            generation: 0,
            first_seen: None,
            last_seen: None,
            signed_up: None,
            returned_at: None,
            last_signal_at: None,
            tally: Tally::default(),
            orders: OrderBook::default(),
            items: Recent::default(),
            bought_categories: Recent::default(),
            cart: Recent::default(),
            bought_items: Recent::default(),
            messages: MessageLog::default(),
            stage: None,
        }
    }

    /// Folds one event in. `now` is the clock (it stamps the writer's slot); the event's own `ts`
    /// places it on the shopper's timeline. Returns notices for the shop, never an error: the event
    /// was validated when it was parsed.
    pub fn apply(
        &mut self,
        e: &TrailEvent,
        writer: &mut Writer,
        rules: &StageRules,
        lapsed: Lapsed,
        now: u64,
    ) -> Vec<Notice> {
        let mut notices = Vec::new();
        let ts = e.ts;
        let new_session = self.last_seen.is_none_or(|last| ts > last.saturating_add(rules.session_timeout_ms()));
        let signal = match e.name {
            EventName::Share | EventName::Referral => true,
            EventName::Review => e.rating.unwrap_or(0) >= rules.advocacy_min_rating,
            _ => false,
        };
        if signal {
            self.last_signal_at = self.last_signal_at.max(Some(ts));
        }
        self.first_seen = Some(self.first_seen.map_or(ts, |f| f.min(ts)));
        self.last_seen = Some(self.last_seen.map_or(ts, |l| l.max(ts)));

        let writer_id = writer.id_at(now).to_owned();
        let c = self.tally.slot(&writer_id, now);
        if new_session {
            c.sessions += 1;
        }
        match e.name {
            EventName::PageView => c.page_views += 1,
            EventName::ViewItemList => c.list_views += 1,
            EventName::ViewItem => {
                c.item_views += 1;
                for item in &e.items {
                    let cat = item.category.as_deref().map(stored_key);
                    if let Some(cat) = &cat {
                        c.view_category(cat);
                    }
                    self.items.put(&stored_key(item.key()), ItemSeen { at: ts, cat });
                }
            }
            EventName::AddToWishlist => c.wishlist_adds += 1,
            EventName::AddToCart => {
                c.cart_adds += 1;
                self.change_cart(e, true);
            }
            EventName::RemoveFromCart => {
                c.cart_removes += 1;
                self.change_cart(e, false);
            }
            EventName::ViewCart => c.cart_views += 1,
            EventName::BeginCheckout => c.checkouts += 1,
            EventName::Purchase => {
                c.purchases += 1;
                // Judged before the order counts: was the shopper lapsed when they bought?
                let returning = lapsed(&self.stage_facts(), ts);
                if self.purchase(e, writer, &mut notices) && returning {
                    self.returned_at = self.returned_at.max(Some(ts));
                }
            }
            EventName::Refund => {
                c.refunds += 1;
                let id = stored_key(e.transaction_id.as_deref().unwrap_or_default());
                if !self.orders.refund(&id, ts) {
                    notices.push(Notice::RefundOfUnknownOrder { transaction_id: id });
                }
            }
            EventName::SignUp => {
                c.sign_ups += 1;
                self.signed_up = Some(self.signed_up.map_or(ts, |s| s.min(ts)));
            }
            EventName::GenerateLead => c.leads += 1,
            EventName::Share => c.shares += 1,
            EventName::Referral => c.referrals += 1,
            EventName::Review => {
                let rating = usize::from(e.rating.unwrap_or(1).clamp(1, 5));
                if let Some(n) = c.reviews.get_mut(rating - 1) {
                    *n += 1;
                }
            }
        }
        self.tally.fold(now);
        notices
    }

    /// Counts a purchase; `false` when it was refused (too old to check for a duplicate).
    fn purchase(&mut self, e: &TrailEvent, writer: &mut Writer, notices: &mut Vec<Notice>) -> bool {
        // A purchase without an id is an order of its own: give it one nobody else will.
        let id = match &e.transaction_id {
            Some(id) => stored_key(id),
            None => format!("~{}", writer.random_id(10)),
        };
        let value =
            e.value.unwrap_or_else(|| e.items.iter().map(|i| i.price.unwrap_or(0.0) * f64::from(i.quantity)).sum());
        let shopper_currency = self.orders.facts().currency;
        if let (Some(cur), Some(mine)) = (&e.currency, &shopper_currency) {
            if cur != mine && !self.orders.has_order(&id) {
                notices.push(Notice::OtherCurrency { currency: cur.clone(), shopper_currency: mine.clone() });
            }
        }
        match self.orders.purchase(&id, e.ts, e.local_day(), value, e.currency.clone()) {
            Ok(()) => {
                for cat in e.items.iter().filter_map(|i| i.category.as_deref()) {
                    self.bought_categories.put(&stored_key(cat), e.ts);
                }
                for item in &e.items {
                    self.bought_items.put(&stored_key(item.key()), e.ts);
                }
                true
            }
            Err(Refusal::TooOld) => {
                notices.push(Notice::PurchaseTooOld { transaction_id: id });
                false
            }
        }
    }

    fn change_cart(&mut self, e: &TrailEvent, add: bool) {
        let last_order = self.orders.facts().last_at;
        for item in &e.items {
            let key = stored_key(item.key());
            let open = self.cart.get(&key).filter(|l| last_order.is_none_or(|o| l.at > o));
            let qty = open.map_or(0, |l| l.qty);
            let qty = if add { qty.saturating_add(item.quantity) } else { qty.saturating_sub(item.quantity) };
            let price = item.price.or(open.map(|l| l.price)).unwrap_or(0.0);
            self.cart.put(&key, CartLine { at: e.ts, qty, price });
        }
    }

    /// Takes the shop's records of the customer's orders (see [`known`]); `false` when they change
    /// nothing.
    pub fn know_orders(&mut self, known: KnownOrders) -> bool {
        self.orders.know(known)
    }

    /// Merges a copy written concurrently (another tab). A copy of a later generation (after
    /// `forget()`) replaces this one; within a generation the visitor id of the older copy stays
    /// (ties: the smaller id). A new instance's fresh id gives way before it gets here: see
    /// `Engine::absorb`.
    pub fn merge(&mut self, other: &Profile, now: u64) {
        if other.generation != self.generation {
            if other.generation > self.generation {
                *self = other.clone();
            }
            return;
        }
        if (other.born, &other.visitor) < (self.born, &self.visitor) {
            self.born = other.born;
            self.visitor = other.visitor.clone();
        }
        self.first_seen = min_opt(self.first_seen, other.first_seen);
        self.last_seen = self.last_seen.max(other.last_seen);
        self.signed_up = min_opt(self.signed_up, other.signed_up);
        self.returned_at = self.returned_at.max(other.returned_at);
        self.last_signal_at = self.last_signal_at.max(other.last_signal_at);
        self.tally.merge(&other.tally);
        self.tally.fold(now);
        self.orders.merge(&other.orders);
        self.items.merge(&other.items);
        self.bought_categories.merge(&other.bought_categories);
        self.cart.merge(&other.cart);
        self.bought_items.merge(&other.bought_items);
        self.messages.merge(&other.messages);
        if let Some(theirs) = &other.stage {
            if self.stage.as_ref().is_none_or(|mine| theirs.wins_over(mine)) {
                self.stage = Some(theirs.clone());
            }
        }
    }

    /// Drops one piece of what matters least, so that the stored document can stay within its bound
    /// (`store::MAX_STORED_BYTES`); `false` when nothing is left to drop. In order:
    /// 1. a writer's counts idle for half an hour are folded into the totals early (nothing lost);
    /// 2. the oldest closed cart line (emptied, or bought since): no figure reads it;
    /// 3. the views of the least viewed category, down to the [`SHED_FLOOR`] most viewed;
    /// 4. the oldest viewed item, bought category and bought item, each list down to [`SHED_FLOOR`];
    /// 5. the oldest order kept by id, folded into the aggregate (it still counts), down to
    ///    [`SHED_FLOOR_ORDERS`];
    /// 6. the state of the message touched longest ago, down to [`SHED_FLOOR`] messages.
    ///
    /// Counts, orders, revenue, times and the stage never change. Every step is one a concurrent
    /// copy can make or not: merging brings a dropped entry back, never twice, and it is dropped
    /// again when that copy is written.
    pub fn shed(&mut self, now: u64) -> bool {
        let last_order = self.orders.facts().last_at;
        let closed = |l: &CartLine| l.qty == 0 || last_order.is_some_and(|o| l.at <= o);
        self.tally.fold_oldest_final(now)
            || self.cart.shed_oldest(closed)
            || self.tally.shed_rarest_category(SHED_FLOOR)
            || (self.items.len() > SHED_FLOOR && self.items.shed_oldest(|_| true))
            || (self.bought_categories.len() > SHED_FLOOR && self.bought_categories.shed_oldest(|_| true))
            || (self.bought_items.len() > SHED_FLOOR && self.bought_items.shed_oldest(|_| true))
            || self.shed_order()
            || self.shed_message()
    }

    fn shed_order(&mut self) -> bool {
        let kept = self.orders.kept();
        kept > SHED_FLOOR_ORDERS && {
            self.orders.evict_to(kept - 1);
            true
        }
    }

    fn shed_message(&mut self) -> bool {
        let kept = self.messages.len();
        kept > SHED_FLOOR && {
            self.messages.prune_to(kept - 1);
            true
        }
    }

    /// The shopper's recent items for recommendations, by their stored keys ([`stored_key`]):
    /// recently viewed items, the open cart's lines, recently purchased items, each with its time.
    pub fn trail(&self) -> Vec<TrailItem<'_>> {
        let last_order = self.orders.facts().last_at;
        let viewed = self.items.iter().map(|(id, seen)| (id, TrailKind::Viewed, seen.at));
        let open = |line: &CartLine| line.qty > 0 && last_order.is_none_or(|o| line.at > o);
        let carted =
            self.cart.iter().filter(|(_, line)| open(line)).map(|(id, line)| (id, TrailKind::AddedToCart, line.at));
        let bought = self.bought_items.iter().map(|(id, &at)| (id, TrailKind::Purchased, at));
        viewed.chain(carted).chain(bought).map(|(item, kind, at)| TrailItem { item, kind, at }).collect()
    }

    /// The figures derived from the whole profile.
    pub fn facts(&self) -> Facts {
        let counts = self.tally.total();
        let categories =
            counts.top_categories().into_iter().take(tally::TOP_CATEGORIES).map(|(_, c)| c.to_owned()).collect();
        let mut facts = self.facts_with(counts);
        facts.categories = categories;
        let owned = |keys: Vec<&str>| keys.into_iter().map(str::to_owned).collect();
        facts.purchased_categories = owned(self.bought_categories.newest_first());
        facts.recent_items = owned(self.items.newest_first());
        let last_order = facts.orders.last_at;
        let open = |l: &&CartLine| l.qty > 0 && last_order.is_none_or(|o| l.at > o);
        for line in self.cart.iter().map(|(_, l)| l).filter(open) {
            facts.cart_items += u64::from(line.qty);
            facts.cart_value += f64::from(line.qty) * line.price;
        }
        facts
    }

    /// The figures the stage rules read, without the lists (categories, items, cart) that only
    /// reports and conditions need: cheap enough to classify after every event.
    pub fn stage_facts(&self) -> Facts {
        self.facts_with(self.tally.total_counts())
    }

    /// Facts around `counts`, the lists left empty.
    fn facts_with(&self, counts: Counters) -> Facts {
        Facts {
            counts,
            orders: self.orders.facts(),
            first_seen: self.first_seen,
            last_seen: self.last_seen,
            signed_up: self.signed_up.is_some(),
            returned_at: self.returned_at,
            last_signal_at: self.last_signal_at,
            categories: Vec::new(),
            purchased_categories: Vec::new(),
            recent_items: Vec::new(),
            cart_items: 0,
            cart_value: 0.0,
        }
    }
}

fn min_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}
