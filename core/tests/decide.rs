//! Decisions (DESIGN §8): every eligibility rule with both outcomes, ranking, holdouts, locales,
//! placeholders, reasons, catalogue validation, and message state across reloads and tabs.

mod common;

use common::{buy, json, runtime, track, DAY, T0};
use crumbtrail_core::decide::{Catalogue, Decision};
use crumbtrail_core::profile::stored_key;
use crumbtrail_core::store;
use crumbtrail_core::{profile::messages::Interaction, Engine, Priors, StageRules, Value};

fn catalogue(messages: &str) -> Catalogue {
    Catalogue::from_options(&json(messages), &json(r#"{"vip":["v-1"]}"#), &runtime()).unwrap_or_else(|e| panic!("{e}"))
}

fn engine(messages: &str) -> Engine {
    engine_seeded(messages, 1)
}

fn engine_seeded(messages: &str, seed: u64) -> Engine {
    engine_at(messages, seed, T0)
}

fn engine_at(messages: &str, seed: u64, now: u64) -> Engine {
    Engine::new(StageRules::default(), Priors::default(), seed, now).with_catalogue(catalogue(messages))
}

fn decide(e: &mut Engine, slot: &str, now: u64) -> Option<Decision> {
    decide_on(e, slot, Value::Null, now)
}

fn decide_on(e: &mut Engine, slot: &str, page: Value, now: u64) -> Option<Decision> {
    e.decide(slot, page, "en", now).0
}

fn id(d: Option<Decision>) -> Option<String> {
    d.map(|d| d.id)
}

/// What a reload does: a new engine (new tab) reading the stored document.
fn reload(e: &Engine, messages: &str, now: u64) -> Engine {
    let stored = store::decode(&e.document().to_value()).expect("stored document reads back");
    let mut fresh = engine_at(messages, 99, now);
    fresh.absorb(&stored.profile, now);
    fresh
}

const HERO: &str = r#"[
  {"id":"welcome","slot":"hero","stages":["reach"],"content":{"title":"Welcome"}},
  {"id":"first-order","slot":"hero","stages":["acquisition"],"priority":1,"content":{"title":"10% off your first order"}},
  {"id":"pdp-note","slot":"pdp","content":{"title":"Free returns"}}
]"#;

#[test]
fn slot_and_stage_decide_eligibility() {
    let mut e = engine(HERO);
    assert_eq!(id(decide(&mut e, "hero", T0)), Some("welcome".into()));
    assert_eq!(id(decide(&mut e, "pdp", T0)), Some("pdp-note".into()));
    assert_eq!(decide(&mut e, "footer", T0), None);
    track(&mut e, T0, r#"{"event":"add_to_cart","items":[{"item_id":"SKU-1","price":20}]}"#);
    let d = decide(&mut e, "hero", T0).unwrap();
    assert_eq!((d.id.as_str(), d.stage.as_str()), ("first-order", "acquisition"));
    assert_eq!(d.content, json(r#"{"title":"10% off your first order"}"#));
}

const SHOES: &str = r#"[
  {"id":"loyalty","slot":"hero","stages":["retention"],"priority":2,"content":{"title":"Join the club"}},
  {"id":"more-shoes","slot":"hero","stages":["retention"],"priority":4,
   "when":{"purchasedCategories":{"$in":["shoes"]}},
   "content":{"title":"More {{purchasedCategories.0}} for you"}}
]"#;

fn retained_buyer(messages: &str, category: &str) -> Engine {
    let mut e = engine(messages);
    let item = format!(
        r#"{{"event":"purchase","transaction_id":"A","value":50,"currency":"EUR","items":[{{"item_id":"X","item_category":"{category}","price":50}}]}}"#
    );
    track(&mut e, T0, &item);
    buy(&mut e, T0 + DAY, "B");
    e
}

/// A decision's reasons as `code {values}; …`, the values as JSON.
fn reasons(d: &crumbtrail_core::decide::Decision) -> String {
    let listed = |code| crumbtrail_core::decide::DECISION_REASON_CODES.contains(&code);
    assert!(d.reasons.iter().all(|r| listed(r.code)), "{:?}", d.reasons);
    d.reasons
        .iter()
        .map(|r| format!("{} {}", r.code, serde_json::to_string(&r.values).unwrap()))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn when_conditions_and_priorities_choose_and_explain() {
    let mut shoe_buyer = retained_buyer(SHOES, "shoes");
    let d = decide(&mut shoe_buyer, "hero", T0 + 2 * DAY).unwrap();
    assert_eq!(d.id, "more-shoes");
    assert_eq!(d.content, json(r#"{"title":"More shoes for you"}"#));
    assert_eq!(
        reasons(&d),
        r#"stage {"stage":"retention"}; condition {"condition":"purchasedCategories in [\"shoes\"]"}; priority_beat {"other":"loyalty","otherPriority":2,"priority":4}"#
    );
    let mut bag_buyer = retained_buyer(SHOES, "bags");
    let d = decide(&mut bag_buyer, "hero", T0 + 2 * DAY).unwrap();
    assert_eq!(d.id, "loyalty");
    assert_eq!(reasons(&d), r#"stage {"stage":"retention"}; only_eligible {"slot":"hero"}"#);
}

#[test]
fn conditions_see_the_page_context() {
    let messages =
        r#"[{"id":"sale","slot":"hero","when":{"page.path":{"$regex":"^/sale"}},"content":{"title":"Sale"}}]"#;
    let mut e = engine(messages);
    assert_eq!(id(decide_on(&mut e, "hero", json(r#"{"path":"/sale/shoes"}"#), T0)), Some("sale".into()));
    assert_eq!(decide_on(&mut e, "hero", json(r#"{"path":"/shoes"}"#), T0), None);
    assert_eq!(decide(&mut e, "hero", T0), None);
}

#[test]
fn saved_groups_are_usable_in_when() {
    let messages = r#"[{"id":"vip","slot":"hero","when":{"page.user":{"$inGroup":"vip"}},"content":{"title":"Hi"}}]"#;
    let mut e = engine(messages);
    assert!(decide_on(&mut e, "hero", json(r#"{"user":"v-1"}"#), T0).is_some());
    assert!(decide_on(&mut e, "hero", json(r#"{"user":"v-2"}"#), T0).is_none());
}

#[test]
fn schedules_bound_a_message_in_time() {
    let messages =
        r#"[{"id":"xmas","slot":"hero","start":"2026-12-01","end":"2026-12-27T00:00:00+01:00","content":{"t":"x"}}]"#;
    let mut e = engine(messages);
    let dec_1 = 1_796_083_200_000; // 2026-12-01T00:00Z
    assert_eq!(decide(&mut e, "hero", dec_1 - 1), None);
    assert!(decide(&mut e, "hero", dec_1).is_some());
    let end = 1_798_326_000_000; // 2026-12-26T23:00Z
    assert!(decide(&mut e, "hero", end - 1).is_some());
    assert_eq!(decide(&mut e, "hero", end), None);
}

const CAPPED: &str = r#"[
  {"id":"promo","slot":"hero","priority":1,"cap":{"impressions":2,"days":7},"content":{"t":"promo"}},
  {"id":"fallback","slot":"hero","content":{"t":"fallback"}}
]"#;

#[test]
fn frequency_caps_use_a_rolling_window_and_survive_reloads() {
    let mut e = engine(CAPPED);
    assert_eq!(id(decide(&mut e, "hero", T0)), Some("promo".into()));
    e.interact("promo", Interaction::Seen, T0).unwrap();
    let d = decide(&mut e, "hero", T0 + 1000).unwrap();
    assert_eq!((d.reasons[1].code, &d.reasons[1].values), ("cap", &json(r#"{"shown":1,"impressions":2,"days":7}"#)));
    e.interact("promo", Interaction::Seen, T0 + 2 * DAY).unwrap();
    assert_eq!(id(decide(&mut e, "hero", T0 + 2 * DAY)), Some("fallback".into()));
    let mut reloaded = reload(&e, CAPPED, T0 + 3 * DAY);
    assert_eq!(id(decide(&mut reloaded, "hero", T0 + 3 * DAY)), Some("fallback".into()));
    // Seven days after the first impression only one is left in the window.
    assert_eq!(id(decide(&mut reloaded, "hero", T0 + 7 * DAY + 1)), Some("promo".into()));
}

#[test]
fn impressions_from_two_tabs_add_up() {
    let mut a = engine(CAPPED);
    let mut b = reload(&a, CAPPED, T0);
    a.interact("promo", Interaction::Seen, T0 + 10).unwrap();
    b.interact("promo", Interaction::Seen, T0 + 20).unwrap();
    assert_eq!(id(decide(&mut a, "hero", T0 + 30)), Some("promo".into()));
    a.absorb(b.profile(), T0 + 30);
    assert_eq!(id(decide(&mut a, "hero", T0 + 30)), Some("fallback".into()));
    // Merging again changes nothing (idempotent).
    a.absorb(b.profile(), T0 + 40);
    assert_eq!(a.profile().messages.get("promo").unwrap().shown, vec![T0 + 20, T0 + 10]);
}

#[test]
fn dismissal_starts_a_cooldown() {
    let messages =
        r#"[{"id":"a","slot":"s","cooldownDays":10,"content":{"t":"a"}},{"id":"b","slot":"s","content":{"t":"b"}}]"#;
    let mut e = engine(messages);
    e.interact("a", Interaction::Dismissed, T0).unwrap();
    e.interact("b", Interaction::Dismissed, T0).unwrap();
    assert_eq!(decide(&mut e, "s", T0 + 9 * DAY), None);
    let mut reloaded = reload(&e, messages, T0 + 9 * DAY);
    assert_eq!(decide(&mut reloaded, "s", T0 + 9 * DAY), None);
    assert_eq!(id(decide(&mut reloaded, "s", T0 + 11 * DAY)), Some("a".into()));
    // b has the default cooldown of 30 days.
    assert_eq!(decide(&mut reloaded, "s", T0 + 29 * DAY).map(|d| d.id), Some("a".into()));
    e.interact("a", Interaction::Dismissed, T0 + 11 * DAY).unwrap();
    assert_eq!(id(decide(&mut e, "s", T0 + 31 * DAY)), Some("b".into()));
}

#[test]
fn stop_after_click_hides_a_message_for_good() {
    let messages = r#"[{"id":"once","slot":"s","stopAfterClick":true,"content":{"t":"a"}},{"id":"again","slot":"t","content":{"t":"b"}}]"#;
    let mut e = engine(messages);
    e.interact("once", Interaction::Clicked, T0).unwrap();
    e.interact("again", Interaction::Clicked, T0).unwrap();
    let mut reloaded = reload(&e, messages, T0 + 400 * DAY);
    assert_eq!(decide(&mut reloaded, "s", T0 + 400 * DAY), None);
    assert_eq!(id(decide(&mut reloaded, "t", T0 + 400 * DAY)), Some("again".into()));
}

#[test]
fn ties_break_by_visitor_hash_stably_and_spread() {
    let messages = r#"[{"id":"x","slot":"s","content":{"t":"x"}},{"id":"y","slot":"s","content":{"t":"y"}}]"#;
    let mut wins_x = 0;
    for seed in 0..200 {
        let mut e = engine_seeded(messages, seed);
        let first = decide(&mut e, "s", T0).unwrap();
        assert_eq!(first.reasons.last().unwrap().code, "priority_tied", "{:?}", first.reasons);
        let mut again = reload(&e, messages, T0 + DAY);
        assert_eq!(decide(&mut again, "s", T0 + DAY).unwrap().id, first.id, "same shopper, same message");
        wins_x += usize::from(first.id == "x");
    }
    assert!((60..=140).contains(&wins_x), "x won {wins_x} of 200");
}

#[test]
fn holdouts_skip_a_share_of_shoppers_and_say_so() {
    let messages = r#"[{"id":"test","slot":"s","priority":1,"holdout":0.3,"content":{"t":"test"}},{"id":"base","slot":"s","content":{"t":"base"}}]"#;
    let mut held = 0;
    for seed in 0..400 {
        let mut e = engine_seeded(messages, seed);
        let d = decide(&mut e, "s", T0).unwrap();
        if d.id == "base" {
            held += 1;
            assert_eq!(d.held_out, vec!["test".to_owned()]);
        } else {
            assert!(d.held_out.is_empty());
        }
        let mut again = reload(&e, messages, T0 + 1);
        assert_eq!(decide(&mut again, "s", T0 + 1).unwrap().id, d.id, "a holdout is stable");
    }
    assert!((80..=160).contains(&held), "held out {held} of 400");
    let all = r#"[{"id":"test","slot":"s","holdout":1,"content":{"t":"t"}}]"#;
    assert_eq!(decide(&mut engine(all), "s", T0), None);
}

#[test]
fn content_follows_the_locale() {
    let messages = r#"[{"id":"w","slot":"s","content":{"en":{"t":"Welcome"},"nl":{"t":"Welkom"},"nl-BE":{"t":"Welkom in België"}}}]"#;
    let mut e = engine(messages);
    let t = |e: &mut Engine, locale: &str| e.decide("s", Value::Null, locale, T0).0.unwrap().content.get("t").cloned();
    assert_eq!(t(&mut e, "nl-BE"), Some("Welkom in België".into()));
    assert_eq!(t(&mut e, "nl-NL"), Some("Welkom".into()));
    assert_eq!(t(&mut e, "fr-FR"), Some("Welcome".into()));
}

#[test]
fn a_decision_names_the_language_of_its_variant_so_that_the_banner_can_be_marked() {
    let messages = r#"[{"id":"w","slot":"s","content":{"en":{"t":"Welcome"},"nl-BE":{"t":"Welkom"}}},
                       {"id":"one","slot":"t","content":{"t":"In the page's language"}}]"#;
    let mut e = engine(messages);
    let lang = |e: &mut Engine, slot: &str, locale: &str| e.decide(slot, Value::Null, locale, T0).0.unwrap().lang;
    assert_eq!(lang(&mut e, "s", "nl-be").as_deref(), Some("nl-BE"), "the tag as the catalogue writes it");
    assert_eq!(lang(&mut e, "s", "fr").as_deref(), Some("en"), "the fallback's tag");
    assert_eq!(lang(&mut e, "t", "nl"), None, "content without variants is in the page's language");
    let d = e.decide("s", Value::Null, "nl", T0).0.unwrap().into_value();
    assert_eq!(d.get("lang"), Some(&"en".into()));
    let d = e.decide("t", Value::Null, "nl", T0).0.unwrap().into_value();
    assert_eq!(d.get("lang"), None, "absent rather than null");
}

#[test]
fn a_placeholder_without_value_or_fallback_makes_the_message_ineligible() {
    let messages = r#"[
      {"id":"named","slot":"s","priority":2,"content":{"t":"Back for {{recentItems.0}}?"}},
      {"id":"fallback","slot":"s","priority":1,"content":{"t":"More {{purchasedCategories.0 | of our range}}"}}
    ]"#;
    let mut e = engine(messages);
    let d = decide(&mut e, "s", T0).unwrap();
    assert_eq!((d.id.as_str(), d.content.get("t")), ("fallback", Some(&"More of our range".into())));
    track(&mut e, T0, r#"{"event":"view_item","items":[{"item_id":"SKU-9"}]}"#);
    assert_eq!(decide(&mut e, "s", T0).unwrap().content, json(r#"{"t":"Back for SKU-9?"}"#));
}

#[test]
fn catalogue_mistakes_name_their_place() {
    let ok = r#"{"id":"ok","slot":"s","content":{}}"#;
    for (bad, error) in [
        (
            r#"{"id":"x","slot":"s","when":{"orders":{"$gte2":2}},"content":{}}"#,
            r#"messages[1].when: unknown operator "$gte2""#,
        ),
        (
            r#"{"id":"x","slot":"s","when":{"a":{"$regex":"("}},"content":{}}"#,
            r#"messages[1].when: $regex: invalid regular expression "(""#,
        ),
        (r#"{"id":"x","slot":"s","stages":["lapse"],"content":{}}"#, r#"messages[1].stages[0]: unknown stage "lapse""#),
        (r#"{"slot":"s","content":{}}"#, "messages[1].id: missing"),
        (r#"{"id":"ok","slot":"s","content":{}}"#, r#"messages[1].id: duplicate id "ok" (also messages[0])"#),
        (
            r#"{"id":"x","slot":"s","cap":{"impressions":0,"days":7},"content":{}}"#,
            "messages[1].cap.impressions: expected a whole number from 1 to 6, got 0",
        ),
        (r#"{"id":"x","slot":"s","cap":{"impressions":2},"content":{}}"#, "messages[1].cap.days: missing"),
        (
            r#"{"id":"x","slot":"s","start":"2026-12-01T10:00","content":{}}"#,
            "messages[1].start: expected an ISO 8601 date",
        ),
        (
            r#"{"id":"x","slot":"s","start":"2026-12-02","end":"2026-12-01","content":{}}"#,
            "messages[1].end: must be later than start",
        ),
        (
            r#"{"id":"x","slot":"s","holdout":1.5,"content":{}}"#,
            "messages[1].holdout: expected a share from 0 to 1, got a number out of range",
        ),
        (r#"{"id":"x","slot":"s","content":{"t":"{{name"}}"#, r#"messages[1].content.t: unclosed placeholder"#),
        (r#"{"id":"x","slot":"s","priorty":3,"content":{}}"#, "messages[1].priorty: unknown option"),
        (
            r#"{"id":"x","slot":"s","when":{"a":{"$inGroup":"nobody"}},"content":{}}"#,
            r#"messages[1].when: $inGroup: unknown saved group "nobody""#,
        ),
        (r#"{"id":"x","content":{}}"#, "messages[1].slot: missing"),
    ] {
        let list = json(&format!("[{ok},{bad}]"));
        let message = Catalogue::from_options(&list, &json(r#"{"vip":[]}"#), &runtime()).unwrap_err().to_string();
        assert!(message.starts_with(error), "{bad}\n got: {message}\n want: {error}");
    }
    let groups = Catalogue::from_options(&json("[]"), &json(r#"{"vip":"v-1"}"#), &runtime()).unwrap_err();
    assert_eq!(groups.to_string(), "savedGroups.vip: expected an array, got a string");
}

#[test]
fn unknown_message_ids_are_refused() {
    let mut e = engine(HERO);
    assert_eq!(
        e.interact("nope", Interaction::Seen, T0).unwrap_err().to_string(),
        r#"no message "nope" in the catalogue"#
    );
    assert!(e.profile().messages.is_empty());
}

#[test]
fn message_state_stays_bounded() {
    let list: Vec<String> = (0..100)
        .map(|i| format!(r#"{{"id":"message-with-a-fairly-long-id-{i:03}","slot":"s","content":{{}}}}"#))
        .collect();
    let messages = format!("[{}]", list.join(","));
    let mut e = engine(&messages);
    // Every message touched, then the last 12 shown again and again: the worst case for size.
    for round in 0..20 {
        let ids = if round < 10 { 0..100 } else { 88..100 };
        for i in ids {
            let at = T0 + (round * 100 + i) * 60_000;
            for what in [Interaction::Seen, Interaction::Clicked, Interaction::Dismissed] {
                e.interact(&format!("message-with-a-fairly-long-id-{i:03}"), what, at).unwrap();
            }
        }
    }
    let log = &e.profile().messages;
    assert_eq!(log.len(), crumbtrail_core::profile::messages::MESSAGES_KEPT);
    // The most recently touched are the ones kept.
    assert!(log.get(&stored_key("message-with-a-fairly-long-id-099")).is_some());
    assert!(log.get(&stored_key("message-with-a-fairly-long-id-000")).is_none());
    let bytes = serde_json::to_string(&log_value(&e)).unwrap().len();
    println!("message state of {} messages: {bytes} bytes", log.len());
    assert!(bytes < 2_500, "{bytes} bytes");
}

fn log_value(e: &Engine) -> Value {
    e.document().to_value().get("profile").and_then(|p| p.get("messages")).cloned().unwrap()
}

#[test]
fn predictions_are_there_when_a_message_reads_them() {
    let messages = r#"[
      {"id":"likely","slot":"s","priority":1,"when":{"pAlive":{"$gt":0.5}},"content":{"t":"{{expectedOrders90d}} orders ahead"}},
      {"id":"other","slot":"s","content":{"t":"other"}}
    ]"#;
    let mut e = retained_buyer(messages, "shoes");
    let d = decide(&mut e, "s", T0 + 2 * DAY).unwrap();
    assert_eq!(d.id, "likely");
    let text = d.content.get("t").and_then(Value::as_str).unwrap().to_owned();
    let expected: f64 = text.split(' ').next().unwrap().parse().unwrap();
    assert!(expected > 0.0, "{text}");
    // Long after the last order the shopper is unlikely to be active: the condition fails.
    assert_eq!(decide(&mut e, "s", T0 + 2000 * DAY).unwrap().id, "other");
}

#[test]
fn a_message_can_target_expected_revenue_over_90_days() {
    let messages = r#"[
      {"id":"valuable","slot":"s","priority":1,"when":{"expectedRevenue90d":{"$gt":100}},"content":{"t":"{{expectedOrderValue}}"}},
      {"id":"other","slot":"s","content":{"t":"other"}}
    ]"#;
    let shopper = |value: u32| {
        let mut e = engine(messages);
        for (day, id) in [(0, "A"), (1, "B")] {
            let order = format!(r#"{{"event":"purchase","transaction_id":"{id}","value":{value},"currency":"EUR"}}"#);
            track(&mut e, T0 + day * DAY, &order);
        }
        decide(&mut e, "s", T0 + 2 * DAY).unwrap()
    };
    // Two order days of 500: expected value ≈ 358, revenue over 90 days well above 100.
    let big = shopper(500);
    assert_eq!(big.id, "valuable");
    let value: f64 = big.content.get("t").and_then(Value::as_str).unwrap().parse().unwrap();
    assert!((value - 6.25 * (15.44 + 500.0) / (6.25 + 2.74)).abs() < 1e-9, "{value}");
    // Two order days of 5: expected value ≈ 14, revenue below 100.
    assert_eq!(shopper(5).id, "other");
}
