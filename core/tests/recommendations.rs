//! Recommendations on the device, through the engine and the session: the profile's purchased
//! items (stored, merged, read from older documents), the attribute `recommended` in conditions
//! and placeholders, what is left out (bought, in the cart, the page's product), ids longer than
//! the profile's stored keys, and a corrupt file refused with its code.

mod common;

use common::*;
use crumbtrail_core::decide::Catalogue;
use crumbtrail_core::profile::{stored_key, Profile, PURCHASED_ITEMS};
use crumbtrail_core::recommend::model::{write, ItemEntry, Neighbour};
use crumbtrail_core::recommend::serve::{TrailItem, TrailKind};
use crumbtrail_core::recommender::{checked, request_text, Recommender};
use crumbtrail_core::store;
use crumbtrail_core::{
    Code, Consent, Effects, Engine, Priors, Purposes, Session, StageRules, Start, Storage, StorageError, Value,
};

/// An id longer than the profile keeps as it is.
const LONG: &str = "trail-running-vest-with-two-soft-flasks-size-m";

/// A small file: boot goes with sock and lace and is followed by pack; pack goes with tent; the
/// long-id vest goes with the pack. Ids sorted, as the format requires.
fn model_text() -> String {
    let n = |item, score| Neighbour { item, score };
    let named = |id: &str, name: &str| ItemEntry {
        id: id.into(),
        name: Some(name.into()),
        href: Some(format!("/p/{id}")),
        ..ItemEntry::default()
    };
    // 0 boot, 1 lace, 2 pack, 3 sock, 4 tent, 5 the vest
    let mut entries = vec![
        ItemEntry { bought_with: vec![n(3, 60), n(1, 50)], bought_next: vec![n(2, 60)], ..named("boot", "Trail boot") },
        ItemEntry { bought_with: vec![n(0, 50)], ..named("lace", "Laces") },
        ItemEntry { bought_with: vec![n(4, 63), n(5, 40)], ..named("pack", "Daypack") },
        ItemEntry { bought_with: vec![n(0, 60)], ..named("sock", "Merino socks") },
        ItemEntry { bought_with: vec![n(2, 63)], ..named("tent", "Tent") },
        ItemEntry { bought_with: vec![n(2, 50)], ..named(LONG, "Running vest") },
    ];
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(
        entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["boot", "lace", "pack", "sock", "tent", LONG]
    );
    write(&entries, 5)
}

fn recommender() -> Recommender {
    Recommender::parse(&model_text()).expect("the test file reads")
}

fn served(messages: &str) -> Engine {
    let catalogue =
        Catalogue::from_options(&json(messages), &Value::Null, &runtime()).unwrap_or_else(|e| panic!("{e}"));
    let mut engine = Engine::new(StageRules::default(), Priors::default(), 3, T0).with_catalogue(catalogue);
    engine.recommended_by(Some(recommender().into()));
    engine
}

