//! The event vocabulary: GA4 ecommerce names and fields, parsed and validated.
//!
//! A [`TrailEvent`] is what `track` receives, already checked: every field has the right type and
//! range, strings and item lists are bounded, and the GA4 `ecommerce` wrapper is looked through.
//! Parsing never panics; a bad event is an [`EventError`] that names the field, and the profile is
//! never touched by it. What an event *means* for the shopper lives in `profile`, not here.

use std::fmt;

use crate::base::error::{Code, Error};
use crate::base::read::Path;
use crate::base::value::Value;

const DAY_MS: u64 = 86_400_000;

/// Most items one event may carry (GA4 itself accepts 200).
pub const MAX_ITEMS: usize = 200;
/// Longest string accepted for ids, names, categories, currencies.
pub const MAX_TEXT: usize = 256;
/// Longest `page_location` / `page_title` accepted (URLs run long).
pub const MAX_PAGE_TEXT: usize = 4096;
/// How far in the future a `ts` may be before it is clamped to now (5 minutes).
pub const MAX_CLOCK_SKEW_MS: u64 = 5 * 60_000;

/// The names crumbtrail understands: GA4's recommended ecommerce events plus `review` and `referral`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventName {
    /// `page_view`
    PageView,
    /// `view_item_list`
    ViewItemList,
    /// `view_item`
    ViewItem,
    /// `add_to_wishlist`
    AddToWishlist,
    /// `add_to_cart`
    AddToCart,
    /// `remove_from_cart`
    RemoveFromCart,
    /// `view_cart`
    ViewCart,
    /// `begin_checkout`
    BeginCheckout,
    /// `purchase`
    Purchase,
    /// `refund`
    Refund,
    /// `sign_up`
    SignUp,
    /// `generate_lead`
    GenerateLead,
    /// `share`
    Share,
    /// `review` (crumbtrail's own; `rating` 1–5)
    Review,
    /// `referral` (crumbtrail's own)
    Referral,
}

impl EventName {
    /// Every name, in declaration order.
    pub const ALL: [EventName; 15] = [
        EventName::PageView,
        EventName::ViewItemList,
        EventName::ViewItem,
        EventName::AddToWishlist,
        EventName::AddToCart,
        EventName::RemoveFromCart,
        EventName::ViewCart,
        EventName::BeginCheckout,
        EventName::Purchase,
        EventName::Refund,
        EventName::SignUp,
        EventName::GenerateLead,
        EventName::Share,
        EventName::Review,
        EventName::Referral,
    ];

    /// The wire name, e.g. `"add_to_cart"`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::PageView => "page_view",
            EventName::ViewItemList => "view_item_list",
            EventName::ViewItem => "view_item",
            EventName::AddToWishlist => "add_to_wishlist",
            EventName::AddToCart => "add_to_cart",
            EventName::RemoveFromCart => "remove_from_cart",
            EventName::ViewCart => "view_cart",
            EventName::BeginCheckout => "begin_checkout",
            EventName::Purchase => "purchase",
            EventName::Refund => "refund",
            EventName::SignUp => "sign_up",
            EventName::GenerateLead => "generate_lead",
            EventName::Share => "share",
            EventName::Review => "review",
            EventName::Referral => "referral",
        }
    }

    /// The name for a wire name, if it is one crumbtrail knows.
    pub fn parse(name: &str) -> Option<EventName> {
        EventName::ALL.iter().copied().find(|n| n.as_str() == name)
    }
}

/// One product line of an event (GA4's `items[]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// `item_id`
    pub id: Option<String>,
    /// `item_name`
    pub name: Option<String>,
    /// `item_category`
    pub category: Option<String>,
    /// `price` per unit, ≥ 0
    pub price: Option<f64>,
    /// `quantity`, a whole number ≥ 1 (GA4's default 1 when absent)
    pub quantity: u32,
}

impl Item {
    /// The key this item is known by: its id, else its name (validation guarantees one of them).
    pub fn key(&self) -> &str {
        self.id.as_deref().or(self.name.as_deref()).unwrap_or("")
    }
}

/// A validated event, ready to be applied to a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailEvent {
    /// Which event this is.
    pub name: EventName,
    /// When it happened, whole ms since the epoch (clamped to now when too far in the future).
    pub ts: u64,
    /// `items`, possibly empty.
    pub items: Vec<Item>,
    /// `value` (purchase / refund / cart value), ≥ 0.
    pub value: Option<f64>,
    /// `currency`, upper-cased ISO 4217 code as given.
    pub currency: Option<String>,
    /// `transaction_id` (purchase, refund).
    pub transaction_id: Option<String>,
    /// `rating` of a review, 1–5.
    pub rating: Option<u8>,
    /// The shopper's offset from UTC where it was tracked, ms east (set by the engine, not read
    /// from the event): a purchase counts on the shopper's own calendar day.
    pub utc_offset_ms: i64,
}

