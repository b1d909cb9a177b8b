//! Segment's ecommerce spec (v2), as crumbtrail events.
//!
//! | Segment | crumbtrail | read |
//! |---|---|---|
//! | Product Viewed | `view_item` | the product's fields, `currency`, `value` (else `price`) |
//! | Product Added | `add_to_cart` | the same |
//! | Checkout Started | `begin_checkout` | `products`, `currency`, `value` (else `revenue`) |
//! | Order Completed | `purchase` | `order_id`, `products`, `currency`, `total` (else `revenue`, else `value`) |
//! | Order Refunded | `refund` | `order_id`, `currency`, `total` (else `value`) |
//! | Product Reviewed | `review` | `rating` |
//! | Product Shared | `share` | `share_via` as `method` |
//! | Signed Up | `sign_up` | `type` as `method` |
//!
//! A product becomes an item: `product_id` (else `sku`) as `item_id`, `name`, `category`, `price`,
//! `quantity`, `variant`, `brand`. Names match without regard to case. Coupons, discounts, tax,
//! shipping, affiliations and anything about the person are left out.

use super::{at, event, number, object};
use crate::base::value::Value;

/// Where a field of the crumbtrail event comes from in the Segment properties.
enum From {
    /// The first of these properties that is present, as it is.
    Any(&'static [&'static str]),
    /// The first of these properties that holds a number (or a decimal string).
    Number(&'static [&'static str]),
    /// The properties themselves, as the one product of the event.
    Product,
    /// `products`, each a product.
    Products,
}
use From::*;

type Fields = &'static [(&'static str, From)];

/// Each event crumbtrail uses: its Segment name (lower case), its crumbtrail name, its fields.
const EVENTS: &[(&str, &str, Fields)] = &[
    (
        "product viewed",
        "view_item",
        &[("currency", Any(&["currency"])), ("value", Number(&["value", "price"])), ("items", Product)],
    ),
    (
        "product added",
        "add_to_cart",
        &[("currency", Any(&["currency"])), ("value", Number(&["value", "price"])), ("items", Product)],
    ),
    (
        "checkout started",
        "begin_checkout",
        &[("currency", Any(&["currency"])), ("value", Number(&["value", "revenue"])), ("items", Products)],
    ),
    (
        "order completed",
        "purchase",
        &[
            ("transaction_id", Any(&["order_id"])),
            ("currency", Any(&["currency"])),
            ("value", Number(&["total", "revenue", "value"])),
            ("items", Products),
        ],
    ),
    (
        "order refunded",
        "refund",
        &[
            ("transaction_id", Any(&["order_id"])),
            ("currency", Any(&["currency"])),
            ("value", Number(&["total", "value"])),
        ],
    ),
    ("product reviewed", "review", &[("rating", Number(&["rating"]))]),
    ("product shared", "share", &[("method", Any(&["share_via"])), ("items", Product)]),
    ("signed up", "sign_up", &[("method", Any(&["type"]))]),
];

/// A Segment product as a GA4 item.
const PRODUCT: Fields = &[
    ("item_id", Any(&["product_id", "sku"])),
    ("item_name", Any(&["name"])),
    ("item_category", Any(&["category"])),
    ("item_variant", Any(&["variant"])),
    ("item_brand", Any(&["brand"])),
    ("price", Number(&["price"])),
    ("quantity", Number(&["quantity"])),
];

/// The crumbtrail event for a Segment `track` call, or `None` for an event crumbtrail does not use.
pub fn from_segment(name: &str, p: &Value) -> Option<Value> {
    let name = name.trim().to_ascii_lowercase();
    let (_, kind, fields) = EVENTS.iter().find(|(segment, _, _)| *segment == name)?;
    Some(event(kind, fields.iter().map(|(key, from)| (*key, read(p, from)))))
}

fn read(p: &Value, from: &From) -> Option<Value> {
    match from {
        Any(keys) => keys.iter().find_map(|k| at(p, &[*k])).cloned(),
        Number(keys) => keys.iter().find_map(|k| number(at(p, &[*k]))),
        Product => Some(Value::Array(vec![product(p)])),
        Products => match at(p, &["products"])? {
            Value::Array(list) => Some(Value::Array(list.iter().map(product).collect())),
            _ => None,
        },
    }
}

fn product(p: &Value) -> Value {
    object(PRODUCT.iter().map(|(key, from)| (*key, read(p, from))))
}
