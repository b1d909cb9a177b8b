//! Known orders: what the shop's own records hold for its signed-in customer, beside what this
//! device saw.
//!
//! The trail lives in one browser; a shop that knows its customer (a login) knows their orders on
//! every device. [`KnownOrders`] is that knowledge: how many orders, the first and last order's
//! times, the revenue. The order book combines it with the orders the device tracked (see
//! `OrderBook::facts`): those at or before the known `last` are taken as already counted, those
//! after it add. Copies from two tabs keep the record with the latest `last` (then the larger
//! figures), so merging stays commutative and giving the same facts twice changes nothing.

use crate::base::ecma::Runtime;
use crate::base::read::{number, object, FieldError, Fields, Out, Path, Stored, MAX_SAFE};
use crate::base::time::parse_iso8601;
use crate::base::value::{Map, Value};

/// The orders the shop's records hold for the signed-in customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KnownOrders {
    /// Orders, less refunded ones.
    pub count: u64,
    /// The first order's time, ms (none when `count` is 0).
    pub first: Option<u64>,
    /// The last order's time, ms (none when `count` is 0).
    pub last: Option<u64>,
    /// Their revenue, in `cur`.
    pub revenue: f64,
    /// The currency of `revenue`.
    pub cur: Option<String>,
}

impl KnownOrders {
    /// A total order on records: the latest `last` first, then the larger figures, so that of two
    /// copies the same one wins whichever merges into which.
    fn rank(&self) -> (Option<u64>, u64, u64, Option<u64>, &Option<String>) {
        (self.last, self.count, self.revenue.to_bits(), self.first.map(|f| u64::MAX - f), &self.cur)
    }

    /// Whether this record wins over `other` when two copies merge.
    pub fn wins_over(&self, other: &KnownOrders) -> bool {
        self.rank() > other.rank()
    }

    /// Reads the shop's facts `{ count, first, last, revenue, currency }` given at `now`: `first`
    /// and `last` as ISO 8601 dates or date-times, or ms since the epoch; times ahead of `now` are
    /// taken as `now` (a server clock a little ahead). Errors name the field under `path`.
    pub fn parse(v: &Value, path: &str, now: u64, runtime: &dyn Runtime) -> Result<KnownOrders, FieldError> {
        let known = ["count", "first", "last", "revenue", "currency"];
        let Some(map) = object(v, path, &known)? else {
            return Err(FieldError::new(path, "expected an object { count, first, last, revenue, currency }"));
        };
        let whole = |n: f64| n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&n);
        let count = number(map, path, "count", "a whole number ≥ 0", &whole)?
            .ok_or_else(|| FieldError::new(format!("{path}.count"), "missing: how many orders the shop holds"))?
            as u64;
        let revenue = number(map, path, "revenue", "an amount ≥ 0", &|n| n >= 0.0)?.unwrap_or(0.0);
        let first = time(map, path, "first")?;
        let last = time(map, path, "last")?;
        let cur = currency(map, path, runtime)?;
        match (count, first, last) {
            (0, None, None) if revenue == 0.0 => {}
            (0, _, _) => {
                return Err(FieldError::new(
                    format!("{path}.count"),
                    "is 0, yet first, last or revenue is given: leave them out, or give the orders' count",
                ))
            }
            (_, Some(f), Some(l)) if f > l => {
                return Err(FieldError::new(format!("{path}.first"), "is after last: the first order comes first"))
            }
            (_, Some(_), Some(_)) => {}
            (_, None, _) => return Err(FieldError::new(format!("{path}.first"), "missing: the first order's date")),
            (_, _, None) => return Err(FieldError::new(format!("{path}.last"), "missing: the last order's date")),
        }
        let clamp = |at: Option<u64>| at.map(|at| at.min(now));
        Ok(KnownOrders { count, first: clamp(first), last: clamp(last), revenue, cur })
    }
}

