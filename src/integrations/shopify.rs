//! Shopify's Web Pixels standard events, as crumbtrail events.
//!
//! | Shopify | crumbtrail | read |
//! |---|---|---|
//! | `page_viewed` | `page_view` | `context.document.location.href`, `context.document.title` |
//! | `product_viewed` | `view_item` | `data.productVariant` |
//! | `collection_viewed` | `view_item_list` | `data.collection.productVariants` |
//! | `product_added_to_cart` | `add_to_cart` | `data.cartLine.merchandise`, `.quantity`, `.cost.totalAmount` |
//! | `checkout_started` | `begin_checkout` | `data.checkout.lineItems`, `.totalPrice` |
//! | `checkout_completed` | `purchase` | `data.checkout.order.id` (else `.token`), `.lineItems`, `.totalPrice` |
//!
//! A product variant becomes an item: `item_id` the product's id (else the variant's, else its
//! SKU), `item_name` the product's title, `item_category` the product's type, `price` the
//! variant's price. The event's `timestamp` becomes `ts`. Everything else (vendor, discounts,
//! addresses, the customer) is left out: crumbtrail has no use for it and keeps no personal data.

use super::{at, event, number, object};
use crate::time::parse_iso8601;
use crate::value::Value;

/// The crumbtrail event for a Web Pixels event, or `None` for a kind crumbtrail does not use.
pub fn from_shopify(e: &Value) -> Option<Value> {
    let name = at(e, &["name"])?.as_str()?;
    let data = at(e, &["data"]).unwrap_or(&Value::Null);
    let ts = at(e, &["timestamp"]).and_then(Value::as_str).and_then(parse_iso8601).map(Value::from);
    Some(match name {
        "page_viewed" => event(
            "page_view",
            [
                ("ts", ts),
                ("page_location", at(e, &["context", "document", "location", "href"]).cloned()),
                ("page_title", at(e, &["context", "document", "title"]).cloned()),
            ],
        ),
        "product_viewed" => {
            let variant = at(data, &["productVariant"]);
            event(
                "view_item",
                [
                    ("ts", ts),
                    ("currency", variant.and_then(|v| at(v, &["price", "currencyCode"])).cloned()),
                    ("value", variant.and_then(|v| number(at(v, &["price", "amount"])))),
                    ("items", variant.map(|v| Value::Array(vec![item(v, None)]))),
                ],
            )
        }
        "collection_viewed" => {
            let collection = at(data, &["collection"]);
            let variants = collection.and_then(|c| at(c, &["productVariants"]));
            event(
                "view_item_list",
                [
                    ("ts", ts),
                    ("item_list_id", collection.and_then(|c| at(c, &["id"])).cloned()),
                    ("item_list_name", collection.and_then(|c| at(c, &["title"])).cloned()),
                    ("items", list(variants, |v| item(v, None))),
                ],
            )
        }
        "product_added_to_cart" => {
            let line = at(data, &["cartLine"]);
            let variant = line.and_then(|l| at(l, &["merchandise"]));
            let quantity = line.and_then(|l| at(l, &["quantity"]));
            event(
                "add_to_cart",
                [
                    ("ts", ts),
                    ("currency", line.and_then(|l| at(l, &["cost", "totalAmount", "currencyCode"])).cloned()),
                    ("value", line.and_then(|l| number(at(l, &["cost", "totalAmount", "amount"])))),
                    ("items", variant.map(|v| Value::Array(vec![item(v, quantity)]))),
                ],
            )
        }
        "checkout_started" | "checkout_completed" => {
            let checkout = at(data, &["checkout"]).unwrap_or(&Value::Null);
            let id = at(checkout, &["order", "id"]).or_else(|| at(checkout, &["token"]));
            let completed = name == "checkout_completed";
            event(
                if completed { "purchase" } else { "begin_checkout" },
                [
                    ("ts", ts),
                    ("transaction_id", id.filter(|_| completed).cloned()),
                    (
                        "currency",
                        at(checkout, &["currencyCode"])
                            .or_else(|| at(checkout, &["totalPrice", "currencyCode"]))
                            .cloned(),
                    ),
                    ("value", number(at(checkout, &["totalPrice", "amount"]))),
                    (
                        "items",
                        list(at(checkout, &["lineItems"]), |line| {
                            item(at(line, &["variant"]).unwrap_or(&Value::Null), at(line, &["quantity"]))
                        }),
                    ),
                ],
            )
        }
        _ => return None,
    })
}

fn list(v: Option<&Value>, each: impl Fn(&Value) -> Value) -> Option<Value> {
    match v? {
        Value::Array(items) => Some(Value::Array(items.iter().map(each).collect())),
        _ => None,
    }
}

/// A product variant as a GA4 item.
fn item(variant: &Value, quantity: Option<&Value>) -> Value {
    let id = at(variant, &["product", "id"]).or_else(|| at(variant, &["id"])).or_else(|| at(variant, &["sku"]));
    object([
        ("item_id", id.cloned()),
        ("item_name", at(variant, &["product", "title"]).or_else(|| at(variant, &["title"])).cloned()),
        ("item_category", at(variant, &["product", "type"]).cloned().filter(|t| t.as_str() != Some(""))),
        ("item_variant", at(variant, &["title"]).cloned()),
        ("price", number(at(variant, &["price", "amount"]))),
        ("quantity", quantity.cloned()),
    ])
}
