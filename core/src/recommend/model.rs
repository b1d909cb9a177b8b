//! The recommendations file: what the learn step writes and the storefront loads.
//!
//! A text file, so that a shop can serve it from its origin or inline it in a page as it is. The
//! header, then three sections of one line per item: the items (in byte order of their ids, so
//! that a lookup is a binary search and a repeated id is caught), their bought-with lists, their
//! bought-next lists; then one line, the shop's most-bought items:
//!
//! ```text
//! crumbtrail-recommendations 2 <items> <min-customers>
//! <id> [TAB <name> [TAB <href>]]     one line per item
//! <bought-with list>                 one line per item, in the same order
//! <bought-next list>                 one line per item, in the same order
//! <most-bought list>                 one line
//! ```
//!
//! `<min-customers>` is the privacy threshold the file was learned with: every pair in it was
//! bought by at least that many distinct customers, and so was every most-bought item. A file of
//! version 1 is the same without the most-bought line; it still reads. Each item's list is up to
//! [`MAX_NEIGHBOURS`] neighbours and the most-bought list up to [`MAX_MOST_BOUGHT`] items, best
//! first, each written as its item's index (its line among the items, from 0) in
//! a fixed number of base-64 digits (`A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_`: 1 digit up to 64 items, 2
//! up to 4,096, 3 up to 262,144, 4 up to [`MAX_ITEMS`]) and then one digit of score (see
//! [`score_weight`]). The digits need no escaping in HTML, JSON or JavaScript strings. Ids and
//! lists in sections of their own compress better than line by line (gzip: 7 % smaller on the
//! generated shop's 10,000 items).
//!
//! [`Model::parse`] checks everything before it keeps anything and refuses a file with a
//! [`ModelError`] that names the line; it allocates in proportion to the text, whatever the header
//! claims.

use std::fmt;

/// The first word of the header.
pub const FORMAT_NAME: &str = "crumbtrail-recommendations";
/// The version this module writes and reads.
pub const FORMAT_VERSION: u32 = 2;
/// Most neighbours in one list (the learn step's K).
pub const MAX_NEIGHBOURS: usize = 10;
/// Most items in the most-bought list: what a shopper whose items have no neighbours is shown.
pub const MAX_MOST_BOUGHT: usize = 100;
/// Most items in one file: an index packs into 24 bits (4 base-64 digits).
pub const MAX_ITEMS: usize = 1 << 24;
/// Longest id, name or href kept, in bytes: a storefront's ids are short, and a hostile file
/// should not make the engine hold megabytes per item.
pub const MAX_FIELD_BYTES: usize = 2_048;

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Highest score code: one base-64 digit.
pub const TOP_SCORE: u8 = 63;
/// Score codes per halving of the score: 8 codes an octave, so a code is within 4.4 % of the score
/// it stands for, over 8 octaves (1 down to 1/256).
const CODES_PER_OCTAVE: f64 = 8.0;

/// Which of an item's two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Bought in the same order by the same customers.
    BoughtWith,
    /// Bought in the customer's next order after this item.
    BoughtNext,
    /// The shop's most-bought items (one list for the whole file).
    MostBought,
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Signal::BoughtWith => "bought-with",
            Signal::BoughtNext => "bought-next",
            Signal::MostBought => "most-bought",
        })
    }
}

/// A related item: its index in the model and its score code (0..=[`TOP_SCORE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Neighbour {
    /// The item's index.
    pub item: u32,
    /// Its quantised score (see [`score_weight`]).
    pub score: u8,
}

/// The score code of a similarity in (0, 1]: logarithmic, [`TOP_SCORE`] for 1, one code less per
/// eighth of an octave; similarities below 1/256 get 0.
pub fn quantise_score(similarity: f64) -> u8 {
    if similarity.is_nan() || similarity <= 0.0 {
        return 0;
    }
    let below_top = (-similarity.min(1.0).log2() * CODES_PER_OCTAVE).round();
    (f64::from(TOP_SCORE) - below_top).max(0.0) as u8
}

