//! # crumbtrail
//!
//! In-browser customer-lifecycle personalisation. A storefront reports what the shopper does; the
//! engine keeps a bounded profile of the trail, infers the lifecycle stage (reach, acquisition,
//! development, retention, advocacy, lapsed) and predicts future orders — all on the device.
//!
//! The crate is a pure-Rust **core** that knows nothing of browsers, plus a thin binding layer:
//!
//! | module | owns |
//! |---|---|
//! | [`value`] | the JSON-like value type with JavaScript number semantics |
//! | [`json`] | JSON text to values, bounded |
//! | [`keyed`] | small sorted-vector maps and small sorts, sized for the wasm |
//! | [`event`] | the event vocabulary (GA4 names), parsing and validation |
//! | [`profile`] | the bounded, mergeable aggregate of a trail |
//! | [`stage`] | lifecycle stage rules, metrics and reasons |
//! | [`predict`] | BG/NBD: probability alive, expected orders |
//! | [`condition`] | targeting conditions (GrowthBook's language), compiled once |
//! | [`decide`] | the message catalogue, eligibility, ranking, placeholders |
//! | [`recommend`] | product recommendations: learned from orders offline, served from the trail |
//! | [`hash`] | deterministic bucketing (GrowthBook hash v1/v2) |
//! | [`time`] | ISO 8601 dates to milliseconds |
//! | [`store`] | the versioned storage document |
//! | `calibrate` | (feature `calibrate`) fitting BG/NBD priors from an order history |
//! | [`attributes`] | what targeting conditions see |
//! | [`recommender`] | a loaded recommendations file read against the shopper's trail |
//! | [`config`] | options, and configuration errors that name the field |
//! | [`consent`] | consent states and what each allows |
//! | [`exposure`] | what the shop's analytics hears of messages shown, held out and clicked (GA4 promotions) |
//! | [`engine`] | all of the above for one shopper, minus I/O |
//!
//! ```
//! use crumbtrail_core::{engine::Engine, predict::Priors, stage::{Stage, StageRules}, base::value::Value};
//! let mut engine = Engine::new(StageRules::default(), Priors::default(), 42, 0);
//! let day = 86_400_000;
//! let buy = |id: &str| -> Value { serde_json::from_str(&format!(
//!     r#"{{"event":"purchase","transaction_id":"{id}","value":30,"currency":"EUR"}}"#)).unwrap() };
//! engine.track(&buy("T1"), 10 * day).unwrap();
//! engine.track(&buy("T2"), 20 * day).unwrap();
//! let (report, _) = engine.report(29 * day);
//! assert_eq!(report.stage, Stage::Retention);
//! assert_eq!(report.reasons[0].detail, "2 orders, last 9 days ago; lapses after 30 days without an order");
//! ```
#![warn(missing_docs)]

pub mod attributes;
pub mod base;
#[cfg(feature = "calibrate")]
pub mod calibrate;
pub mod condition;
pub mod config;
pub mod consent;
pub mod decide;
pub mod engine;
pub mod event;
pub mod exposure;
pub mod lifecycle;
pub mod predict;
pub mod profile;
pub mod recommend;
pub mod recommender;
pub mod session;
pub mod stage;
pub mod store;
