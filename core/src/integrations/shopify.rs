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
use crate::base::time::parse_iso8601;
use crate::base::value::Value;

type Path = &'static [&'static str];

/// Where a field of the crumbtrail event comes from in a Web Pixels event.
enum From {
    /// The first of these paths that holds something, as it is.
    Any(&'static [Path]),
    /// The first of these paths that holds a number (or a decimal string).
    Number(&'static [Path]),
    /// What is here, as it is, unless it is an empty string.
    NonEmpty(Path),
    /// The event's `timestamp` (ISO 8601), as milliseconds.
    Time,
    /// The product variant here, as the event's one item.
    Variant(Path),
    /// The cart line here: its merchandise as the one item, with the line's quantity.
    CartLine(Path),
    /// The product variants here, each an item.
    Variants(Path),
    /// The checkout's line items here, each its variant with the line's quantity.
    LineItems(Path),
}
use From::*;

type Fields = &'static [(&'static str, From)];

const CHECKOUT_CURRENCY: From =
    Any(&[&["data", "checkout", "currencyCode"], &["data", "checkout", "totalPrice", "currencyCode"]]);
const CHECKOUT_VALUE: From = Number(&[&["data", "checkout", "totalPrice", "amount"]]);
const CHECKOUT_ITEMS: From = LineItems(&["data", "checkout", "lineItems"]);

/// Each event crumbtrail uses: its Shopify name, its crumbtrail name, its fields.
const EVENTS: &[(&str, &str, Fields)] = &[
    (
        "page_viewed",
        "page_view",
        &[
            ("ts", Time),
            ("page_location", Any(&[&["context", "document", "location", "href"]])),
            ("page_title", Any(&[&["context", "document", "title"]])),
        ],
    ),
    (
        "product_viewed",
        "view_item",
        &[
            ("ts", Time),
            ("currency", Any(&[&["data", "productVariant", "price", "currencyCode"]])),
            ("value", Number(&[&["data", "productVariant", "price", "amount"]])),
            ("items", Variant(&["data", "productVariant"])),
        ],
    ),
    (
        "collection_viewed",
        "view_item_list",
        &[
            ("ts", Time),
            ("item_list_id", Any(&[&["data", "collection", "id"]])),
            ("item_list_name", Any(&[&["data", "collection", "title"]])),
            ("items", Variants(&["data", "collection", "productVariants"])),
        ],
    ),
    (
        "product_added_to_cart",
        "add_to_cart",
        &[
            ("ts", Time),
            ("currency", Any(&[&["data", "cartLine", "cost", "totalAmount", "currencyCode"]])),
            ("value", Number(&[&["data", "cartLine", "cost", "totalAmount", "amount"]])),
            ("items", CartLine(&["data", "cartLine"])),
        ],
    ),
    (
        "checkout_started",
        "begin_checkout",
        &[("ts", Time), ("currency", CHECKOUT_CURRENCY), ("value", CHECKOUT_VALUE), ("items", CHECKOUT_ITEMS)],
    ),
    (
        "checkout_completed",
        "purchase",
        &[
            ("ts", Time),
            ("transaction_id", Any(&[&["data", "checkout", "order", "id"], &["data", "checkout", "token"]])),
            ("currency", CHECKOUT_CURRENCY),
            ("value", CHECKOUT_VALUE),
            ("items", CHECKOUT_ITEMS),
        ],
    ),
];

/// A product variant as a GA4 item (its quantity comes from the line that holds it).
const ITEM: Fields = &[
    ("item_id", Any(&[&["product", "id"], &["id"], &["sku"]])),
    ("item_name", Any(&[&["product", "title"], &["title"]])),
    ("item_category", NonEmpty(&["product", "type"])),
    ("item_variant", Any(&[&["title"]])),
    ("price", Number(&[&["price", "amount"]])),
];

/// The crumbtrail event for a Web Pixels event, or `None` for a kind crumbtrail does not use.
pub fn from_shopify(e: &Value) -> Option<Value> {
    let name = at(e, &["name"])?.as_str()?;
    let (_, kind, fields) = EVENTS.iter().find(|(shopify, _, _)| *shopify == name)?;
    Some(event(kind, fields.iter().map(|(key, from)| (*key, read(e, from)))))
}

fn read(v: &Value, from: &From) -> Option<Value> {
    let list = |path: Path, each: &dyn Fn(&Value) -> Value| match at(v, path)? {
        Value::Array(items) => Some(Value::Array(items.iter().map(each).collect())),
        _ => None,
    };
    match from {
        Any(paths) => paths.iter().find_map(|path| at(v, path)).cloned(),
        Number(paths) => paths.iter().find_map(|path| number(at(v, path))),
        NonEmpty(path) => at(v, path).filter(|t| t.as_str() != Some("")).cloned(),
        Time => at(v, &["timestamp"]).and_then(Value::as_str).and_then(parse_iso8601).map(Value::from),
        Variant(path) => at(v, path).map(|variant| Value::Array(vec![item(variant, None)])),
        CartLine(path) => {
            let line = at(v, path)?;
            let variant = at(line, &["merchandise"])?;
            Some(Value::Array(vec![item(variant, at(line, &["quantity"]))]))
        }
        Variants(path) => list(path, &|variant| item(variant, None)),
        LineItems(path) => {
            list(path, &|line| item(at(line, &["variant"]).unwrap_or(&Value::Null), at(line, &["quantity"])))
        }
    }
}

fn item(variant: &Value, quantity: Option<&Value>) -> Value {
    let fields = ITEM.iter().map(|(key, from)| (*key, read(variant, from)));
    object(fields.chain([("quantity", quantity.cloned())]))
}