/// The similarity a score code stands for: `2^((code − 63) / 8)`.
pub fn score_weight(code: u8) -> f64 {
    SCORE_WEIGHTS[usize::from(code.min(TOP_SCORE))]
}

/// [`score_weight`] for every code, worked out at compile time: serving reads one per neighbour.
const SCORE_WEIGHTS: [f64; 64] = {
    const EIGHTH_OCTAVE: f64 = 1.090_507_732_665_257_7; // 2^(1/8)
    let mut table = [1.0; 64];
    let mut code = 63;
    while code > 0 {
        table[code - 1] = table[code] / EIGHTH_OCTAVE;
        code -= 1;
    }
    table
};

/// Base-64 digits of one index in a file of `items` items.
pub fn index_width(items: usize) -> usize {
    let mut width = 1;
    while width < 4 && items > 1 << (6 * width) {
        width += 1;
    }
    width
}

/// Why a file was refused. Lines count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The text is empty.
    Empty,
    /// The first line does not start with [`FORMAT_NAME`].
    NotAModel,
    /// A version this code does not read.
    UnsupportedVersion(String),
    /// The header's counts are missing or not numbers.
    BadHeader,
    /// More items declared than [`MAX_ITEMS`].
    TooManyItems(usize),
    /// The privacy threshold is 0.
    NoPrivacyThreshold,
    /// The file ends before the lines its header declares (an item, a bought-with and a
    /// bought-next line per item, and the most-bought line in version 2).
    Truncated {
        /// Items declared.
        declared: usize,
    },
    /// Text after the declared items.
    TrailingText {
        /// The first line too many.
        line: usize,
    },
    /// An item line with more than three fields.
    TooManyFields {
        /// The line.
        line: usize,
    },
    /// An empty id.
    EmptyId {
        /// The line.
        line: usize,
    },
    /// An id, name or href longer than [`MAX_FIELD_BYTES`], or with a control character.
    BadField {
        /// The line.
        line: usize,
    },
    /// An id not after the previous one in byte order (out of order, or repeated).
    IdOutOfOrder {
        /// The line.
        line: usize,
    },
    /// A list whose length is not a whole number of neighbours, or has more than
    /// [`MAX_NEIGHBOURS`] ([`MAX_MOST_BOUGHT`] for the most-bought list).
    BadListLength {
        /// The line.
        line: usize,
        /// The list.
        signal: Signal,
    },
    /// A character that is not a base-64 digit.
    BadDigit {
        /// The line.
        line: usize,
        /// The list.
        signal: Signal,
    },
    /// A neighbour index past the last item.
    NeighbourOutOfRange {
        /// The line.
        line: usize,
        /// The list.
        signal: Signal,
    },
    /// An item listed as its own neighbour, or one neighbour listed twice.
    RepeatedNeighbour {
        /// The line.
        line: usize,
        /// The list.
        signal: Signal,
    },
    /// A list whose scores rise: lists are written best first.
    ScoresOutOfOrder {
        /// The line.
        line: usize,
        /// The list.
        signal: Signal,
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ModelError::*;
        match self {
            Empty => write!(f, "the recommendations file is empty"),
            NotAModel => write!(f, "not a recommendations file (it must start with \"{FORMAT_NAME}\")"),
            UnsupportedVersion(v) => write!(f, "recommendations format version \"{v}\" is not 1 or {FORMAT_VERSION}"),
            BadHeader => write!(f, "line 1: expected \"{FORMAT_NAME} {FORMAT_VERSION} <items> <min-customers>\""),
            TooManyItems(n) => write!(f, "line 1: {n} items, more than {MAX_ITEMS}"),
            NoPrivacyThreshold => write!(f, "line 1: the minimum number of customers must be at least 1"),
            Truncated { declared } => write!(f, "the file ends before the lines of its {declared} items"),
            TrailingText { line } => write!(f, "line {line}: text after the declared items"),
            TooManyFields { line } => write!(f, "line {line}: more than three fields"),
            EmptyId { line } => write!(f, "line {line}: empty id"),
            BadField { line } => {
                write!(f, "line {line}: a field longer than {MAX_FIELD_BYTES} bytes or with a control character")
            }
            IdOutOfOrder { line } => {
                write!(f, "line {line}: id not after the previous one (ids are sorted and unique)")
            }
            BadListLength { line, signal } => write!(f, "line {line}: {signal} list of the wrong length"),
            BadDigit { line, signal } => write!(f, "line {line}: {signal} list has a character that is not base-64"),
            NeighbourOutOfRange { line, signal } => write!(f, "line {line}: {signal} list names an item past the last"),
            RepeatedNeighbour { line, signal } => {
                write!(f, "line {line}: {signal} list repeats an item or names the item itself")
            }
            ScoresOutOfOrder { line, signal } => write!(f, "line {line}: {signal} list is not best first"),
        }
    }
}

