//! Decisions kept ready: the timeline of what each slot shows without page context, from now
//! until each moment that time alone changes it — checked against what the engine itself would
//! decide at those times.

mod common;

use common::{buy, json, runtime, track, DAY, T0};
use crumbtrail_core::decide::ready::{self, Logged, Shown, Timeline};
use crumbtrail_core::decide::Catalogue;
use crumbtrail_core::{profile::messages::Interaction, Engine, Priors, StageRules, Value};

fn engine(messages: &str) -> Engine {
    let catalogue =
        Catalogue::from_options(&json(messages), &Value::Null, &runtime()).unwrap_or_else(|e| panic!("{e}"));
    Engine::new(StageRules::default(), Priors::default(), 1, T0).with_catalogue(catalogue)
}

fn timeline(e: &Engine, now: u64) -> Timeline {
    e.ready("en", now).expect("a catalogue")
}

/// The stretch of `slot` in force at `t`.
fn shown_at<'a>(timeline: &'a Timeline, slot: &str, t: u64) -> Option<&'a Shown> {
    let (_, segments) = timeline.slots.iter().find(|(name, _)| name == slot)?;
    segments.iter().find(|s| t >= timeline.at && t < s.until).map(|s| &s.shown)
}

fn first_id(shown: Option<&Shown>) -> Option<&str> {
    shown.and_then(|s| s.messages.first()).map(|m| m.id.as_str())
}

/// What the engine decides at `t` with no page context, if nothing happens until then.
fn decided_at(e: &Engine, slot: &str, t: u64) -> Option<String> {
    e.clone().decide(slot, Value::Null, "en", t).0.map(|d| d.id)
}

/// Every stretch boundary of every slot, and a millisecond before it, shows what the engine decides then.
fn assert_agrees_with_the_engine(e: &Engine, timeline: &Timeline) {
    for (slot, segments) in &timeline.slots {
        for segment in segments {
            for t in [segment.until.saturating_sub(1), segment.until] {
                let kept = shown_at(timeline, slot, t);
                if kept.is_some_and(|s| s.needs_engine && s.messages.is_empty()) || kept.is_none() {
                    continue; // past the timeline, or the engine's to judge
                }
                assert_eq!(first_id(kept).map(str::to_owned), decided_at(e, slot, t), "{slot} at {t}");
            }
        }
    }
}

const LIFECYCLE: &str = r#"[
  {"id":"welcome","slot":"hero","stages":["reach"],"content":{"title":"Welcome"}},
  {"id":"club","slot":"hero","stages":["retention"],"content":{"title":"Join the club","href":"/club","cta":"Join","extra":"not kept"}},
  {"id":"win-back","slot":"hero","stages":["lapsed"],"content":{"en":{"title":"We have missed you"},"nl":{"title":"We hebben je gemist"}}}
]"#;

