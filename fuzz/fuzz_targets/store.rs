#![no_main]
//! Fuzz target: see `crumbtrail::fuzzing::store`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| crumbtrail::fuzzing::store(data));
