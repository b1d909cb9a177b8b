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
use crate::value::Value;

/// The crumbtrail event for a Segment `track` call, or `None` for an event crumbtrail does not use.
pub fn from_segment(name: &str, p: &Value) -> Option<Value> {
    let field = |key: &str| at(p, &[key]).cloned();
    let first = |keys: &[&str]| keys.iter().find_map(|k| number(at(p, &[k])));
    let product = |kind: &str| {
        event(
            kind,
            [
                ("currency", field("currency")),
                ("value", first(&["value", "price"])),
                ("items", Some(Value::Array(vec![item(p)]))),
            ],
        )
    };
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "product viewed" => product("view_item"),
        "product added" => product("add_to_cart"),
        "checkout started" => event(
            "begin_checkout",
            [("currency", field("currency")), ("value", first(&["value", "revenue"])), ("items", products(p))],
        ),
        "order completed" => event(
            "purchase",
            [
                ("transaction_id", field("order_id")),
                ("currency", field("currency")),
                ("value", first(&["total", "revenue", "value"])),
                ("items", products(p)),
            ],
        ),
        "order refunded" => event(
            "refund",
            [
                ("transaction_id", field("order_id")),
                ("currency", field("currency")),
                ("value", first(&["total", "value"])),
            ],
        ),
        "product reviewed" => event("review", [("rating", number(at(p, &["rating"])))]),
        "product shared" => {
            event("share", [("method", field("share_via")), ("items", Some(Value::Array(vec![item(p)])))])
        }
        "signed up" => event("sign_up", [("method", field("type"))]),
        _ => return None,
    })
}

fn products(p: &Value) -> Option<Value> {
    match at(p, &["products"])? {
        Value::Array(list) => Some(Value::Array(list.iter().map(item).collect())),
        _ => None,
    }
}

/// A Segment product as a GA4 item.
fn item(product: &Value) -> Value {
    let field = |key: &str| at(product, &[key]).cloned();
    object([
        ("item_id", field("product_id").or_else(|| field("sku"))),
        ("item_name", field("name")),
        ("item_category", field("category")),
        ("item_variant", field("variant")),
        ("item_brand", field("brand")),
        ("price", number(at(product, &["price"]))),
        ("quantity", number(at(product, &["quantity"]))),
    ])
}