impl std::error::Error for ModelError {}

/// Where one item's strings are in [`Model`]'s text buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ItemText {
    id: (u32, u32),
    name: (u32, u32),
    href: (u32, u32),
}

/// A loaded recommendations file.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Ids, names and hrefs, one after the other.
    text: String,
    items: Vec<ItemText>,
    /// Every list, one after the other, as in the file: item `i`'s bought-with list is
    /// `neighbours[starts[i]..starts[i + 1]]`, its bought-next list the same at `n + i`.
    neighbours: Vec<Neighbour>,
    starts: Vec<u32>,
    /// The shop's most-bought items, best first.
    most_bought: Vec<Neighbour>,
    /// Item indices by the hash of their id ([`IdIndex`]).
    by_id: IdIndex,
    min_customers: u32,
}

/// Item indices by a hash of their id, for a lookup in a few probes: open addressing with linear
/// probing, at most two thirds full, each slot an index + 1 (0: empty). Ids whose probe sequence
/// would pass [`IdIndex::MAX_PROBES`] are left out, and a lookup that reaches that many
/// occupied slots falls back to the binary search over the sorted ids: a file crafted to collide
/// is slower to search, never wrong, and never slow to load.
#[derive(Debug, Clone, PartialEq, Default)]
struct IdIndex {
    slots: Vec<u32>,
}

impl IdIndex {
    const MAX_PROBES: usize = 32;

    fn with_room_for(items: usize) -> IdIndex {
        IdIndex { slots: vec![0; (items + items / 2).next_power_of_two().max(8)] }
    }

    /// FNV-1a over the id's bytes, its high bits spread by a multiplication.
    fn home(&self, id: &str) -> usize {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in id.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (self.slots.len() - 1)
    }

    fn insert(&mut self, id: &str, index: u32) {
        let (home, mask) = (self.home(id), self.slots.len() - 1);
        for probe in 0..Self::MAX_PROBES {
            if let Some(slot @ 0) = self.slots.get_mut((home + probe) & mask) {
                *slot = index + 1;
                return;
            }
        }
    }

    /// `Some(Some(i))` found, `Some(None)` surely absent, `None` ask the binary search.
    fn find<'m>(&self, id: &str, id_of: impl Fn(u32) -> &'m str) -> Option<Option<u32>> {
        if self.slots.is_empty() {
            return None;
        }
        let (home, mask) = (self.home(id), self.slots.len() - 1);
        for probe in 0..Self::MAX_PROBES {
            match self.slots.get((home + probe) & mask).copied() {
                Some(0) | None => return Some(None),
                Some(slot) if id_of(slot - 1) == id => return Some(Some(slot - 1)),
                Some(_) => {}
            }
        }
        None
    }
}

/// One item to write: its id, optional name and href, and its two lists (indices into the same
/// slice of items, which is sorted by id).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemEntry {
    /// Its id, as the storefront reports it.
    pub id: String,
    /// Its name, if known.
    pub name: Option<String>,
    /// Its page, if known.
    pub href: Option<String>,
    /// Bought in the same order, best first.
    pub bought_with: Vec<Neighbour>,
    /// Bought next, best first.
    pub bought_next: Vec<Neighbour>,
}