#[test]
fn a_retention_shopper_who_lapses_while_away_is_kept_a_win_back_from_the_lapse_on() {
    let mut e = engine(LIFECYCLE);
    buy(&mut e, T0, "A");
    buy(&mut e, T0 + 10 * DAY, "B");
    let now = T0 + 11 * DAY;
    let t = timeline(&e, now);
    assert_eq!(first_id(shown_at(&t, "hero", now)), Some("club"));
    // Two orders 10 days apart lapse after max(30, 3 × 10) = 30 days without an order.
    let lapse = T0 + 10 * DAY + 30 * DAY;
    assert_eq!(first_id(shown_at(&t, "hero", lapse)), Some("club"), "30 days exactly is not yet lapsed");
    assert_eq!(first_id(shown_at(&t, "hero", lapse + 1)), Some("win-back"));
    assert_eq!(first_id(shown_at(&t, "hero", lapse + 300 * DAY)), Some("win-back"));
    assert_agrees_with_the_engine(&e, &t);
    let club = &shown_at(&t, "hero", now).unwrap().messages[0];
    assert_eq!(club.content, json(r#"{"title":"Join the club","href":"/club","cta":"Join"}"#), "only rendered fields");
}

#[test]
fn a_kept_message_carries_the_language_of_its_variant() {
    let mut e = engine(LIFECYCLE);
    buy(&mut e, T0, "A");
    let lapsed = T0 + 200 * DAY;
    let win_back = |locale: &str| {
        let t = e.ready(locale, lapsed).expect("a catalogue");
        shown_at(&t, "hero", lapsed).unwrap().messages[0].content.clone()
    };
    assert_eq!(win_back("nl-NL"), json(r#"{"title":"We hebben je gemist","lang":"nl"}"#));
    assert_eq!(win_back("de"), json(r#"{"title":"We have missed you","lang":"en"}"#));
}

#[test]
fn the_timeline_ends_when_the_idle_profile_would_expire() {
    let mut e = engine(LIFECYCLE);
    track(&mut e, T0, r#"{"event":"page_view"}"#);
    let t = timeline(&e, T0 + DAY);
    let (_, segments) = &t.slots[0];
    let expiry = T0 + 395 * DAY;
    assert_eq!(segments.last().unwrap().until, expiry + 1, "idle for more than 395 days: erased, so the baseline");
    assert_eq!(first_id(shown_at(&t, "hero", expiry)), Some("welcome"));
    assert!(shown_at(&t, "hero", expiry + 1).is_none());
}

#[test]
fn a_schedule_starts_and_ends_its_message_on_the_timeline() {
    let mut e = engine(
        r#"[
      {"id":"sale","slot":"hero","priority":5,"start":"2025-06-20","end":"2025-06-25","content":{"title":"Sale"}},
      {"id":"welcome","slot":"hero","content":{"title":"Welcome"}}
    ]"#,
    );
    track(&mut e, T0, r#"{"event":"page_view"}"#); // T0 is 2025-06-15
    let t = timeline(&e, T0);
    let start = 1_750_377_600_000; // 2025-06-20T00:00:00Z
    let end = start + 5 * DAY;
    assert_eq!(first_id(shown_at(&t, "hero", start - 1)), Some("welcome"));
    assert_eq!(first_id(shown_at(&t, "hero", start)), Some("sale"));
    assert_eq!(first_id(shown_at(&t, "hero", end - 1)), Some("sale"));
    assert_eq!(first_id(shown_at(&t, "hero", end)), Some("welcome"), "a schedule that ended hides its message");
    assert_agrees_with_the_engine(&e, &t);
}

const CAPPED: &str = r#"[
  {"id":"club","slot":"hero","priority":2,"cap":{"impressions":2,"days":7},"cooldownDays":3,"stopAfterClick":true,"content":{"title":"Join"}},
  {"id":"welcome","slot":"hero","content":{"title":"Welcome"}}
]"#;

#[test]
fn a_full_cap_frees_when_the_oldest_impression_leaves_its_window() {
    let mut e = engine(CAPPED);
    e.interact("club", Interaction::Seen, T0).unwrap();
    e.interact("club", Interaction::Seen, T0 + DAY).unwrap();
    let now = T0 + 2 * DAY;
    let t = timeline(&e, now);
    assert_eq!(first_id(shown_at(&t, "hero", now)), Some("welcome"), "capped: 2 of 2 in 7 days");
    assert_eq!(first_id(shown_at(&t, "hero", T0 + 7 * DAY)), Some("welcome"));
    let freed = shown_at(&t, "hero", T0 + 7 * DAY + 1).unwrap();
    assert_eq!(freed.messages[0].id, "club");
    assert_eq!(freed.messages[0].cap, Some((1, 7 * DAY)), "one impression left in the window");
    assert_eq!(freed.messages[1].id, "welcome", "what shows once it is capped or dismissed");
    assert_eq!(
        shown_at(&t, "hero", T0 + 8 * DAY + 1).unwrap().messages[0].cap,
        Some((1, 7 * DAY)),
        "the second impression leaving the window starts no stretch: the count left stays on the safe side"
    );
    assert_agrees_with_the_engine(&e, &t);
}

#[test]
fn a_dismissal_hides_the_message_until_its_cooldown_runs_out() {
    let mut e = engine(CAPPED);
    e.interact("club", Interaction::Dismissed, T0).unwrap();
    let t = timeline(&e, T0 + 1);
    assert_eq!(first_id(shown_at(&t, "hero", T0 + 3 * DAY)), Some("welcome"));
    assert_eq!(first_id(shown_at(&t, "hero", T0 + 3 * DAY + 1)), Some("club"));
    let club = &shown_at(&t, "hero", T0 + 3 * DAY + 1).unwrap().messages[0];
    assert_eq!((club.cooldown_ms, club.stop_after_click), (3 * DAY, true));
    assert_agrees_with_the_engine(&e, &t);
}

#[test]
fn a_slot_whose_winner_could_depend_on_the_page_needs_the_engine() {
    let e = engine(
        r#"[
      {"id":"shoe-page","slot":"hero","priority":3,"when":{"page.category":"shoes"},"content":{"title":"Shoes"}},
      {"id":"welcome","slot":"hero","priority":1,"content":{"title":"Welcome"}},
      {"id":"note","slot":"pdp","priority":2,"content":{"title":"Free returns on {{page.product | everything}}"}},
      {"id":"low","slot":"side","priority":2,"content":{"title":"Hello"}},
      {"id":"low-page","slot":"side","priority":1,"when":{"page.path":"/"},"content":{"title":"Home"}}
    ]"#,
    );
    let t = timeline(&e, T0);
    let hero = shown_at(&t, "hero", T0).unwrap();
    assert!(hero.needs_engine && hero.messages.is_empty(), "a page condition ranks first: the engine decides");
    let pdp = shown_at(&t, "pdp", T0).unwrap();
    assert!(pdp.needs_engine && pdp.messages.is_empty(), "a page placeholder: the engine decides");
    let side = shown_at(&t, "side", T0).unwrap();
    assert_eq!(first_id(Some(side)), Some("low"), "a page condition below the winner cannot change it");
    assert!(side.needs_engine, "but once the winner is dismissed, the engine decides");
}

#[test]
fn a_slot_showing_recommendations_needs_the_engine_which_knows_the_pages_product() {
    let e = engine(
        r#"[
      {"id":"goes-with","slot":"pdp","priority":2,"content":{"title":"Goes well with {{recommended.0.name | this}}"}},
      {"id":"more","slot":"pdp","priority":1,"when":{"recommended.0":{"$exists":true}},"content":{"title":"More"}},
      {"id":"plain","slot":"side","content":{"title":"Hello"}}
    ]"#,
    );
    let t = timeline(&e, T0);
    let pdp = shown_at(&t, "pdp", T0).unwrap();
    assert!(pdp.needs_engine && pdp.messages.is_empty(), "a recommendations placeholder: the engine decides");
    assert_eq!(first_id(shown_at(&t, "side", T0)), Some("plain"));
}

#[test]
fn attributes_that_drift_with_time_are_followed_a_day_at_a_time_and_pinned() {
    let mut e = engine(
        r#"[
      {"id":"reorder","slot":"hero","priority":2,"when":{"daysSinceLastOrder":{"$gt":14}},"content":{"title":"Time for new socks?"}},
      {"id":"thanks","slot":"hero","content":{"title":"Thanks for your order"}}
    ]"#,
    );
    buy(&mut e, T0, "A");
    let now = T0 + 2 * 3_600_000;
    let t = timeline(&e, now);
    assert_eq!(first_id(shown_at(&t, "hero", T0 + 14 * DAY)), Some("thanks"));
    assert_eq!(first_id(shown_at(&t, "hero", T0 + 14 * DAY + 1)), Some("reorder"));
    let (_, segments) = &t.slots[0];
    assert_eq!(segments.last().unwrap().until, now + ready::SAMPLED_DAYS * DAY, "followed as far as it is sampled");
    assert_agrees_with_the_engine(&e, &t);
}

#[test]
fn the_kept_document_stays_within_its_bound_whatever_the_catalogue() {
    for (chars, at_least) in [(900, 1), (150, ready::MAX_BYTES - 700)] {
        let long = "x".repeat(chars);
        let messages: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    r#"{{"id":"m{i}","slot":"s{}","priority":{i},"start":"2025-06-{:02}","content":{{"title":"{long}","body":"{long}"}}}}"#,
                    i % 5,
                    16 + i % 10
                )
            })
            .collect();
        let mut e = engine(&format!("[{}]", messages.join(",")));
        track(&mut e, T0, r#"{"event":"page_view"}"#);
        let value = timeline(&e, T0).to_value(&*runtime());
        let text = crumbtrail_core::base::json::to_text(&value, &*runtime());
        assert!(text.len() <= ready::MAX_BYTES, "{} bytes", text.len());
        assert!(text.len() >= at_least, "{} bytes: as much as fits is kept", text.len());
        assert!(ready::check(&value).is_ok(), "what is written reads back");
    }
}

/// The messages of `slot`'s first stretch in a stored kept document.
fn first_stretch(document: &Value, slot: &str) -> Vec<Value> {
    match document.get("slots").and_then(|slots| slots.get(slot)) {
        Some(Value::Array(stretches)) => match stretches[0].get("show") {
            Some(Value::Array(shown)) => shown.clone(),
            _ => panic!("no messages"),
        },
        _ => panic!("no slot {slot}"),
    }
}

/// A page in Dutch: it names the dismiss button by the content's language, else its own, and has
/// a stylesheet for banners.
struct DutchPage;

impl crumbtrail_core::base::ecma::Runtime for DutchPage {
    fn regex(
        &self,
        source: &str,
        ignore_case: bool,
    ) -> Result<std::rc::Rc<dyn crumbtrail_core::base::ecma::Pattern>, crumbtrail_core::base::ecma::InvalidRegex> {
        runtime().regex(source, ignore_case)
    }
    fn dismiss_label(&self, lang: Option<&str>) -> Option<String> {
        Some(if lang == Some("en") { "Dismiss" } else { "Sluiten" }.to_owned())
    }
    fn banner_style(&self) -> Option<String> {
        Some(".crumbtrail-dismiss{min-width:24px}".to_owned())
    }
}

#[test]
fn the_kept_document_carries_the_pages_dismiss_label_and_stylesheet_for_the_slot_script() {
    let messages = r#"[
      {"id":"win-back","slot":"hero","stages":["lapsed"],"content":{"en":{"title":"We have missed you"},"nl":{"title":"We hebben je gemist"}}},
      {"id":"welcome","slot":"hero","priority":-1,"content":{"title":"Welkom"}},
      {"id":"club","slot":"footer","content":{"title":"Join","dismissLabel":"Not now"}}
    ]"#;
    let mut e = engine(messages);
    buy(&mut e, T0, "A");
    let lapsed = T0 + 200 * DAY;
    let shown = |locale: &str, slot: &str| {
        let document = e.ready(locale, lapsed).expect("a catalogue").to_value(&DutchPage);
        assert_eq!(document.get("style"), Some(&Value::from(".crumbtrail-dismiss{min-width:24px}")));
        assert!(ready::check(&document).is_ok());
        first_stretch(&document, slot)
    };
    let labels = |shown: Vec<Value>| -> Vec<Option<String>> {
        shown
            .iter()
            .map(|m| m.get("content").unwrap().get("dismissLabel").and_then(Value::as_str).map(str::to_owned))
            .collect()
    };
    let some = |words: &[&str]| words.iter().map(|w| Some((*w).to_owned())).collect::<Vec<_>>();
    // The variant's language names the button; content without variants takes the page's; the
    // catalogue's own label wins.
    assert_eq!(labels(shown("en", "hero")), some(&["Dismiss", "Sluiten"]));
    assert_eq!(labels(shown("nl", "hero")), some(&["Sluiten", "Sluiten"]));
    assert_eq!(labels(shown("nl", "footer")), some(&["Not now"]));
    // The engine's own form of the timeline holds only what the catalogue wrote.
    let timeline = e.ready("en", lapsed).unwrap();
    assert_eq!(
        shown_at(&timeline, "footer", lapsed).unwrap().messages[0].content,
        json(r#"{"title":"Join","dismissLabel":"Not now"}"#)
    );
    // Without a page (the host's runtime), neither is written.
    let plain = timeline.to_value(&*runtime());
    assert_eq!(plain.get("style"), None);
    assert_eq!(labels(first_stretch(&plain, "hero")), [None, None]);
}

#[test]
fn the_kept_document_checks_its_shape_and_lets_other_versions_be_replaced() {
    let e = engine(LIFECYCLE);
    let value = timeline(&e, T0).to_value(&*runtime());
    assert!(ready::check(&value).is_ok());
    assert!(ready::check(&json(r#"{"v":3,"whatever":true}"#)).is_ok(), "another version is not corrupt");
    for bad in [r#"[]"#, r#"{"v":2}"#, r#"{"v":2,"at":5,"slots":{"hero":[{"show":[]}]}}"#, r#"{"v":2,"slots":{}}"#] {
        assert!(ready::check(&json(bad)).is_err(), "{bad}");
    }
}

#[test]
fn interactions_logged_by_the_script_count_once_however_often_they_are_read() {
    let mut e = engine(CAPPED);
    let logged = [
        Logged { id: "club".into(), what: Interaction::Seen, at: T0 },
        Logged { id: "club".into(), what: Interaction::Seen, at: T0 + 1 },
        Logged { id: "gone".into(), what: Interaction::Seen, at: T0 },
    ];
    e.absorb_logged(&logged);
    e.absorb_logged(&logged);
    let state = e.profile().messages.get("club").expect("state");
    assert_eq!(state.shown, [T0 + 1, T0]);
    assert_eq!(decided_at(&e, "hero", T0 + DAY).as_deref(), Some("welcome"), "the cap counts the script's impressions");
}

#[test]
fn no_catalogue_keeps_nothing() {
    let e = Engine::new(StageRules::default(), Priors::default(), 1, T0);
    assert!(e.ready("en", T0).is_none());
}
