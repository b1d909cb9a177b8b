//! Deterministic bucketing, bit-for-bit GrowthBook's `hash` (FNV-1a 32 over UTF-16 code units).
//!
//! Version 1 is `fnv(value + seed) % 1000 / 1000`; version 2 hashes twice,
//! `fnv(str(fnv(seed + value))) % 10000 / 10000`, which spreads similar ids better. crumbtrail uses
//! v2 for holdouts and tie-breaks, and FNV-1a alone to shorten over-long stored ids.

/// FNV-1a, 32 bits, over the UTF-16 code units of `s` (as JavaScript's `charCodeAt` sees them).
pub fn fnv1a32(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for unit in s.encode_utf16() {
        h ^= u32::from(unit);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// GrowthBook's `hash(seed, value, version)`: a number in [0, 1), or `None` for an unknown version.
pub fn hash(seed: &str, value: &str, version: u32) -> Option<f64> {
    match version {
        1 => Some(f64::from(fnv1a32(&format!("{value}{seed}")) % 1000) / 1000.0),
        2 => {
            let inner = fnv1a32(&format!("{seed}{value}"));
            Some(f64::from(fnv1a32(&inner.to_string()) % 10000) / 10000.0)
        }
        _ => None,
    }
}
