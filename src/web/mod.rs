//! The binding layer: the only code that knows the browser.
//!
//! It turns JavaScript values into core values and back ([`convert`]), reaches storage
//! ([`storage`]), declares the TypeScript shapes ([`types`]) and exposes the `Personalizer` class
//! ([`personalizer`]). It decides nothing about shoppers, stages or messages: that is the core's.

pub mod convert;
pub mod personalizer;
pub mod storage;
pub mod types;

pub use personalizer::Personalizer;
