//! Product recommendations learned offline from the shop's own orders, served on the device.
//!
//! The shop learns, once and on its own machine (or in its warehouse, with
//! `sql/recommendations.sql`), which items the same customers buy and which they buy next, and
//! its most bought items ([`learn`], with the `calibrate` feature). It ships the result as a small
//! text file ([`model`]): item ids once, each item's related items as small indices with quantised
//! scores, the most bought, and no shopper in it — a pair or a most-bought item is kept only if
//! enough distinct customers made it. The storefront loads the file and ranks items for the
//! shopper from their own trail, the most bought filling the places it leaves ([`serve`]). [`evaluate`]
//! measures the file on a time-based holdout beside a most-popular baseline, and [`shop`]
//! generates an order history with a planted structure to test and time all of it.
//!
//! The module uses nothing from the rest of the crate, so that it can sit in any layer.

pub mod model;
pub mod serve;

#[cfg(feature = "calibrate")]
pub mod evaluate;
#[cfg(feature = "calibrate")]
pub mod learn;
#[cfg(feature = "calibrate")]
pub mod shop;
