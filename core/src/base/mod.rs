//! The base layer: what every other layer stands on and that knows nothing of shoppers.
//!
//! Values with JavaScript's numbers ([`Value`](crate::Value), at the crate's root), small sorted maps ([`keyed`]), bounded JSON text
//! ([`json`]), dates ([`time`]), GrowthBook's hashes ([`hash`]), and ECMAScript's coercions with the
//! trait that lends JavaScript's built-ins ([`ecma`]), the field-by-field reader of
//! outside data with its one error type ([`read`]), and the error crumbtrail reports, with its
//! stable codes ([`Error`](crate::Error), [`Code`](crate::Code), at the root); ISO 4217's currency codes ([`currency`]);
//! the hypergeometric series the predictions sum ([`special`]).

pub mod currency;
pub mod ecma;
pub(crate) mod error;
pub mod hash;
pub mod json;
pub mod keyed;
pub mod read;
pub mod special;
pub mod time;
pub(crate) mod value;