/// Writes `items` (sorted by id, lists best first) as a recommendations file with an empty
/// most-bought list.
pub fn write(items: &[ItemEntry], min_customers: u32) -> String {
    write_with_most_bought(items, &[], min_customers)
}

/// Writes `items` (sorted by id, lists best first) and the shop's `most_bought` items (indices
/// into `items`, best first, at most [`MAX_MOST_BOUGHT`] written) as a recommendations file. Tabs
/// and line breaks in names and hrefs become spaces; the caller leaves out ids that have them.
pub fn write_with_most_bought(items: &[ItemEntry], most_bought: &[Neighbour], min_customers: u32) -> String {
    let width = index_width(items.len());
    let mut out = format!("{FORMAT_NAME} {FORMAT_VERSION} {} {min_customers}\n", items.len());
    let push_list = |out: &mut String, list: &[Neighbour]| {
        for n in list {
            for digit in (0..width).rev() {
                out.push(char::from(DIGITS[(n.item as usize >> (6 * digit)) & 63]));
            }
            out.push(char::from(DIGITS[usize::from(n.score.min(TOP_SCORE))]));
        }
        out.push('\n');
    };
    let field = |s: &Option<String>| s.as_deref().unwrap_or("").replace(['\t', '\n', '\r'], " ");
    for item in items {
        out.push_str(&item.id);
        match (&item.name, &item.href) {
            (_, Some(_)) => out.push_str(&format!("\t{}\t{}", field(&item.name), field(&item.href))),
            (Some(_), None) => out.push_str(&format!("\t{}", field(&item.name))),
            (None, None) => {}
        }
        out.push('\n');
    }
    for signal in [Signal::BoughtWith, Signal::BoughtNext] {
        for item in items {
            push_list(&mut out, if signal == Signal::BoughtWith { &item.bought_with } else { &item.bought_next });
        }
    }
    push_list(&mut out, most_bought.get(..MAX_MOST_BOUGHT).unwrap_or(most_bought));
    out
}

