#![no_main]
//! Fuzz target: see `entries::store` (fuzz/entries.rs).
#[path = "../entries.rs"]
mod entries;
libfuzzer_sys::fuzz_target!(|data: &[u8]| entries::store(data));