impl TrailEvent {
    /// The shopper's calendar day of the event, in days since the epoch.
    pub fn local_day(&self) -> u64 {
        self.ts.saturating_add_signed(self.utc_offset_ms) / DAY_MS
    }
}

/// Why an event was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The payload is not an object at all.
    NotAnObject(&'static str),
    /// `event` names no event crumbtrail knows.
    UnknownEvent(String),
    /// A required field is absent.
    Missing,
    /// A field has the wrong type.
    WrongType {
        /// What was expected ("a number").
        expected: &'static str,
        /// What came ("a string").
        got: &'static str,
    },
    /// A number is NaN or infinite.
    NotFinite,
    /// A number is outside its range.
    OutOfRange(&'static str),
    /// A string is longer than allowed.
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// An array has more entries than allowed.
    TooMany {
        /// The limit.
        max: usize,
    },
}

/// An event that was rejected, and where. Boxed: the parser returns it through many `?`s, and a
/// one-word error keeps each of them small in the wasm.
#[derive(Debug, Clone, PartialEq)]
pub struct EventError(Box<Rejection>);

/// What an [`EventError`] says.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The field, as a path: `ecommerce.items[3].price`, or `event`.
    pub field: String,
    /// What is wrong with it.
    pub problem: Problem,
}

impl std::ops::Deref for EventError {
    type Target = Rejection;
    fn deref(&self) -> &Rejection {
        &self.0
    }
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.field)?;
        match &self.problem {
            Problem::NotAnObject(got) => write!(f, "an event must be an object, got {got}"),
            Problem::UnknownEvent(name) => write!(f, "unknown event \"{name}\""),
            Problem::Missing => f.write_str("is required"),
            Problem::WrongType { expected, got } => write!(f, "expected {expected}, got {got}"),
            Problem::NotFinite => f.write_str("must be a finite number"),
            Problem::OutOfRange(range) => write!(f, "must be {range}"),
            Problem::TooLong { max } => write!(f, "longer than {max} characters"),
            Problem::TooMany { max } => write!(f, "more than {max} entries"),
        }
    }
}

impl std::error::Error for EventError {}

impl From<EventError> for Error {
    fn from(e: EventError) -> Error {
        Error::new(Code::InvalidEvent, e.to_string()).at(e.0.field)
    }
}

fn fail<T>(field: impl fmt::Display, problem: Problem) -> Result<T, EventError> {
    Err(EventError(Box::new(Rejection { field: field.to_string(), problem })))
}

/// Reads the fields of one event, looking through GA4's `ecommerce` wrapper.
struct Fields<'a> {
    top: &'a Value,
    ecommerce: Option<&'a Value>,
}

impl<'a> Fields<'a> {
    /// `read` of the field and the path it was found at, if present; ecommerce fields win, as in
    /// GA4's dataLayer form.
    fn find<R>(&self, key: &str, read: impl FnOnce(&'a Value, &Path<'_>) -> R) -> Option<R> {
        const ECOMMERCE: Path<'static> = Path::root("ecommerce");
        let present = |v: &&Value| !matches!(v, Value::Null);
        if let Some(v) = self.ecommerce.and_then(|e| e.get(key)).filter(present) {
            return Some(read(v, &ECOMMERCE.key(key)));
        }
        self.top.get(key).filter(present).map(|v| read(v, &Path::root(key)))
    }

    fn text(&self, key: &str, max: usize) -> Result<Option<String>, EventError> {
        self.find(key, |v, path| text_at(v, path, max)).transpose()
    }

    fn number(&self, key: &str) -> Result<Option<f64>, EventError> {
        self.find(key, number_at).transpose()
    }
}

fn text_at(v: &Value, path: &Path<'_>, max: usize) -> Result<String, EventError> {
    match v {
        Value::String(s) if s.chars().count() > max => fail(path, Problem::TooLong { max }),
        Value::String(s) => Ok(s.clone()),
        // GA4 allows numeric ids (item_id: 12345); keep them as their decimal text.
        Value::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 => Ok((*n as i64).to_string()),
        other => fail(path, Problem::WrongType { expected: "a string", got: other.kind() }),
    }
}

fn number_at(v: &Value, path: &Path<'_>) -> Result<f64, EventError> {
    match v {
        Value::Number(n) if !n.is_finite() => fail(path, Problem::NotFinite),
        Value::Number(n) => Ok(*n),
        other => fail(path, Problem::WrongType { expected: "a number", got: other.kind() }),
    }
}

fn non_negative(n: f64, path: &Path<'_>) -> Result<f64, EventError> {
    if n < 0.0 {
        fail(path, Problem::OutOfRange("≥ 0"))
    } else {
        Ok(n)
    }
}

