//! Helpers shared by the host integration tests.
#![allow(dead_code)]

use std::rc::Rc;

use crumbtrail_core::base::ecma::{InvalidRegex, Pattern, Runtime};
use crumbtrail_core::{stage::StageReport, Engine, Priors, StageRules, Value};

pub const MINUTE: u64 = 60_000;
pub const DAY: u64 = 86_400_000;
/// A fixed "now" far from the epoch, so that subtracting days never underflows.
pub const T0: u64 = 1_750_000_000_000;

/// The seed every property test draws its cases from in `scripts/test`, so that a commit always
/// gives the same result.
pub const PROPERTY_SEED: u64 = 2026;

/// Configuration of a property test: `cases` cases from [`PROPERTY_SEED`]; under `scripts/soak`
/// (`CRUMBTRAIL_SOAK_CASES` set) that many cases from a random seed, the search for new failures,
/// which proptest writes into the test's `.proptest-regressions` file to be replayed by every run.
pub fn fixed_or_soak(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
    // Beside the test's file (`bounds.rs` → `bounds.proptest-regressions`): integration tests have
    // no lib.rs for proptest's default to find.
    let persistence = Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions")) as _);
    let config = Config { failure_persistence: persistence, ..Config::default() };
    match std::env::var("CRUMBTRAIL_SOAK_CASES").ok().and_then(|n| n.parse().ok()) {
        Some(soak_cases) => Config { cases: soak_cases, rng_seed: RngSeed::Random, ..config },
        None => Config { cases, rng_seed: RngSeed::Fixed(PROPERTY_SEED), ..config },
    }
}

/// Under `scripts/soak`, appends `line` to the file `CRUMBTRAIL_SOAK_LOG` names (what a property
/// saw, for the soak's summary); nothing otherwise.
pub fn soak_log(line: &str) {
    if let Ok(path) = std::env::var("CRUMBTRAIL_SOAK_LOG") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = writeln!(f, "{line}");
        }
    }
}

/// Parses JSON written in a test.
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("test JSON")
}

/// An engine with default rules and priors.
pub fn engine() -> Engine {
    Engine::new(StageRules::default(), Priors::default(), 1, T0)
}

/// An engine with custom rules.
pub fn engine_with(rules: StageRules) -> Engine {
    Engine::new(rules, Priors::default(), 1, T0)
}

/// Tracks a JSON event at `now` (its ts defaults to now), panicking if it is rejected.
pub fn track(e: &mut Engine, now: u64, event: &str) {
    e.track(&json(event), now).unwrap_or_else(|err| panic!("{event} rejected: {err}"));
}

/// A purchase with an id and value at `now`.
pub fn buy(e: &mut Engine, now: u64, id: &str) {
    track(e, now, &format!(r#"{{"event":"purchase","transaction_id":"{id}","value":20,"currency":"EUR"}}"#));
}

/// The report at `now`.
pub fn report(e: &mut Engine, now: u64) -> StageReport {
    e.report(now).0
}

/// The native runtime for conditions: regular expressions from the regex crate, the rest from
/// crumbtrail's ECMAScript-following defaults (the wasm build uses the JavaScript engine's own).
pub struct HostRuntime;

struct HostPattern(regex::Regex);

impl Pattern for HostPattern {
    fn test(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

impl Runtime for HostRuntime {
    fn regex(&self, source: &str, ignore_case: bool) -> Result<Rc<dyn Pattern>, InvalidRegex> {
        regex::RegexBuilder::new(source)
            .case_insensitive(ignore_case)
            .build()
            .map(|r| Rc::new(HostPattern(r)) as Rc<dyn Pattern>)
            .map_err(|e| InvalidRegex(e.to_string().lines().last().unwrap_or("invalid").trim().to_owned()))
    }
}

/// The native runtime, as conditions take it.
pub fn runtime() -> Rc<dyn Runtime> {
    Rc::new(HostRuntime)
}

/// The GrowthBook conformance file (tests/data/growthbook/README.md at the repository root), found from the crate's folder so
/// that the tests run from any working directory.
pub fn growthbook_cases() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/growthbook/cases.json");
    json(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}")))
}
