//! GrowthBook's version ordering for `$veq`, `$vgt`, …: a version is compared as its *padded
//! string*, in which each numeric part is right-aligned to five places and a release without a
//! pre-release tag gains a final `~` (so `1.0.0` sorts after `1.0.0-rc.1`).
//!
//! The padded form is produced lazily, as characters, so comparing allocates nothing.

use std::cmp::Ordering;

/// The characters of the padded form of `version` (`v1.2.3+build` → `    1-    2-    3-~`).
pub fn padded(version: &str) -> impl Iterator<Item = char> + '_ {
    let version = version.strip_prefix('v').unwrap_or(version);
    let core = version.split('+').next().unwrap_or_default();
    let tilde = (core.split(['-', '.']).count() == 3).then_some("~");
    core.split(['-', '.']).chain(tilde).enumerate().flat_map(|(i, part)| {
        let numeric = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        let pad = if numeric { 5usize.saturating_sub(part.len()) } else { 0 };
        let separator = (i > 0).then_some('-');
        separator.into_iter().chain(std::iter::repeat_n(' ', pad)).chain(part.chars())
    })
}

/// How version `a` orders against version `b`. (Characters compare by code point where
/// JavaScript compares UTF-16 units: the two differ only for characters beyond U+FFFF, which
/// versions do not hold.)
pub fn compare(a: &str, b: &str) -> Ordering {
    padded(a).cmp(padded(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_like_growthbook() {
        assert_eq!(padded("v1.2.3+build.7").collect::<String>(), "    1-    2-    3-~");
        assert_eq!(padded("1.0.0-rc.1").collect::<String>(), "    1-    0-    0-rc-    1");
        assert_eq!(compare("1.0.0-rc.1", "1.0.0"), Ordering::Less);
        assert_eq!(compare("0.10.0", "0.9.0"), Ordering::Greater);
    }
}
