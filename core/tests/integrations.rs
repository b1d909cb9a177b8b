//! Integrations: GA4 dataLayer pushes as in Google's documentation, Shopify Web Pixels payloads and
//! Segment ecommerce v2 calls written from their documented schemas, fed through the engine, with
//! the resulting stage and metrics checked.

mod common;

use common::{engine, json, report, DAY, T0};
use crumbtrail_core::base::value::Value;
use crumbtrail_core::consent::Consent;
use crumbtrail_core::engine::Engine;
use crumbtrail_core::integrations::datalayer::{Command, DataLayer};
use crumbtrail_core::integrations::segment::from_segment;
use crumbtrail_core::integrations::shopify::from_shopify;
use crumbtrail_core::stage::Stage;

/// Pushes each entry through a data layer into the engine; returns the consent commands seen.
fn push_all(e: &mut Engine, layer: &mut DataLayer, entries: &[&str], now: u64) -> Vec<Consent> {
    let mut consents = Vec::new();
    for entry in entries {
        match layer.read(&json(entry)) {
            Command::Track(event) => {
                e.track(&event, now).unwrap_or_else(|err| panic!("{entry}: {err}"));
            }
            Command::Consent(c) => consents.push(c),
            Command::Ignore => {}
        }
    }
    consents
}

// Google's GA4 ecommerce examples (developers.google.com/analytics/devguides/collection/ga4/ecommerce).
const VIEW_ITEM: &str = r#"{"event":"view_item","ecommerce":{"currency":"USD","value":30.03,"items":[{"item_id":"SKU_12345","item_name":"Stan and Friends Tee","affiliation":"Google Merchandise Store","coupon":"SUMMER_FUN","discount":2.22,"index":0,"item_brand":"Google","item_category":"Apparel","item_category2":"Adult","item_category3":"Shirts","item_category4":"Crew","item_category5":"Short sleeve","item_list_id":"related_products","item_list_name":"Related Products","item_variant":"green","location_id":"ChIJIQBpAG2ahYAR_6128GcTUEo","price":10.01,"quantity":3}]}}"#;
const ADD_TO_CART: &str = r#"{"event":"add_to_cart","ecommerce":{"currency":"USD","value":30.03,"items":[{"item_id":"SKU_12345","item_name":"Stan and Friends Tee","item_category":"Apparel","price":10.01,"quantity":3}]}}"#;
const PURCHASE: &str = r#"{"event":"purchase","ecommerce":{"transaction_id":"T_12345","value":72.05,"tax":3.60,"shipping":5.99,"currency":"USD","coupon":"SUMMER_SALE","items":[{"item_id":"SKU_12345","item_name":"Stan and Friends Tee","item_category":"Apparel","price":10.01,"quantity":3},{"item_id":"SKU_12346","item_name":"Google Grey Women's Tee","item_category":"Apparel","price":21.01,"quantity":2}]}}"#;

#[test]
fn ga4_object_pushes_with_ecommerce_resets_drive_the_stage() {
    let mut e = engine();
    let mut layer = DataLayer::default();
    let entries = [
        r#"{"gtm.start":1700000000000,"event":"gtm.js"}"#,
        r#"{"ecommerce":null}"#,
        VIEW_ITEM,
        r#"{"ecommerce":null}"#,
        ADD_TO_CART,
        r#"{"event":"gtm.dom"}"#,
        r#"{"ecommerce":null}"#,
        PURCHASE,
        r#"{"ecommerce":null}"#,
        r#"{"event":"purchase","ecommerce":{"transaction_id":"T_12345","value":72.05,"currency":"USD"}}"#,
    ];
    push_all(&mut e, &mut layer, &entries, T0);
    let r = report(&mut e, T0);
    assert_eq!(r.stage, Stage::Development);
    assert_eq!(
        (r.metrics.item_views, r.metrics.cart_adds, r.metrics.orders),
        (1, 1, 1),
        "a repeated transaction counts once"
    );
    assert_eq!(r.metrics.revenue, 72.05);
    assert_eq!(r.metrics.currency.as_deref(), Some("USD"));
    assert_eq!(e.profile().facts().purchased_categories, vec!["Apparel"]);
}

