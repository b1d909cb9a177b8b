//! Deterministic bucketing, bit-for-bit GrowthBook's `hash` (FNV-1a 32 over UTF-16 code units).
//!
//! Version 1 is `fnv(value + seed) % 1000 / 1000`; version 2 hashes twice,
//! `fnv(str(fnv(seed + value))) % 10000 / 10000`, which spreads similar ids better. crumbtrail uses
//! v2 for holdouts and tie-breaks, and FNV-1a alone to shorten over-long stored ids. The strings
//! are hashed in parts, so that no concatenation is built.

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// FNV-1a, 32 bits, over the UTF-16 code units of `s` (as JavaScript's `charCodeAt` sees them).
pub fn fnv1a32(s: &str) -> u32 {
    fnv1a32_parts([s])
}

/// [`fnv1a32`] of the concatenation of `parts`.
fn fnv1a32_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> u32 {
    let units = parts.into_iter().flat_map(str::encode_utf16);
    units.fold(FNV_OFFSET, |h, unit| (h ^ u32::from(unit)).wrapping_mul(FNV_PRIME))
}

/// [`fnv1a32`] of the decimal digits of `n`.
fn fnv1a32_digits(n: u32) -> u32 {
    let mut buffer = [0u8; 20];
    let digits = crate::base::value::digits(u64::from(n), &mut buffer);
    digits.iter().fold(FNV_OFFSET, |h, &d| (h ^ u32::from(d)).wrapping_mul(FNV_PRIME))
}

/// GrowthBook's `hash(seed, value, version)`: a number in [0, 1), or `None` for an unknown version.
pub fn hash(seed: &str, value: &str, version: u32) -> Option<f64> {
    hash_seeded(&[seed], value, version)
}

/// [`hash`] with the seed given in parts (`["holdout:", id]`).
pub fn hash_seeded(seed: &[&str], value: &str, version: u32) -> Option<f64> {
    match version {
        1 => Some(f64::from(fnv1a32_parts(std::iter::once(value).chain(seed.iter().copied())) % 1000) / 1000.0),
        2 => {
            let inner = fnv1a32_parts(seed.iter().copied().chain([value]));
            Some(f64::from(fnv1a32_digits(inner) % 10000) / 10000.0)
        }
        _ => None,
    }
}
