#![no_main]
//! Fuzz target: see `entries::event` (fuzz/entries.rs).
#[path = "../entries.rs"]
mod entries;
libfuzzer_sys::fuzz_target!(|data: &[u8]| entries::event(data));