#[test]
fn the_ecommerce_object_persists_and_merges_until_reset() {
    let mut layer = DataLayer::default();
    let track = |c: Command| match c {
        Command::Track(v) => v,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        layer.read(&json(r#"{"ecommerce":{"currency":"EUR","items":[{"item_id":"A"},{"item_id":"B"}]}}"#)),
        Command::Ignore
    );
    let merged = track(layer.read(&json(r#"{"event":"view_item_list","ecommerce":{"items":[{"item_id":"C"}]}}"#)));
    // As in Tag Manager's model: the array merges index by index, the currency stays.
    assert_eq!(
        merged,
        json(r#"{"event":"view_item_list","ecommerce":{"currency":"EUR","items":[{"item_id":"C"},{"item_id":"B"}]}}"#)
    );
    layer.read(&json(r#"{"ecommerce":null}"#));
    assert_eq!(
        track(layer.read(&json(r#"{"event":"sign_up","method":"Google"}"#))),
        json(r#"{"event":"sign_up","method":"Google"}"#)
    );
}

#[test]
fn gtag_arguments_and_consent_mode_commands() {
    let mut e = engine();
    let mut layer = DataLayer::default();
    let consents = push_all(
        &mut e,
        &mut layer,
        &[
            r#"{"0":"consent","1":"default","2":{"ad_storage":"denied","analytics_storage":"denied","personalization_storage":"denied"}}"#,
            r#"{"0":"js","1":"2026-01-01T00:00:00.000Z"}"#,
            r#"{"0":"config","1":"G-XXXXXXX"}"#,
            r#"{"0":"event","1":"view_item","2":{"currency":"EUR","value":20,"items":[{"item_id":"A","item_category":"Shoes","price":20}]}}"#,
            r#"["event","add_to_cart",{"currency":"EUR","items":[{"item_id":"A","price":20}]}]"#,
            r#"{"0":"event","1":"login","2":{"method":"Google"}}"#,
            r#"{"0":"consent","1":"update","2":{"ad_storage":"granted"}}"#,
            r#"{"0":"consent","1":"update","2":{"personalization_storage":"granted"}}"#,
            r#"{"0":"consent","1":"update","2":{"personalization_storage":"denied"}}"#,
        ],
        T0,
    );
    assert_eq!(consents, vec![Consent::Pending, Consent::Granted, Consent::Denied]);
    let r = report(&mut e, T0);
    assert_eq!((r.stage, r.metrics.item_views, r.metrics.cart_adds), (Stage::Acquisition, 1, 1));
}

#[test]
fn a_malformed_known_event_is_tracked_and_rejected_while_unknown_entries_are_ignored() {
    let mut layer = DataLayer::default();
    let mut e = engine();
    for quiet in [r#"{"event":"gtm.click"}"#, r#"{"foo":1}"#, "42", r#""text""#, "null", r#"{"0":"set","1":{"x":1}}"#] {
        assert_eq!(layer.read(&json(quiet)), Command::Ignore, "{quiet}");
    }
    let Command::Track(bad) = layer.read(&json(r#"{"event":"purchase","ecommerce":{"value":"lots"}}"#)) else {
        panic!()
    };
    assert_eq!(e.track(&bad, T0).unwrap_err().to_string(), "ecommerce.value: expected a number, got a string");
}

// Shopify Web Pixels standard events, as documented (shopify.dev/docs/api/web-pixels-api/standard-events).
fn variant(product_id: &str, title: &str, kind: &str, price: f64) -> String {
    format!(
        r#"{{"id":"{product_id}-v1","image":{{"src":"//cdn.shopify.com/x.jpg"}},"price":{{"amount":{price},"currencyCode":"EUR"}},"product":{{"id":"{product_id}","title":"{title}","untranslatedTitle":"{title}","url":"/products/x","type":"{kind}","vendor":"Trailhead"}},"sku":"SKU-{product_id}","title":"42 / Red","untranslatedTitle":"42 / Red"}}"#
    )
}

fn shopify(name: &str, days: u64, data: &str) -> Value {
    let ts = format!("2026-01-{:02}T10:00:00.000Z", 1 + days);
    json(&format!(
        r#"{{"id":"sh-{name}-{days}","clientId":"c-1","name":"{name}","timestamp":"{ts}","context":{{"document":{{"location":{{"href":"https://shop.example/products/x"}},"title":"Trail shoe"}}}},"data":{data}}}"#
    ))
}

fn checkout(order: Option<&str>, lines: &[(String, u32)], total: f64) -> String {
    let items: Vec<String> = lines
        .iter()
        .map(|(v, q)| format!(r#"{{"id":"line","quantity":{q},"title":"x","variant":{v},"finalLinePrice":{{"amount":1,"currencyCode":"EUR"}}}}"#))
        .collect();
    let order = order.map_or(String::new(), |id| format!(r#""order":{{"id":"{id}"}},"#));
    format!(
        r#"{{"checkout":{{"currencyCode":"EUR",{order}"token":"tok-1","lineItems":[{}],"totalPrice":{{"amount":{total},"currencyCode":"EUR"}},"subtotalPrice":{{"amount":{total},"currencyCode":"EUR"}}}}}}"#,
        items.join(",")
    )
}

#[test]
fn shopify_standard_events_map_and_drive_the_stage() {
    let shoe = variant("701", "Ridge Runner", "Shoes", 129.0);
    let sock = variant("702", "Merino sock", "Socks", 19.0);
    let events = [
        shopify("page_viewed", 0, "{}"),
        shopify(
            "collection_viewed",
            0,
            &format!(r#"{{"collection":{{"id":"c-9","title":"Shoes","productVariants":[{shoe},{sock}]}}}}"#),
        ),
        shopify("product_viewed", 0, &format!(r#"{{"productVariant":{shoe}}}"#)),
        shopify(
            "product_added_to_cart",
            0,
            &format!(
                r#"{{"cartLine":{{"cost":{{"totalAmount":{{"amount":258,"currencyCode":"EUR"}}}},"merchandise":{shoe},"quantity":2}}}}"#
            ),
        ),
        shopify("checkout_started", 0, &checkout(None, &[(shoe.clone(), 2)], 258.0)),
        shopify("checkout_completed", 0, &checkout(Some("gid://shopify/Order/1001"), &[(shoe.clone(), 2)], 258.0)),
        shopify("search_submitted", 1, r#"{"searchResult":{"query":"socks"}}"#),
        shopify("checkout_completed", 20, &checkout(Some("gid://shopify/Order/1002"), &[(sock.clone(), 1)], 19.0)),
    ];
    let mut e = engine();
    let mut mapped = 0;
    let jan_1 = 1_767_261_600_000; // 2026-01-01T10:00Z, the first event
    let now = jan_1 + 21 * DAY;
    for raw in &events {
        if let Some(event) = from_shopify(raw) {
            mapped += 1;
            e.track(&event, now).unwrap_or_else(|err| panic!("{err}: {event:?}"));
        }
    }
    assert_eq!(mapped, 7, "search_submitted is not used");
    let view = from_shopify(&events[2]).unwrap();
    assert_eq!(
        view,
        json(
            r#"{"event":"view_item","ts":1767261600000,"currency":"EUR","value":129,"items":[{"item_id":"701","item_name":"Ridge Runner","item_category":"Shoes","item_variant":"42 / Red","price":129}]}"#
        )
    );
    let r = report(&mut e, now);
    assert_eq!(r.stage, Stage::Retention);
    assert_eq!((r.metrics.orders, r.metrics.revenue, r.metrics.cart_adds), (2, 277.0, 1));
    assert_eq!((r.metrics.first_seen, r.metrics.last_order_at), (Some(jan_1), Some(jan_1 + 20 * DAY)));
    assert_eq!(e.profile().facts().purchased_categories, vec!["Socks", "Shoes"]);
    let sparse =
        json(r#"{"name":"checkout_completed","data":{"checkout":{"token":"t-9","totalPrice":{"amount":"12.50"}}}}"#);
    assert_eq!(from_shopify(&sparse).unwrap(), json(r#"{"event":"purchase","transaction_id":"t-9","value":12.5}"#));
}

// Segment's ecommerce v2 spec (segment.com/docs/connections/spec/ecommerce/v2).
#[test]
fn segment_ecommerce_events_map_and_drive_the_stage() {
    let calls = [
        (
            "Product Viewed",
            r#"{"product_id":"507f1f77bcf86cd799439011","sku":"G-32","category":"Games","name":"Monopoly: 3rd Edition","brand":"Hasbro","variant":"200 pieces","price":18.99,"quantity":1,"coupon":"MAYDEALS","currency":"usd","position":3,"value":18.99,"url":"https://www.example.com/product/path","image_url":"https://www.example.com/product/path.jpg"}"#,
        ),
        (
            "Product Added",
            r#"{"cart_id":"skdjsidjsdkdj29j","product_id":"507f1f77bcf86cd799439011","sku":"G-32","category":"Games","name":"Monopoly: 3rd Edition","brand":"Hasbro","variant":"200 pieces","price":18.99,"quantity":1}"#,
        ),
        (
            "Checkout Started",
            r#"{"order_id":"50314b8e9bcf000000000000","affiliation":"Google Store","value":30,"revenue":25.00,"shipping":3,"tax":2,"discount":2.5,"coupon":"hasbros","currency":"USD","products":[{"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","name":"Monopoly: 3rd Edition","price":19,"quantity":1,"category":"Games"}]}"#,
        ),
        (
            "Order Completed",
            r#"{"checkout_id":"fksdjfsdjfisjf9sdfjsd9f","order_id":"50314b8e9bcf000000000000","affiliation":"Google Store","total":27.50,"subtotal":22.50,"revenue":25.00,"shipping":3,"tax":2,"discount":2.5,"coupon":"hasbros","currency":"USD","products":[{"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","name":"Monopoly: 3rd Edition","price":19,"quantity":1,"category":"Games"},{"product_id":"505bd76785ebb509fc183733","sku":"46493-32","name":"Uno Card Game","price":3,"quantity":2,"category":"Games"}]}"#,
        ),
        (
            "Order Completed",
            r#"{"order_id":"60314b8e9bcf000000000001","total":"12.00","currency":"USD","products":[{"product_id":"505bd76785ebb509fc183733","name":"Uno Card Game","price":3,"quantity":4,"category":"Games"}]}"#,
        ),
        (
            "Product Reviewed",
            r#"{"product_id":"507f1f77bcf86cd799439011","review_id":"kdfjrj39fj39jf3","review_body":"I love this product","rating":"5"}"#,
        ),
        (
            "Product Shared",
            r#"{"share_via":"email","share_message":"Hey, check out this item","recipient":"friend@example.com","product_id":"507f1f77bcf86cd799439011","sku":"G-32","category":"Games","name":"Monopoly: 3rd Edition"}"#,
        ),
        (
            "Signed Up",
            r#"{"type":"organic","first_name":"Peter","last_name":"Gibbons","email":"peter@example.com","username":"pgibbons"}"#,
        ),
        ("Coupon Applied", r#"{"order_id":"50314b8e9bcf000000000000","coupon_id":"d3jsk"}"#),
        ("Order Refunded", r#"{"order_id":"60314b8e9bcf000000000001"}"#),
    ];
    let mut e = engine();
    let mut mapped = 0;
    for (name, props) in calls {
        if let Some(event) = from_segment(name, &json(props)) {
            mapped += 1;
            e.track(&event, T0).unwrap_or_else(|err| panic!("{name}: {err}: {event:?}"));
        }
    }
    assert_eq!(mapped, 9, "Coupon Applied is not used");
    let purchase = from_segment("order completed", &json(calls[3].1)).unwrap();
    assert_eq!(purchase.get("value"), Some(&Value::Number(27.5)));
    assert_eq!(purchase.get("transaction_id"), Some(&Value::from("50314b8e9bcf000000000000")));
    let signed_up = from_segment("Signed Up", &json(calls[7].1)).unwrap();
    assert_eq!(signed_up, json(r#"{"event":"sign_up","method":"organic"}"#), "nothing about the person is kept");
    let r = report(&mut e, T0);
    // Two orders, one refunded: one order left; the review and the share are advocacy signals.
    assert_eq!((r.metrics.orders, r.metrics.revenue), (1, 27.5));
    assert_eq!(r.stage, Stage::Development);
    assert!(r.metrics.advocacy_signal);
    assert_eq!(r.metrics.reviews, 1);
}
