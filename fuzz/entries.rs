//! Entry points for fuzzing (`fuzz/`, `scripts/fuzz`) and for the regression tests that replay the
//! inputs fuzzing found (`core/tests/fuzz_regressions.rs`, which includes this file). Each takes arbitrary bytes, reads them as
//! JSON when it can, and drives one part of the core that meets outside data. None may panic;
//! where a property must hold (a stored document reads back as written, merging is commutative),
//! it is asserted, so that a violation is a crash the fuzzer reports.

use std::rc::Rc;

use crumbtrail_core::base::ecma::{Runtime, WithoutRegex};
use crumbtrail_core::base::read::Stored;
use crumbtrail_core::condition::{Condition, Mode};
use crumbtrail_core::decide::Catalogue;
use crumbtrail_core::event::TrailEvent;
use crumbtrail_core::store;
use crumbtrail_core::{profile::messages::Interaction, Engine, Priors, StageRules, Value};

const NOW: u64 = 1_780_000_000_000;

fn json(data: &[u8]) -> Option<Value> {
    crumbtrail_core::base::json::parse(std::str::from_utf8(data).ok()?, &WithoutRegex)
}

fn runtime() -> Rc<dyn Runtime> {
    Rc::new(WithoutRegex)
}

/// Event parsing and tracking: a JSON event, or an array of them, into an engine.
pub fn event(data: &[u8]) {
    let Some(v) = json(data) else { return };
    let events = match v {
        Value::Array(items) => items,
        one => vec![one],
    };
    let mut engine = Engine::new(StageRules::default(), Priors::default(), 1, NOW);
    for (i, e) in events.iter().enumerate() {
        let _ = TrailEvent::parse(e, NOW);
        let _ = engine.track(e, NOW + i as u64 * 60_000);
    }
    let _ = engine.report(NOW + 400 * 86_400_000);
}

/// Loading and merging stored documents: `[doc, doc]`, or one document merged with itself.
pub fn store(data: &[u8]) {
    let Some(v) = json(data) else { return };
    let (a, b) = match &v {
        Value::Array(docs) if docs.len() == 2 => (&docs[0], &docs[1]),
        one => (one, one),
    };
    let (Ok(a), Ok(b)) = (store::decode(a), store::decode(b)) else { return };
    for doc in [&a, &b] {
        // As the browser stores it: the document as JSON text, then read back from the text.
        let text = crumbtrail_core::base::json::to_text(&doc.to_value(), &WithoutRegex);
        let again = json(text.as_bytes()).map(|v| store::decode(&v)).expect("a stored document is JSON");
        let again = again.expect("a decoded document reads back");
        assert_eq!(again.profile, doc.profile, "a decoded document reads back unchanged");
        let _ = store::is_expired(&doc.profile, &StageRules::default(), NOW);
    }
    let (mut ab, mut ba) = (a.profile.clone(), b.profile.clone());
    ab.merge(&b.profile, NOW);
    ba.merge(&a.profile, NOW);
    assert_eq!(ab.to_value(), ba.to_value(), "merging is commutative");
    let mut engine = Engine::new(StageRules::default(), Priors::default(), 2, NOW);
    let _ = engine.absorb(&ab, NOW);
    let _ = engine.report(NOW);
}

/// Compiling and evaluating conditions: `[condition, attributes, savedGroups?]`.
pub fn condition(data: &[u8]) {
    let Some(Value::Array(parts)) = json(data) else { return };
    let (Some(source), Some(attributes)) = (parts.first(), parts.get(1)) else { return };
    let groups = match parts.get(2) {
        Some(Value::Object(map)) => map.clone(),
        _ => Default::default(),
    };
    let rt = runtime();
    if let Ok(c) = Condition::compile(source, &rt, Mode::Lenient) {
        let _ = c.matches(attributes, &groups);
        let _ = c.describe();
    }
    if let Ok(c) = Condition::compile(source, &rt, Mode::Strict(&groups)) {
        let _ = c.matches(attributes, &groups);
    }
}

/// Catalogue validation and deciding: `[messages, savedGroups?]`.
pub fn catalogue(data: &[u8]) {
    let Some(v) = json(data) else { return };
    let (messages, groups) = match &v {
        Value::Array(parts) if parts.len() == 2 && matches!(parts[0], Value::Array(_)) => (&parts[0], &parts[1]),
        other => (other, &Value::Null),
    };
    let Ok(catalogue) = Catalogue::from_options(messages, groups, &runtime()) else { return };
    let ids: Vec<String> = match messages {
        Value::Array(list) => list.iter().filter_map(|m| m.get("id")?.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    let slots: Vec<String> = match messages {
        Value::Array(list) => list.iter().filter_map(|m| m.get("slot")?.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    let mut engine = Engine::new(StageRules::default(), Priors::default(), 3, NOW).with_catalogue(catalogue);
    for (i, slot) in slots.iter().enumerate() {
        let now = NOW + i as u64 * 3_600_000;
        if let (Some(d), _) = engine.decide(slot, Value::Null, "nl-BE", now) {
            let _ = d.into_value();
        }
        if let Some(id) = ids.get(i) {
            let _ = engine.interact(id, [Interaction::Seen, Interaction::Clicked, Interaction::Dismissed][i % 3], now);
        }
    }
}