fn parse_item(v: &Value, path: &Path<'_>) -> Result<Item, EventError> {
    if !matches!(v, Value::Object(_)) {
        return fail(path, Problem::WrongType { expected: "an object", got: v.kind() });
    }
    let field = |key: &str| v.get(key).filter(|x| !matches!(x, Value::Null));
    let text = |key: &str| field(key).map(|x| text_at(x, &path.key(key), MAX_TEXT)).transpose();
    let id = text("item_id")?;
    let name = text("item_name")?;
    if id.is_none() && name.is_none() {
        return fail(path.key("item_id"), Problem::Missing);
    }
    let category = text("item_category")?;
    let price = match field("price") {
        None => None,
        Some(x) => {
            let p = path.key("price");
            Some(non_negative(number_at(x, &p)?, &p)?)
        }
    };
    let quantity = match field("quantity") {
        None => 1,
        Some(x) => {
            let p = path.key("quantity");
            let q = number_at(x, &p)?;
            if q.fract() != 0.0 || !(1.0..=1_000_000.0).contains(&q) {
                return fail(p, Problem::OutOfRange("a whole number from 1 to 1000000"));
            }
            q as u32
        }
    };
    Ok(Item { id, name, category, price, quantity })
}

impl TrailEvent {
    /// Parses and validates one event. `now` is the clock in ms: a missing `ts` becomes `now`, and
    /// a `ts` more than five minutes ahead of it is clamped to it.
    ///
    /// ```
    /// use crumbtrail_core::{event::TrailEvent, Value};
    /// let raw: Value = serde_json::from_str(r#"{"event":"review","rating":6}"#).unwrap();
    /// let err = TrailEvent::parse(&raw, 0).unwrap_err();
    /// assert_eq!(err.to_string(), "rating: must be a whole number from 1 to 5");
    /// ```
    pub fn parse(raw: &Value, now: u64) -> Result<TrailEvent, EventError> {
        if !matches!(raw, Value::Object(_)) {
            return fail("event", Problem::NotAnObject(raw.kind()));
        }
        let name = match raw.get("event") {
            None | Some(Value::Null) => return fail("event", Problem::Missing),
            Some(Value::String(s)) => match EventName::parse(s) {
                Some(name) => name,
                None => return fail("event", Problem::UnknownEvent(s.chars().take(64).collect())),
            },
            Some(other) => return fail("event", Problem::WrongType { expected: "a string", got: other.kind() }),
        };
        let ecommerce = match raw.get("ecommerce") {
            None | Some(Value::Null) => None,
            Some(e @ Value::Object(_)) => Some(e),
            Some(other) => return fail("ecommerce", Problem::WrongType { expected: "an object", got: other.kind() }),
        };
        let fields = Fields { top: raw, ecommerce };

        const TS: Path<'static> = Path::root("ts");
        let ts = match raw.get("ts").filter(|v| !matches!(v, Value::Null)) {
            None => now,
            // Clamped to now, not to now + 5 minutes: a clock far ahead must not set lastSeen.
            Some(v) => match non_negative(number_at(v, &TS)?, &TS)? {
                ts if ts > now.saturating_add(MAX_CLOCK_SKEW_MS) as f64 => now,
                ts => ts as u64,
            },
        };

        let items = fields
            .find("items", |v, path| match v {
                Value::Array(list) if list.len() > MAX_ITEMS => fail(path, Problem::TooMany { max: MAX_ITEMS }),
                Value::Array(list) => {
                    list.iter().enumerate().map(|(i, item)| parse_item(item, &path.index(i))).collect()
                }
                other => fail(path, Problem::WrongType { expected: "an array", got: other.kind() }),
            })
            .transpose()?
            .unwrap_or_default();
        let value = fields.find("value", |v, path| non_negative(number_at(v, path)?, path)).transpose()?;
        let currency = fields.text("currency", 8)?.map(|c| c.to_ascii_uppercase());
        let transaction_id = fields.text("transaction_id", MAX_TEXT)?;
        if name == EventName::Refund && transaction_id.is_none() {
            return fail("transaction_id", Problem::Missing);
        }
        let rating = match (name, fields.number("rating")?) {
            (EventName::Review, None) => return fail("rating", Problem::Missing),
            (_, None) => None,
            (_, Some(r)) if r.fract() != 0.0 || !(1.0..=5.0).contains(&r) => {
                return fail("rating", Problem::OutOfRange("a whole number from 1 to 5"))
            }
            (_, Some(r)) => Some(r as u8),
        };
        // Page fields are only validated: they shape no metric, but junk in them is still junk.
        fields.text("page_location", MAX_PAGE_TEXT)?;
        fields.text("page_title", MAX_PAGE_TEXT)?;

        Ok(TrailEvent { name, ts, items, value, currency, transaction_id, rating, utc_offset_ms: 0 })
    }
}
