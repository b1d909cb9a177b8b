#![no_main]
//! Fuzz target: see `crumbtrail::fuzzing::event`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| crumbtrail::fuzzing::event(data));
