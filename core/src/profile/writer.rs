//! Who is writing: one tab's run of activity, named by a random id.
//!
//! A [`Writer`] counts into its own slot of the tally. After [`ROTATE_AFTER_MS`] without writing it
//! takes a fresh id, so that its old slot is final and can be folded (see `tally`). Ids come from a
//! small deterministic generator seeded by the caller (the browser layer seeds it from
//! `crypto.getRandomValues`), so the core needs no source of randomness and tests are repeatable.

use super::tally::ROTATE_AFTER_MS;

/// SplitMix64: tiny, fast, good enough for ids that only need to be distinct.
#[derive(Debug, Clone)]
pub struct IdSource(u64);

impl IdSource {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> IdSource {
        IdSource(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A new id of `len` characters from `[0-9a-z]`.
    pub fn id(&mut self, len: usize) -> String {
        const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let mut bits = self.next_u64();
        (0..len)
            .map(|i| {
                if i % 12 == 11 {
                    bits = self.next_u64();
                }
                let c = DIGITS[(bits % 36) as usize];
                bits /= 36;
                c as char
            })
            .collect()
    }
}

/// One tab's identity as a writer of the shared profile.
#[derive(Debug, Clone)]
pub struct Writer {
    ids: IdSource,
    id: String,
    last_write: Option<u64>,
}

impl Writer {
    /// A writer whose ids come from `seed`.
    pub fn new(seed: u64) -> Writer {
        let mut ids = IdSource::new(seed);
        let id = ids.id(8);
        Writer { ids, id, last_write: None }
    }

    /// The id to count under at `now`: a fresh one after [`ROTATE_AFTER_MS`] of silence.
    pub fn id_at(&mut self, now: u64) -> &str {
        if self.last_write.is_some_and(|last| now.saturating_sub(last) >= ROTATE_AFTER_MS) {
            self.id = self.ids.id(8);
        }
        self.last_write = Some(self.last_write.map_or(now, |last| last.max(now)));
        &self.id
    }

    /// A fresh random id of `len` characters (visitor ids, ids for purchases without one).
    pub fn random_id(&mut self, len: usize) -> String {
        self.ids.id(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_its_id_while_active_and_rotates_after_thirty_idle_minutes() {
        let mut w = Writer::new(7);
        let first = w.id_at(0).to_owned();
        assert_eq!(w.id_at(ROTATE_AFTER_MS - 1), first);
        assert_eq!(w.id_at(2 * ROTATE_AFTER_MS - 2), first);
        let second = w.id_at(3 * ROTATE_AFTER_MS).to_owned();
        assert_ne!(second, first);
        assert_eq!(second.len(), 8);
    }
}
