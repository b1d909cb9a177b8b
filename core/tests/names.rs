//! Each public list of names has one source of truth in the core; every other copy is checked
//! against it here, so that a name added in one place and not another fails: the TypeScript
//! interfaces the package ships (binding/types/shapes.d.ts), the error codes docs/guide/javascript.md documents, and
//! the metric names' readers. (The attribute and metric names of the built wasm, the fallback and
//! the .d.ts are compared in tests/js/attribute-lists.test.mjs.)

mod common;

use std::fs;

use crumbtrail_core::decide::catalogue::MESSAGE_FIELDS;
use crumbtrail_core::event::EventName;
use crumbtrail_core::stage::{METRIC_NAMES, PREDICTION_NAMES};
use crumbtrail_core::{Code, Options, Priors, SpendPriors, StageRules};

fn repository_file(path: &str) -> String {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The member names of `export interface name { … }` in the binding's TypeScript, comments left out.
fn members(name: &str) -> Vec<String> {
    let types = repository_file("binding/types/shapes.d.ts");
    let start = types.find(&format!("export interface {name} ")).unwrap_or_else(|| panic!("interface {name}"));
    let body = &types[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
    let mut names = Vec::new();
    let mut in_comment = false;
    for line in body.lines().map(str::trim) {
        if line.starts_with("/*") {
            in_comment = !line.contains("*/");
            continue;
        }
        if in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        let name: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && line[name.len()..].starts_with(['?', ':', '(']) {
            names.push(name);
        }
    }
    names.sort();
    names
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    names.sort();
    names
}

#[test]
fn the_typescript_interfaces_name_what_the_core_reads() {
    assert_eq!(members("PersonalizerOptions"), sorted(&Options::NAMES), "PersonalizerOptions ↔ Options::NAMES");
    assert_eq!(members("StageRules"), sorted(&StageRules::NAMES), "StageRules ↔ StageRules::NAMES");
    assert_eq!(members("Message"), sorted(&MESSAGE_FIELDS), "Message ↔ catalogue::MESSAGE_FIELDS");
    assert_eq!(members("Priors"), sorted(&Priors::NAMES), "Priors ↔ Priors::NAMES");
    assert_eq!(members("SpendPriors"), sorted(&SpendPriors::NAMES), "SpendPriors ↔ SpendPriors::NAMES");
}

/// `init()`'s codes, raised by the package's JavaScript before there is a wasm to ask.
const JAVASCRIPT_ONLY_CODES: [&str; 2] = ["wasm_unavailable", "not_initialized"];
/// The codes of `crumbtrail/consent` (package/consent/), plain JavaScript: the platform silent, a
/// type never set.
const CONSENT_CODES: [&str; 6] = [
    "consent_unmapped",
    "consent_mode_unavailable",
    "shopify_privacy_unavailable",
    "cookiebot_unavailable",
    "onetrust_unavailable",
    "tcf_unavailable",
];

#[test]
fn every_error_code_is_typed_and_documented() {
    let types = repository_file("binding/types/shapes.d.ts");
    let union = &types[types.find("export type ErrorCode =").unwrap()..];
    let union = &union[..union.find(';').unwrap()];
    let mut typed: Vec<&str> = union.split('"').skip(1).step_by(2).collect();
    typed.retain(|c| !JAVASCRIPT_ONLY_CODES.contains(c) && !CONSENT_CODES.contains(c));
    typed.sort();
    let mut codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    codes.sort();
    assert_eq!(typed, codes, "ErrorCode ↔ Code::ALL");

    let guide = repository_file("docs/guide/javascript.md");
    for code in codes.iter().chain(&JAVASCRIPT_ONLY_CODES).chain(&CONSENT_CODES) {
        assert!(guide.contains(&format!("| `{code}` |")), "the guide's table of error codes lacks {code}");
    }
    let folder = format!("{}/../package/consent", env!("CARGO_MANIFEST_DIR"));
    let adapters: String =
        std::fs::read_dir(folder).unwrap().filter_map(|f| std::fs::read_to_string(f.unwrap().path()).ok()).collect();
    for code in CONSENT_CODES {
        assert!(adapters.contains(&format!(r#""{code}""#)), "no adapter of package/consent raises {code}");
    }
    let fallback = repository_file("package/fallback.js");
    assert!(fallback.contains(r#"code: "wasm_unavailable""#), "init()'s errors carry their code");
    assert!(fallback.contains(r#"code: "not_initialized""#), "the exports before init() throw with their code");
}

#[test]
fn every_metric_name_has_a_value_and_the_predictions_are_metrics() {
    let metrics = common::report(&mut common::engine(), 0).metrics;
    for name in METRIC_NAMES {
        assert!(metrics.get(name).is_some(), "Metrics::get lacks {name}");
    }
    assert!(metrics.get("noSuchMetric").is_none());
    for name in PREDICTION_NAMES {
        assert!(METRIC_NAMES.contains(&name), "{name} is a prediction but no metric");
    }
}

/// `crumbtrail/datalayer` is JavaScript (package/datalayer.js) and keeps its own copy of the event
/// names, to pass over the entries `track` would refuse.
#[test]
fn the_datalayer_module_knows_the_cores_event_names() {
    let module = repository_file("package/datalayer.js");
    let list = &module[module.find("const EVENT_NAMES = [").expect("EVENT_NAMES in package/datalayer.js")..];
    let list = &list[..list.find("];").unwrap()];
    let mut names: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
    names.sort();
    let mut core: Vec<&str> = EventName::ALL.iter().map(|n| n.as_str()).collect();
    core.sort();
    assert_eq!(names, core, "package/datalayer.js EVENT_NAMES ↔ event::EventName::ALL");
}
