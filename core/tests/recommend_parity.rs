//! The golden answers `crumbtrail/recommend` (the storefront's reader and scorer, in JavaScript) is
//! held to: what the Rust reader says of damaged files, and what the Rust scorer ranks for
//! shoppers' trails on a generated file. This test works them out and compares them with
//! `tests/data/recommend-parity.json`, which `tests/js/recommend-parity.test.mjs` replays against
//! the JavaScript module: a change on either side fails one of the two. After a deliberate change
//! to the reader or the scorer, write the file again with `CRUMBTRAIL_UPDATE_GOLDEN=1 cargo test
//! --test recommend_parity` and review its diff.

use crumbtrail_core::profile::stored_key;
use crumbtrail_core::recommend::model::{write_with_most_bought, ItemEntry, Neighbour, MAX_NEIGHBOURS, TOP_SCORE};
use crumbtrail_core::recommend::serve::{TrailItem, TrailKind};
use crumbtrail_core::recommender::{self, Recommender};
use crumbtrail_core::Value;

const T0: u64 = 1_750_000_000_000;
const DAY: u64 = 86_400_000;
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/recommend-parity.json");

/// xorshift64*: the same numbers on every machine.
struct Numbers(u64);

impl Numbers {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A file of `count` items: short ids, ids longer than the profile keeps (Shopify's), ids and
/// names outside ASCII, items without a name or a page, lists of every length with tied scores,
/// and a most-bought list of a tenth of the items (tied scores too).
fn model(count: usize, numbers: &mut Numbers) -> String {
    let mut ids: Vec<String> = (0..count)
        .map(|i| match i % 10 {
            0 => format!("gid://shopify/ProductVariant/{}", 40_000_000_000_u64 + i as u64),
            1 => format!("é-{i}"),
            2 => format!("🥾-{i}"),
            3 => format!("\u{fb01}-{i}"), // ﬁ: past the surrogates in UTF-16, before them in UTF-8
            _ => format!("sku-{i:04}"),
        })
        .collect();
    ids.sort();
    let entries: Vec<ItemEntry> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut list = || {
                let mut picked: Vec<u32> = Vec::new();
                for _ in 0..numbers.below(MAX_NEIGHBOURS as u64 + 1) {
                    let item = numbers.below(count as u64) as u32;
                    if item as usize != i && !picked.contains(&item) {
                        picked.push(item);
                    }
                }
                let mut scores: Vec<u8> =
                    picked.iter().map(|_| (numbers.below(u64::from(TOP_SCORE) / 8 + 1) * 8) as u8).collect();
                scores.sort_by(|a, b| b.cmp(a));
                picked.into_iter().zip(scores).map(|(item, score)| Neighbour { item, score }).collect()
            };
            let (bought_with, bought_next) = (list(), list());
            ItemEntry {
                id: id.clone(),
                name: (i % 3 != 0).then(|| format!("Item {i} — ünïcode")),
                href: (i % 4 != 0).then(|| format!("/p/{i}")),
                bought_with,
                bought_next,
            }
        })
        .collect();
    let mut most_bought: Vec<Neighbour> = Vec::new();
    let mut score = TOP_SCORE;
    while most_bought.len() < count / 10 {
        let item = numbers.below(count as u64) as u32;
        if !most_bought.iter().any(|n| n.item == item) {
            score = score.saturating_sub(numbers.below(3) as u8);
            most_bought.push(Neighbour { item, score });
        }
    }
    write_with_most_bought(&entries, &most_bought, 5)
}

/// A shopper's trail by stored keys, as the profile gives it: some items the file does not have,
/// repeated items, tied times.
fn trail(ids: &[String], length: usize, numbers: &mut Numbers) -> Vec<(String, TrailKind, u64)> {
    (0..length)
        .map(|k| {
            let id = match numbers.below(10) {
                0 => format!("not-in-the-file-{k}"),
                _ => ids[numbers.below(ids.len() as u64) as usize].clone(),
            };
            let kind = [TrailKind::Viewed, TrailKind::Viewed, TrailKind::AddedToCart, TrailKind::Purchased]
                [numbers.below(4) as usize];
            let at = T0 - numbers.below(8) * 7 * DAY / 2 - numbers.below(3) * 3_600_000;
            (stored_key(&id), kind, at)
        })
        .collect()
}

