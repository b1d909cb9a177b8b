//! # crumbtrail (the wasm binding)
//!
//! The only code that knows the browser. It turns JavaScript values into core values and back
//! ([`convert`]), turns the core's errors into JavaScript `Error`s with a `code` and a `path`
//! ([`error`]), reaches storage ([`storage`]), listens to the page ([`listeners`]), delivers callbacks ([`effects`]), lends conditions the JavaScript
//! engine's built-ins ([`runtime`]), puts decisions into the page safely ([`render`]), names
//! the TypeScript shapes its signatures use ([`types`]; the shapes are in types/shapes.d.ts), manages the wasm's memory ([`alloc`], feature `alloc`), and
//! exposes the `Personalizer` class ([`personalizer`], its options on their way in in [`opening`], over the state it shares with its listeners in
//! [`shared`]; the recommendations module's hook in [`recommend`]) and
//! conditions for the page ([`conditions`]). It decides nothing about shoppers, stages, messages or stored data: that is
//! `crumbtrail-core`'s, whose `Session` this crate drives.

#[cfg(target_arch = "wasm32")]
pub mod alloc;
#[cfg(feature = "calibrate")]
pub mod calibrate;
pub mod conditions;
pub mod convert;
pub mod effects;
pub mod error;
pub mod listeners;
pub mod opening;
pub mod personalizer;
pub mod recommend;
pub mod render;
pub mod runtime;
pub mod shared;
pub mod storage;
pub mod types;

pub use personalizer::Personalizer;

#[cfg(all(feature = "alloc", target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: alloc::SizeClasses = alloc::SizeClasses::new();