fn digit_value(byte: u8) -> Option<u32> {
    let value = match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

impl Model {
    /// Reads and checks a recommendations file.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).zip(1..);
        let header = lines.next().map(|(h, _)| h).filter(|h| !h.trim().is_empty()).ok_or(ModelError::Empty)?;
        let (version, declared, min_customers) = read_header(header)?;
        // Each item takes at least three line breaks: more than the text has is a lie.
        if declared > text.len() / 3 {
            return Err(ModelError::Truncated { declared });
        }
        let mut model = Model {
            text: String::new(),
            items: Vec::with_capacity(declared),
            neighbours: Vec::new(),
            starts: Vec::with_capacity(2 * declared + 1),
            most_bought: Vec::new(),
            by_id: IdIndex::default(),
            min_customers,
        };
        let mut next_line = || lines.next().ok_or(ModelError::Truncated { declared });
        let mut previous_id: Option<&str> = None;
        for _ in 0..declared {
            let (line, number) = next_line()?;
            let mut fields = line.split('\t');
            let (id, name, href) =
                (fields.next().unwrap_or(""), fields.next().unwrap_or(""), fields.next().unwrap_or(""));
            if fields.next().is_some() {
                return Err(ModelError::TooManyFields { line: number });
            }
            if id.is_empty() {
                return Err(ModelError::EmptyId { line: number });
            }
            let bad = |s: &str| s.len() > MAX_FIELD_BYTES || s.chars().any(char::is_control);
            if bad(id) || bad(name) || bad(href) {
                return Err(ModelError::BadField { line: number });
            }
            if previous_id.is_some_and(|p| p >= id) {
                return Err(ModelError::IdOutOfOrder { line: number });
            }
            previous_id = Some(id);
            let mut keep = |s: &str| {
                let start = model.text.len() as u32;
                model.text.push_str(s);
                (start, model.text.len() as u32)
            };
            let item = ItemText { id: keep(id), name: keep(name), href: keep(href) };
            model.items.push(item);
        }
        let width = index_width(declared);
        model.starts.push(0);
        for signal in [Signal::BoughtWith, Signal::BoughtNext] {
            for own in 0..declared {
                let (line, number) = next_line()?;
                read_list(line, width, declared, Some(own as u32), signal, number, &mut model.neighbours)?;
                model.starts.push(model.neighbours.len() as u32);
            }
        }
        if version >= 2 {
            let (line, number) = next_line()?;
            read_list(line, width, declared, None, Signal::MostBought, number, &mut model.most_bought)?;
        }
        let mut by_id = IdIndex::with_room_for(declared);
        for index in 0..declared as u32 {
            by_id.insert(model.id(index), index);
        }
        model.by_id = by_id;
        match lines.next() {
            None => Ok(model),
            Some(("", _)) if lines.next().is_none() => Ok(model), // the final line break
            Some((_, line)) => Err(ModelError::TrailingText { line }),
        }
    }

    /// How many items the file has.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The privacy threshold it was learned with: each pair was bought by this many customers or
    /// more.
    pub fn min_customers(&self) -> u32 {
        self.min_customers
    }

    /// The index of the item with this id.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        self.by_id
            .find(id, |index| self.id(index))
            .unwrap_or_else(|| self.items.binary_search_by(|item| self.slice(item.id).cmp(id)).ok().map(|i| i as u32))
    }

    /// The id of item `index` ("" past the end).
    pub fn id(&self, index: u32) -> &str {
        self.items.get(index as usize).map_or("", |item| self.slice(item.id))
    }

    /// The name of item `index`, if the file gives one.
    pub fn name(&self, index: u32) -> Option<&str> {
        self.items.get(index as usize).map(|item| self.slice(item.name)).filter(|s| !s.is_empty())
    }

    /// The page of item `index`, if the file gives one.
    pub fn href(&self, index: u32) -> Option<&str> {
        self.items.get(index as usize).map(|item| self.slice(item.href)).filter(|s| !s.is_empty())
    }

    /// Item `index`'s list for `signal`, best first (empty past the end); for
    /// [`Signal::MostBought`], the file's most-bought list whatever the index.
    pub fn neighbours(&self, index: u32, signal: Signal) -> &[Neighbour] {
        let at = match signal {
            Signal::BoughtWith => index as usize,
            Signal::BoughtNext => index as usize + self.items.len(),
            Signal::MostBought => return &self.most_bought,
        };
        match (self.starts.get(at), self.starts.get(at + 1)) {
            (Some(&start), Some(&end)) => self.neighbours.get(start as usize..end as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The shop's most-bought items, best first.
    pub fn most_bought(&self) -> &[Neighbour] {
        &self.most_bought
    }

    /// The model as entries, ready for [`write_with_most_bought`] (which, with
    /// [`Model::most_bought`], gives the same text back).
    pub fn entries(&self) -> Vec<ItemEntry> {
        (0..self.len() as u32)
            .map(|i| ItemEntry {
                id: self.id(i).to_owned(),
                name: self.name(i).map(str::to_owned),
                href: self.href(i).map(str::to_owned),
                bought_with: self.neighbours(i, Signal::BoughtWith).to_vec(),
                bought_next: self.neighbours(i, Signal::BoughtNext).to_vec(),
            })
            .collect()
    }

    fn slice(&self, (start, end): (u32, u32)) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }
}

fn read_header(header: &str) -> Result<(u32, usize, u32), ModelError> {
    let mut words = header.split(' ');
    if words.next() != Some(FORMAT_NAME) {
        return Err(ModelError::NotAModel);
    }
    let version = match words.next() {
        Some("1") => 1,
        Some("2") => 2,
        Some(v) => return Err(ModelError::UnsupportedVersion(v.chars().take(16).collect())),
        None => return Err(ModelError::BadHeader),
    };
    let number =
        |w: Option<&str>| w.filter(|w| w.bytes().all(|b| b.is_ascii_digit())).and_then(|w| w.parse::<u64>().ok());
    let (Some(items), Some(min_customers), None) = (number(words.next()), number(words.next()), words.next()) else {
        return Err(ModelError::BadHeader);
    };
    if items > MAX_ITEMS as u64 {
        return Err(ModelError::TooManyItems(items as usize));
    }
    if min_customers == 0 {
        return Err(ModelError::NoPrivacyThreshold);
    }
    let min_customers = u32::try_from(min_customers).map_err(|_| ModelError::BadHeader)?;
    Ok((version, items as usize, min_customers))
}

/// Checks one list (of item `own`, or the most-bought list) and appends its neighbours to `out`.
fn read_list(
    list: &str,
    width: usize,
    items: usize,
    own: Option<u32>,
    signal: Signal,
    line: usize,
    out: &mut Vec<Neighbour>,
) -> Result<(), ModelError> {
    let bytes = list.as_bytes();
    let most = if own.is_some() { MAX_NEIGHBOURS } else { MAX_MOST_BOUGHT };
    if bytes.len() % (width + 1) != 0 || bytes.len() / (width + 1) > most {
        return Err(ModelError::BadListLength { line, signal });
    }
    let first = out.len();
    for chunk in bytes.chunks_exact(width + 1) {
        let mut digits = chunk.iter().map(|&b| digit_value(b).ok_or(ModelError::BadDigit { line, signal }));
        let mut item = 0_u32;
        for _ in 0..width {
            item = (item << 6) | digits.next().unwrap_or(Ok(0))?;
        }
        let score = digits.next().unwrap_or(Ok(0))? as u8;
        if item as usize >= items {
            return Err(ModelError::NeighbourOutOfRange { line, signal });
        }
        let listed = out.get(first..).unwrap_or(&[]);
        if Some(item) == own || listed.iter().any(|n| n.item == item) {
            return Err(ModelError::RepeatedNeighbour { line, signal });
        }
        if listed.last().is_some_and(|n| n.score < score) {
            return Err(ModelError::ScoresOutOfOrder { line, signal });
        }
        out.push(Neighbour { item, score });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_codes_stay_within_half_a_step_of_the_similarity() {
        for similarity in [1.0, 0.5, 0.3, 0.1, 0.02, 0.005] {
            let back = score_weight(quantise_score(similarity));
            assert!((back / similarity).log2().abs() <= 0.5 / CODES_PER_OCTAVE + 1e-12, "{similarity} → {back}");
        }
        assert_eq!(quantise_score(1.0), TOP_SCORE);
        assert_eq!(quantise_score(1e-9), 0);
        assert_eq!(quantise_score(f64::NAN), 0);
    }

    #[test]
    fn an_overfull_id_index_sends_lookups_to_the_binary_search_never_astray() {
        let ids: Vec<String> = (0..40).map(|i| format!("id-{i}")).collect();
        let mut index = IdIndex::with_room_for(2); // 8 slots for 40 ids
        for (i, id) in ids.iter().enumerate() {
            index.insert(id, i as u32);
        }
        let id_of = |i: u32| ids[i as usize].as_str();
        let mut in_table = 0;
        for (i, id) in ids.iter().enumerate() {
            match index.find(id, id_of) {
                Some(Some(found)) => {
                    assert_eq!(found, i as u32);
                    in_table += 1;
                }
                Some(None) => panic!("{id} reported absent"),
                None => {} // the binary search answers
            }
        }
        assert_eq!(in_table, 8);
        assert_eq!(index.find("id-99", id_of), None, "a full table cannot say absent");
    }

    #[test]
    fn index_width_grows_with_the_item_count() {
        assert_eq!([1, 64, 65, 4_096, 4_097, 262_145].map(index_width), [1, 1, 2, 2, 3, 4]);
    }
}
