//! # crumbtrail
//!
//! In-browser customer-lifecycle personalisation. A storefront reports what the shopper does; the
//! engine keeps a bounded profile of the trail, infers the lifecycle stage (reach, acquisition,
//! development, retention, advocacy, lapsed) and predicts future orders — all on the device.
//!
//! This crate is the pure-Rust **core**: it decides everything and knows nothing of browsers (the
//! `crumbtrail` binding crate converts and does the I/O).
//!
//! What a user of the crate needs is at its root, each at that one path: [`Engine`] (all of it for
//! one shopper, minus I/O) and [`Session`] (the engine over a [`Storage`], telling the page through
//! [`Effects`]), built from [`Options`] or from [`StageRules`] and [`Priors`] (with [`SpendPriors`]);
//! they take and give [`Value`]s, say where a shopper is as a [`Stage`], ask [`Consent`], and fail
//! with an [`Error`] that has a stable [`Code`]. The modules below hold the rest, in layers that
//! import only downward (`tests/layers.rs` checks it); those marked "private" define the root's types
//! and are not reachable by another path:
//!
//! | layer | module | owns |
//! |---|---|---|
//! | base | [`base`] | values ([`Value`], [`Map`]), small maps, bounded JSON, ISO 8601 time, hashes, JavaScript's coercions, the field reader, errors with codes ([`Error`], [`Code`]), the ₂F₁ series |
//! | model | [`event`] | the event vocabulary (GA4 names), parsing and validation |
//! | | `consent` (private) | consent states and what each allows: [`Consent`], [`Purposes`] |
//! | | `lifecycle` (private) | the stages, their rules and the stage mark: [`Stage`], [`StageRules`], [`StageMark`], [`StageChange`] |
//! | | `predict` (private) | BG/NBD and Gamma-Gamma: [`Priors`], [`SpendPriors`] (probability alive, expected orders and spend) |
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
//! | engine | `config` (private) | [`Options`], and configuration errors that name the field |
//! | | `engine` (private) | [`Engine`]: all of the above for one shopper, minus I/O |
//! | session | `session` (private) | [`Session`]: the engine over a [`Storage`]: load, merge, write, consent, corrupt data |
//!
//! ```
//! use crumbtrail_core::{Engine, Priors, Stage, StageRules, Value};
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
#![deny(missing_docs)]

pub mod attributes;
pub mod base;
#[cfg(feature = "calibrate")]
pub mod calibrate;
pub mod condition;
mod config;
mod consent;
pub mod decide;
mod engine;
pub mod event;
pub mod exposure;
mod lifecycle;
mod predict;
pub mod profile;
pub mod recommend;
pub mod recommender;
mod session;
pub mod stage;
pub mod store;

// What a user of the crate needs, each at this one path: the modules that define them are private.
pub use base::error::{Code, Error};
pub use base::value::{Map, Value};
pub use config::Options;
pub use consent::{Consent, Purposes};
pub use engine::{Engine, Tracked, UnknownMessage};
pub use lifecycle::{Stage, StageChange, StageMark, StageRules};
pub use predict::{Priors, SpendPriors};
pub use session::{Effects, Session, Start, Storage, StorageError};