/// One way of damaging a file, as the JavaScript test replays it on the same text: by characters
/// (code points) and by lines.
enum Damage {
    /// Everything before character `at`.
    Cut(usize),
    /// Character `at` replaced with another.
    Set(usize, char),
    /// Character `at` removed.
    Remove(usize),
    /// Character `at` written twice.
    Double(usize),
    /// Two lines swapped.
    Swap(usize, usize),
    /// A line written twice.
    Repeat(usize),
    /// Another first line.
    Header(&'static str),
    /// Another text altogether.
    Text(String),
}

impl Damage {
    fn apply(&self, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        let mut lines: Vec<&str> = text.split('\n').collect();
        match *self {
            Damage::Cut(at) => return chars[..at].iter().collect(),
            Damage::Set(at, c) => chars[at] = c,
            Damage::Remove(at) => drop(chars.remove(at)),
            Damage::Double(at) => chars.insert(at, chars[at]),
            Damage::Swap(a, b) => lines.swap(a, b),
            Damage::Repeat(a) => lines.insert(a, lines[a]),
            Damage::Header(header) => lines[0] = header,
            Damage::Text(ref text) => return text.clone(),
        }
        match self {
            Damage::Swap(..) | Damage::Repeat(_) | Damage::Header(_) => lines.join("\n"),
            _ => chars.iter().collect(),
        }
    }

