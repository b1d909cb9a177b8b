#![no_main]
//! Fuzz target: see `crumbtrail::fuzzing::catalogue`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| crumbtrail::fuzzing::catalogue(data));