/// A date field: an ISO 8601 string or ms since the epoch.
fn time(map: &Map, path: &str, key: &str) -> Result<Option<u64>, FieldError> {
    let at = match map.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => parse_iso8601(s).ok_or_else(|| {
            FieldError::new(format!("{path}.{key}"), format!("expected an ISO 8601 date or date-time, got \"{s}\""))
        })?,
        Some(_) => match number(map, path, key, "a date (ISO 8601 text, or ms since the epoch)", &|n| {
            n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&n)
        })? {
            Some(ms) => ms as u64,
            None => return Ok(None),
        },
    };
    Ok(Some(at))
}

/// The `currency` field: a known ISO 4217 code, any case.
fn currency(map: &Map, path: &str, runtime: &dyn Runtime) -> Result<Option<String>, FieldError> {
    match map.get("currency") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if runtime.is_currency(&s.to_ascii_uppercase()) => Ok(Some(s.to_ascii_uppercase())),
        Some(Value::String(s)) => Err(FieldError::new(
            format!("{path}.currency"),
            format!("\"{}\" is not an ISO 4217 currency code", s.chars().take(16).collect::<String>()),
        )),
        Some(other) => {
            Err(FieldError::new(format!("{path}.currency"), format!("expected a currency code, got {}", other.kind())))
        }
    }
}

impl Stored for KnownOrders {
    fn to_value(&self) -> Value {
        Out::default()
            .whole("count", self.count)
            .opt_whole("first", self.first)
            .opt_whole("last", self.last)
            .put("revenue", self.revenue)
            .opt_text("cur", &self.cur)
            .done()
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<KnownOrders, FieldError> {
        let f = Fields::of(v, path)?;
        Ok(KnownOrders {
            count: f.whole("count")?,
            first: f.opt_whole("first")?,
            last: f.opt_whole("last")?,
            revenue: f.amount("revenue")?,
            cur: f.opt_text("cur")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::ecma::WithoutRegex;

    fn parse(json: &str) -> Result<KnownOrders, FieldError> {
        let v: Value = serde_json::from_str(json).unwrap();
        KnownOrders::parse(&v, "knownOrders", 1_800_000_000_000, &WithoutRegex)
    }

    #[test]
    fn reads_dates_as_text_or_ms_and_the_currency_in_any_case() {
        let k =
            parse(r#"{"count":3,"first":"2026-01-05","last":1767916800000,"revenue":120.5,"currency":"eur"}"#).unwrap();
        assert_eq!(k.count, 3);
        assert_eq!(k.first, Some(1_767_571_200_000));
        assert_eq!(k.last, Some(1_767_916_800_000));
        assert_eq!(k.cur.as_deref(), Some("EUR"));
        assert_eq!(parse(r#"{"count":0}"#).unwrap(), KnownOrders::default());
    }

    #[test]
    fn bad_facts_name_their_field() {
        let path = |json: &str| parse(json).unwrap_err().path().to_owned();
        assert_eq!(path(r#"{"count":-1,"first":1,"last":2}"#), "knownOrders.count");
        assert_eq!(path(r#"{"count":1.5,"first":1,"last":2}"#), "knownOrders.count");
        assert_eq!(path(r#"{"count":2,"first":5,"last":2}"#), "knownOrders.first");
        assert_eq!(path(r#"{"count":2,"first":"yesterday","last":2}"#), "knownOrders.first");
        assert_eq!(path(r#"{"count":2,"first":1}"#), "knownOrders.last");
        assert_eq!(path(r#"{"count":2,"first":1,"last":2,"currency":"EUO"}"#), "knownOrders.currency");
        assert_eq!(path(r#"{"count":2,"first":1,"last":2,"revenue":-3}"#), "knownOrders.revenue");
        assert_eq!(path(r#"{"count":0,"revenue":10}"#), "knownOrders.count");
        assert_eq!(path(r#"{"count":2,"first":1,"last":2,"orders":2}"#), "knownOrders.orders");
        assert_eq!(path(r#"[]"#), "knownOrders");
    }

    #[test]
    fn times_ahead_of_now_are_now() {
        let k = parse(r#"{"count":1,"first":"2099-01-01","last":"2099-01-01"}"#).unwrap();
        assert_eq!((k.first, k.last), (Some(1_800_000_000_000), Some(1_800_000_000_000)));
    }
}
