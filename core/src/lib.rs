//! # crumbtrail
//!
//! In-browser customer-lifecycle personalisation. A storefront reports what the shopper does; the
//! engine keeps a bounded profile of the trail, infers the lifecycle stage (reach, acquisition,
//! development, retention, advocacy, lapsed) and predicts future orders — all on the device.
//!
//! This crate is the pure-Rust **core**: it decides everything and knows nothing of browsers (the
//! `crumbtrail` binding crate converts and does the I/O). Its modules, in layers that import only
//! downward (`tests/layers.rs` checks it):
//!
//! | layer | module | owns |
//! |---|---|---|
//! | base | [`base`] | values, small maps, bounded JSON, ISO 8601 time, hashes, JavaScript's coercions, the field reader, errors with codes |
//! | model | [`event`] | the event vocabulary (GA4 names), parsing and validation |
//! | | [`consent`] | consent states and what each allows |
//! | | [`lifecycle`] | the stages, their rules and the stage mark |
//! | | [`predict`] | BG/NBD: probability alive, expected orders |
//! | | [`condition`] | targeting conditions (GrowthBook's language), compiled once |
//! | | [`recommend`] | product recommendations: learned from orders offline, served from the trail |
//! | trail | [`profile`] | the bounded, mergeable aggregate of a trail |
//! | | `calibrate` | (feature `calibrate`) fitting BG/NBD priors from an order history |
//! | report | [`stage`] | the lifecycle report: metrics and reasons |
//! | | [`attributes`] | what targeting conditions see |
//! | | [`recommender`] | the attribute `recommended`, asked of a source (a loaded file, or the page's function) |
//! | decisions | [`decide`] | the message catalogue, eligibility, ranking, placeholders, decisions kept ready |
//! | | [`exposure`] | what the shop's analytics hears of messages shown, held out and clicked (GA4 promotions) |
//! | | [`store`] | the versioned storage document |
//! | engine | [`config`] | options, and configuration errors that name the field |
//! | | [`engine`] | all of the above for one shopper, minus I/O |
//! | session | [`session`] | the engine over a storage: load, merge, write, consent, corrupt data |
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
//! // "2 orders, last 9 days ago; lapses after 30 days without an order", in crumbtrail/locale/en's words
//! assert_eq!(report.reasons[0].code, "repeat_buyer");
//! assert_eq!(report.reasons[0].values.get("daysAgo").and_then(Value::as_f64), Some(9.0));
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
