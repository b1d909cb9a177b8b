//! Small maps and small sorts, sized for the wasm.
//!
//! [`Keyed`] is a map from string keys kept as a vector sorted by key. Every map crumbtrail holds
//! is small (the profile's are bounded to a few dozen entries, objects from the page to
//! [`MAX_KEYS`]); for those a sorted vector is as fast as a B-tree and a fraction of its code in
//! the wasm (B-tree maps cost ≈ 11 KB there). Sorted keys also make equal maps equal entry for
//! entry, which the merge tests rely on. [`sort_small`] is an insertion sort for the same reason.

use std::cmp::Ordering;

/// Most keys one map holds when built from outside data (an object from the page).
pub const MAX_KEYS: usize = 1_000;

/// Entries sorted by key, each key once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed { entries: Vec::new() }
    }
}

impl<V> Keyed<V> {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().and_then(|i| self.entries.get(i)).map(|(_, v)| v)
    }

    /// The value under `key`, inserted by `make` if absent.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        let i = self.find(key).unwrap_or_else(|i| {
            self.entries.insert(i, (key.to_owned(), make()));
            i
        });
        // `i` is in range: found, or just inserted there.
        &mut self.entries[i].1
    }

    /// Puts `value` under `key`, replacing what was there.
    pub fn insert(&mut self, key: &str, value: V) {
        match self.find(key) {
            Ok(i) => {
                if let Some(entry) = self.entries.get_mut(i) {
                    entry.1 = value;
                }
            }
            Err(i) => self.entries.insert(i, (key.to_owned(), value)),
        }
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Entries in key order, values mutable.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (k.as_str(), &mut *v))
    }

    /// Keeps the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &V) -> bool) {
        self.entries.retain(|(k, v)| keep(k, v));
    }

    /// The same keys, each value mapped by `f`.
    pub fn map_values<W>(&self, f: impl Fn(&V) -> W) -> Keyed<W> {
        Keyed { entries: self.entries.iter().map(|(k, v)| (k.clone(), f(v))).collect() }
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<V> FromIterator<(String, V)> for Keyed<V> {
    /// Later duplicates of a key replace earlier ones.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut map = Keyed::default();
        for (k, v) in iter {
            map.insert(&k, v);
        }
        map
    }
}

/// Sorts a short slice (insertion sort: tiny code, and fast below a few dozen elements).
pub fn sort_small<T>(items: &mut [T], before: fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && before(&items[j], &items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// `newest_first` as the `before` of [`sort_small`].
pub fn is_newer(a: &(u64, &str), b: &(u64, &str)) -> bool {
    newest_first(a, b) == Ordering::Less
}

/// The one ordering for "newest first": later time first, then key ascending. A plain `fn`, so
/// every sort by recency shares one instantiation in the wasm.
pub fn newest_first(a: &(u64, &str), b: &(u64, &str)) -> Ordering {
    b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1))
}
