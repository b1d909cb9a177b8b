#![no_main]
//! Fuzz target: see `crumbtrail::fuzzing::condition`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| crumbtrail::fuzzing::condition(data));