fn view(e: &mut Engine, now: u64, id: &str) {
    track(e, now, &format!(r#"{{"event":"view_item","items":[{{"item_id":"{id}"}}]}}"#));
}

fn cart(e: &mut Engine, now: u64, id: &str) {
    track(e, now, &format!(r#"{{"event":"add_to_cart","items":[{{"item_id":"{id}","price":5}}]}}"#));
}

fn purchase(e: &mut Engine, now: u64, order: &str, ids: &[&str]) {
    let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"item_id":"{id}","price":5}}"#)).collect();
    let event =
        format!(r#"{{"event":"purchase","transaction_id":"{order}","currency":"EUR","items":[{}]}}"#, items.join(","));
    track(e, now, &event);
}

/// What the Rust scorer ranks for the engine's shopper (host tools'; the storefront's is the
/// JavaScript module's, which tests/js/recommend-parity.test.mjs holds to the same answers).
fn ids(e: &Engine, n: usize, exclude: Option<&str>) -> Vec<String> {
    recommender().recommend(e.profile(), n, exclude).iter().map(|r| r.id.to_owned()).collect()
}

fn recommended(e: &mut Engine, page: Value) -> Value {
    e.attributes(T0 + DAY, "en", page).0.get("recommended").cloned().expect("the attribute is there")
}

#[test]
fn without_a_file_the_attribute_is_an_empty_list_and_nothing_is_recommended() {
    let mut e = engine();
    view(&mut e, T0, "boot");
    assert_eq!(recommended(&mut e, Value::Null), Value::Array(vec![]));
    assert!(e.recommended_source().is_none());
}

#[test]
fn a_view_brings_its_related_items_with_their_names_and_pages() {
    let mut e = served("[]");
    view(&mut e, T0, "boot");
    assert_eq!(ids(&e, 10, None), ["sock", "lace", "pack"], "bought-with first, then a little of bought-next");
    let Value::Array(list) = recommended(&mut e, Value::Null) else { panic!("a list") };
    let first = list.first().expect("one item at least");
    assert_eq!(first.get("id"), Some(&Value::from("sock")));
    assert_eq!(first.get("name"), Some(&Value::from("Merino socks")));
    assert_eq!(first.get("href"), Some(&Value::from("/p/sock")));
    assert!(first.get("score").and_then(Value::as_f64).is_some_and(|s| s > 0.0));
}

#[test]
fn what_was_bought_or_is_in_the_cart_and_the_pages_product_are_left_out() {
    let mut e = served("[]");
    view(&mut e, T0, "boot");
    cart(&mut e, T0 + 1, "sock");
    // Sock is in the cart: left out, and it calls for what goes with it (a viewed item may come back).
    assert_eq!(ids(&e, 10, None), ["boot", "lace", "pack"]);
    purchase(&mut e, T0 + 2, "T1", &["sock"]);
    assert!(!ids(&e, 10, None).contains(&"sock".to_owned()), "bought: {:?}", ids(&e, 10, None));
    assert!(!ids(&e, 10, Some("lace")).contains(&"lace".to_owned()));
    // The page names its product as page.product: the attribute leaves it out too.
    let page = json(r#"{"product":"lace"}"#);
    let list = recommended(&mut e, page);
    let Value::Array(items) = list else { panic!("a list") };
    let listed: Vec<_> = items.iter().filter_map(|i| i.get("id")?.as_str()).collect();
    assert!(!listed.is_empty());
    assert!(!listed.contains(&"lace") && !listed.contains(&"sock"), "{listed:?}");
}

#[test]
fn a_purchase_calls_for_what_is_bought_next() {
    let mut e = served("[]");
    purchase(&mut e, T0, "T1", &["boot"]);
    assert_eq!(ids(&e, 1, None), ["pack"], "pack follows boot");
    assert!(!ids(&e, 10, None).contains(&"boot".to_owned()));
}

#[test]
fn ids_longer_than_the_stored_keys_are_found_in_the_file() {
    assert_ne!(stored_key(LONG), LONG, "the test id is one the profile shortens");
    let mut e = served("[]");
    view(&mut e, T0, LONG);
    assert_eq!(ids(&e, 10, None), ["pack"]);
    purchase(&mut e, T0 + 1, "T1", &[LONG]);
    view(&mut e, T0 + 2, "tent");
    assert!(!ids(&e, 10, None).iter().any(|id| id == LONG), "the bought vest is left out by its long id");
}

#[test]
fn placeholders_and_conditions_read_the_recommended_items() {
    let messages = r#"[
        {"id":"goes-well","slot":"product","priority":1,"when":{"recommended.0":{"$exists":true}},
         "content":{"title":"Goes well: {{recommended.0.name}}","href":"{{recommended.0.href}}"}},
        {"id":"plain","slot":"product","content":{"title":"Hello"}}
    ]"#;
    let mut e = served(messages);
    let decide = |e: &mut Engine, page: &str| e.decide("product", json(page), "en", T0 + DAY).0.expect("a message");
    assert_eq!(decide(&mut e, "{}").id, "plain", "nothing viewed: nothing to recommend");
    view(&mut e, T0, "boot");
    let d = decide(&mut e, "{}");
    assert_eq!(d.id, "goes-well");
    assert_eq!(d.content.get("title"), Some(&Value::from("Goes well: Merino socks")));
    assert_eq!(d.content.get("href"), Some(&Value::from("/p/sock")));
    let on_socks = decide(&mut e, r#"{"product":"sock"}"#);
    assert_eq!(on_socks.content.get("title"), Some(&Value::from("Goes well: Laces")), "the page's product is left out");
    // The slot script knows no page, so it cannot leave the page's product out: the decisions kept
    // for it leave this slot to the engine rather than show socks on the socks' own page.
    let kept = e.ready("en", T0 + DAY).expect("a catalogue");
    let text = format!("{kept:?}");
    assert!(!text.contains("goes-well") && text.contains("needs_engine: true"), "{text}");
}

#[test]
fn purchased_items_are_stored_merged_bounded_and_optional_in_older_documents() {
    let mut e = engine();
    for i in 0..PURCHASED_ITEMS + 3 {
        purchase(&mut e, T0 + i as u64, &format!("T{i}"), &[&format!("item-{i}")]);
    }
    let stored = store::encode(e.profile());
    let items = stored.get("profile").and_then(|p| p.get("boughtItems")).expect("boughtItems stored");
    let Value::Object(items) = items else { panic!("an object") };
    assert_eq!(items.len(), PURCHASED_ITEMS, "bounded, the most recent kept");
    assert!(items.get("item-0").is_none() && items.get(&format!("item-{}", PURCHASED_ITEMS + 2)).is_some());
    let back = store::decode(&stored).expect("reads back").profile;
    assert_eq!(&back, e.profile());

    // A document written before the list existed reads fine, with none.
    let mut older = stored.clone();
    if let Value::Object(doc) = &mut older {
        for (_, profile) in doc.iter_mut() {
            if let Value::Object(profile) = profile {
                assert!(profile.remove("boughtItems").is_some());
            }
        }
    }
    let older = store::decode(&older).expect("an older document reads").profile;
    assert!(older.trail().iter().all(|t| t.kind != crumbtrail_core::recommend::serve::TrailKind::Purchased));

    // Two tabs' purchases merge.
    let mut a = Profile::new("v".into(), T0);
    let mut b = Profile::new("v".into(), T0);
    let (mut ea, mut eb) = (engine(), engine());
    purchase(&mut ea, T0, "A1", &["boot"]);
    purchase(&mut eb, T0 + 1, "B1", &["tent"]);
    a.merge(ea.profile(), T0 + 2);
    b.merge(eb.profile(), T0 + 2);
    a.merge(&b, T0 + 2);
    let bought: Vec<&str> = a
        .trail()
        .iter()
        .filter(|t| t.kind == crumbtrail_core::recommend::serve::TrailKind::Purchased)
        .map(|t| t.item)
        .collect();
    assert_eq!(bought, ["boot", "tent"]);
}

/// Storage that keeps nothing between pages.
struct Nowhere;

impl Storage for Nowhere {
    fn get(&self, _: &str) -> Result<Option<String>, StorageError> {
        Ok(None)
    }
    fn set(&mut self, _: &str, _: &str) -> Result<(), StorageError> {
        Ok(())
    }
    fn remove(&mut self, _: &str) -> Result<(), StorageError> {
        Ok(())
    }
    fn persists(&self) -> bool {
        false
    }
}

fn session() -> Session {
    let storage = Box::new(Nowhere);
    let catalogue = Catalogue::from_options(&json("[]"), &Value::Null, &runtime()).unwrap();
    let start = Start {
        engine: Engine::new(StageRules::default(), Priors::default(), 5, T0).with_catalogue(catalogue),
        storage,
        storage_problem: None,
        runtime: runtime(),
        key: "ct".into(),
        consent: Purposes::both(Consent::Granted),
        locale: "en".into(),
    };
    Session::open(start, &mut Effects::default(), T0)
}

#[test]
fn a_corrupt_file_is_refused_with_its_code() {
    assert_eq!(recommender().model().len(), 6);
    let corrupt = model_text().replacen("crumbtrail-recommendations 2 6", "crumbtrail-recommendations 2 7", 1);
    for bad in ["", "hello", corrupt.as_str(), &model_text().replace("\nlace", "\nLACE")] {
        let e = Recommender::parse(bad).expect_err(bad);
        assert_eq!(e.code, Code::InvalidModel);
        assert!(e.message.starts_with("recommendations: "), "{}", e.message);
    }
}

#[test]
fn a_session_takes_the_attribute_from_its_source_and_asks_with_the_trail_and_the_product() {
    let mut s = session();
    let mut fx = Effects::default();
    s.track(&json(r#"{"event":"view_item","items":[{"item_id":"boot"}]}"#), &mut fx, T0);
    let asked = json(&s.recommendation_request(500, &json(r#"{"product":"sock"}"#)));
    let expected = r#"{"n":100,"product":"sock","ids":["boot"],"kinds":"v","times":[T0]}"#;
    assert_eq!(asked, json(&expected.replace("T0", &T0.to_string())), "n is at most 100");
    let numbered = json(&s.recommendation_request(2, &json(r#"{"product":12}"#)));
    assert_eq!(numbered.get("product"), Some(&Value::from("12")), "a whole number, as GA4 allows");
    let trail = [
        TrailItem { item: "a \"quoted\"\n id", kind: TrailKind::AddedToCart, at: 7 },
        TrailItem { item: "b", kind: TrailKind::Purchased, at: T0 },
    ];
    // Ids and products that need escaping come back as they went in.
    for (trail, product) in [(&trail[..], None), (&trail[..], Some("p\u{1}")), (&[][..], None)] {
        let text = request_text(trail, 3, product);
        let asked = json(&text);
        let ids: Vec<Value> = trail.iter().map(|entry| entry.item.into()).collect();
        assert_eq!(asked.get("ids"), Some(&Value::Array(ids)), "{text}");
        assert_eq!(asked.get("product"), Some(&product.into()), "{text}");
    }
    assert_eq!(
        request_text(&trail, 3, None),
        format!(r#"{{"n":3,"product":null,"ids":["a \"quoted\"\n id","b"],"kinds":"cb","times":[7,{T0}]}}"#)
    );
    s.recommended_by(Some(recommender().into()), &mut fx);
    let Value::Array(items) = s.attributes(&mut fx, T0).get("recommended").cloned().unwrap() else { panic!("a list") };
    assert_eq!(items.len(), 3);
    s.recommended_by(None, &mut fx);
    assert_eq!(s.attributes(&mut fx, T0).get("recommended"), Some(&Value::Array(vec![])));
}

#[test]
fn what_a_source_outside_the_core_gives_is_checked_and_trimmed_to_the_attribute() {
    let good = json(
        r#"[{"id":"a","name":"A","href":null,"score":3,"extra":1},{"id":"b","score":2},
            {"id":"c","score":1},{"id":"d","score":0.5},{"id":"e","score":0.1}]"#,
    );
    let kept = checked(&good).expect("a list of items");
    let expected = r#"[{"id":"a","name":"A","href":null,"score":3},{"id":"b","name":null,"href":null,"score":2},
        {"id":"c","name":null,"href":null,"score":1},{"id":"d","name":null,"href":null,"score":0.5}]"#;
    assert_eq!(kept, json(expected), "four items, four fields each");
    for junk in [
        r#"{"id":"a"}"#,
        "null",
        r#"[1]"#,
        r#"[{"id":"","score":1}]"#,
        r#"[{"id":"a"}]"#,
        r#"[{"id":"a","score":"1"}]"#,
        r#"[{"id":"a","score":1,"name":5}]"#,
    ] {
        let e = checked(&json(junk)).expect_err(junk);
        assert_eq!(e.code, Code::InvalidArgument, "{junk}");
    }
}

#[test]
fn the_source_is_shared_not_copied_by_a_cloned_engine() {
    let e = served("[]");
    let copy = e.clone();
    assert!(e.recommended_source().unwrap().same(copy.recommended_source().unwrap()));
}

#[test]
fn many_long_ids_sharing_a_prefix_are_each_found() {
    // Shopify's variant ids: 40 characters, the stored key's prefix the same for all.
    let id = |n: u32| format!("gid://shopify/ProductVariant/{}", 40_000_000_000_u64 + u64::from(n));
    let n = |item, score| Neighbour { item, score };
    let count = 50_u32;
    let entries: Vec<ItemEntry> = (0..count)
        .map(|i| ItemEntry { id: id(i), bought_with: vec![n((i + 1) % count, 50)], ..ItemEntry::default() })
        .collect();
    assert!(entries.windows(2).all(|w| w[0].id < w[1].id));
    let e = engine();
    let served = Recommender::parse(&write(&entries, 5)).unwrap();
    for i in [0, 17, 49] {
        let mut shopper = e.clone();
        view(&mut shopper, T0, &id(i));
        let found: Vec<&str> = served.recommend(shopper.profile(), 3, None).iter().map(|r| r.id).collect();
        assert_eq!(found, [id((i + 1) % count)], "viewed {}", id(i));
    }
}