    fn to_value(&self) -> Value {
        let number = |n: usize| Value::from(n as u64);
        let (name, a, b) = match self {
            Damage::Cut(at) => ("cut", number(*at), Value::Null),
            Damage::Set(at, c) => ("set", number(*at), Value::from(c.to_string())),
            Damage::Remove(at) => ("remove", number(*at), Value::Null),
            Damage::Double(at) => ("double", number(*at), Value::Null),
            Damage::Swap(a, b) => ("swap", number(*a), number(*b)),
            Damage::Repeat(a) => ("repeat", number(*a), Value::Null),
            Damage::Header(header) => ("header", Value::from(*header), Value::Null),
            Damage::Text(text) => ("text", Value::from(text.as_str()), Value::Null),
        };
        Value::Array(vec![Value::from(name), a, b])
    }
}

/// Damaged copies of `text`: cut, a character changed, removed or doubled, lines swapped or
/// doubled, headers that lie, and a few other texts.
fn damaged(text: &str, numbers: &mut Numbers) -> Vec<Damage> {
    let chars = text.chars().count() as u64;
    let lines = text.split('\n').count() as u64;
    let replacements = ['\t', '\n', '\r', '!', 'A', '_', 'é', '\u{1}', ' ', '0', 'z', '\u{feff}', '🥾', '\u{85}'];
    let mut out = Vec::new();
    for _ in 0..60 {
        let at = numbers.below(chars) as usize;
        out.push(Damage::Cut(at));
        out.push(Damage::Set(at, replacements[numbers.below(replacements.len() as u64) as usize]));
        out.push(Damage::Remove(at));
        out.push(Damage::Double(at));
        out.push(Damage::Swap(numbers.below(lines) as usize, numbers.below(lines) as usize));
        out.push(Damage::Repeat(numbers.below(lines) as usize));
    }
    for header in [
        "crumbtrail-recommendations",
        "crumbtrail-recommendations 2",
        "crumbtrail-recommendations 3 70 5",
        "crumbtrail-recommendations 1 70 5",
        "crumbtrail-recommendations 2éééééééééééééééééééé 70 5",
        "crumbtrail-recommendations 2 70",
        "crumbtrail-recommendations 2 70 0",
        "crumbtrail-recommendations 2 70 5 more",
        "crumbtrail-recommendations 2 +70 5",
        "crumbtrail-recommendations 2 0070 5",
        "crumbtrail-recommendations 2 71 5",
        "crumbtrail-recommendations 2 69 5",
        "crumbtrail-recommendations 2 99999999 5",
        "crumbtrail-recommendations 2 16777216 5",
        "crumbtrail-recommendations 2 16777217 5",
        "crumbtrail-recommendations 2 18446744073709551615 5",
        "crumbtrail-recommendations 2 18446744073709551616 5",
        "crumbtrail-recommendations 2 70 4294967295",
        "crumbtrail-recommendations 2 70 4294967296",
        "crumbtrail-recommendations  2 70 5",
        "crumbtrail-recommendations\t2 70 5",
        " \u{85}\u{a0}",
        "\u{feff}",
        "<!doctype html>",
    ] {
        out.push(Damage::Header(header));
    }
    for other in [
        format!("\u{feff}{text}"),
        text.replace('\n', "\r\n"),
        format!("{text}\n"),
        format!("{text}x"),
        String::new(),
        "crumbtrail-recommendations 1 0 5\n".into(),
        "crumbtrail-recommendations 1 0 5".into(),
        "crumbtrail-recommendations 2 0 5\n".into(),
        "crumbtrail-recommendations 2 0 5\n\n".into(),
        "crumbtrail-recommendations 1 3 5\na\nb\n".into(),
        "crumbtrail-recommendations 2 2 5\na\nb\n\n\n\n\nBAAA\n".into(),
        "crumbtrail-recommendations 2 2 5\na\nb\n\n\n\n\nB_A_\n".into(),
    ] {
        out.push(Damage::Text(other));
    }
    out
}

fn golden() -> Value {
    let mut numbers = Numbers(0x5eed_cafe_f00d_1234);
    let text = model(300, &mut numbers);
    let served = Recommender::parse(&text).expect("the generated file reads");
    let ids: Vec<String> = (0..served.model().len() as u32).map(|i| served.model().id(i).to_owned()).collect();
    let mut cases = Vec::new();
    for case in 0..40 {
        let length = if case == 0 {
            0
        } else if case < 4 {
            80 + case
        } else if case % 5 == 4 {
            numbers.below(3) as usize // a new shopper: the most bought fill the places left
        } else {
            numbers.below(40) as usize
        };
        let entries = trail(&ids, length, &mut numbers);
        let trail: Vec<TrailItem<'_>> =
            entries.iter().map(|(item, kind, at)| TrailItem { item, kind: *kind, at: *at }).collect();
        let product = match numbers.below(10) {
            0..=2 => Some(ids[numbers.below(ids.len() as u64) as usize].clone()),
            3 => Some("not-in-the-file".to_owned()),
            _ => None,
        };
        let n = match case % 5 {
            4 => [10, 100][numbers.below(2) as usize],
            _ => [0, 1, 3, 4, 10, 100][numbers.below(6) as usize],
        };
        let mut request: Value =
            serde_json::from_str(&recommender::request_text(&trail, n, product.as_deref())).expect("JSON");
        let expected = recommender::to_value(&served.recommend_for(&trail, n, product.as_deref()));
        if let Value::Object(fields) = &mut request {
            fields.insert("expected", expected);
        }
        cases.push(request);
    }
    let small = model(70, &mut numbers);
    let files: Vec<Value> = damaged(&small, &mut numbers)
        .into_iter()
        .map(|damage| {
            let (items, error) = match Recommender::parse(&damage.apply(&small)) {
                Ok(r) => (Value::from(r.model().len() as u64), Value::Null),
                Err(e) => (Value::Null, Value::from(e.message.clone())),
            };
            Value::object([("damage", damage.to_value()), ("items", items), ("error", error)])
        })
        .collect();
    Value::object([
        ("model", Value::from(text)),
        ("cases", Value::Array(cases)),
        ("small", Value::from(small)),
        ("damaged", Value::Array(files)),
    ])
}

#[test]
fn the_golden_answers_for_the_javascript_module_are_the_rust_reader_and_scorer_s() {
    let expected = serde_json::to_string_pretty(&golden()).expect("JSON") + "\n";
    if std::env::var_os("CRUMBTRAIL_UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, &expected).expect("the golden file is written");
    }
    let stored = std::fs::read_to_string(GOLDEN).unwrap_or_default();
    assert!(
        stored == expected,
        "{GOLDEN} is not what the Rust reader and scorer give: if the change is deliberate, write it again \
         (CRUMBTRAIL_UPDATE_GOLDEN=1 cargo test --test recommend_parity), review the diff, and make \
         package/recommend.js give the same (tests/js/recommend-parity.test.mjs)"
    );
}

#[test]
fn the_golden_cases_cover_what_they_are_for() {
    let golden = golden();
    let Some(Value::Array(cases)) = golden.get("cases") else { panic!("cases") };
    let answered = cases.iter().filter(|c| matches!(c.get("expected"), Some(Value::Array(a)) if a.len() > 1)).count();
    assert!(answered >= 20, "most cases rank several items: {answered}");
    let score = |r: &Value| r.get("score").and_then(Value::as_f64);
    let filled =
        |c: &&Value| matches!(c.get("expected"), Some(Value::Array(a)) if a.iter().any(|r| score(r) == Some(0.0)));
    assert!(cases.iter().filter(filled).count() >= 5, "some shoppers are shown the most bought");
    let Some(Value::Array(files)) = golden.get("damaged") else { panic!("damaged") };
    let refused = files.iter().filter(|f| f.get("error") != Some(&Value::Null)).count();
    assert!(refused > files.len() / 2 && refused < files.len(), "{refused} of {} refused", files.len());
}

#[test]
fn recency_halves_every_half_life_to_the_last_bit_or_two() {
    use crumbtrail_core::recommend::serve::halving;
    let week = 7 * DAY;
    assert_eq!([0, week, 2 * week, 10 * week].map(|age| halving(age, week)), [1.0, 0.5, 0.25, 1.0 / 1024.0]);
    let mut numbers = Numbers(7);
    for _ in 0..10_000 {
        let age = numbers.below(400 * DAY);
        let exact = (-(age as f64) / week as f64).exp2();
        let ours = halving(age, week);
        assert!((ours - exact).abs() <= 4.0 * f64::EPSILON * exact, "{age}: {ours} vs {exact}");
    }
    assert_eq!(halving(u64::MAX, 1), 0.0);
}
