//! Recommendations learned from orders: the privacy threshold, the two lists, the file
//! format and its validation, serving from a trail, the line-item reader, and the generated shop
//! whose planted structure the learned file must recover.

use crumbtrail_core::calibrate::lines::{LineItemReader, LineOptions, PairRowReader};
use crumbtrail_core::recommend::evaluate::evaluate;
use crumbtrail_core::recommend::learn::{LearnOptions, OrderLine, OrderLog, PairLog};
use crumbtrail_core::recommend::model::{
    quantise_score, write, write_with_most_bought, ItemEntry, Neighbour, FORMAT_NAME,
};
use crumbtrail_core::recommend::model::{Model, ModelError, Signal};
use crumbtrail_core::recommend::serve::{recommend, TrailItem, TrailKind, Weights};
use crumbtrail_core::recommend::shop::{item_id, GeneratedShop, ShopPlan};
use proptest::prelude::*;

mod common;
use common::fixed_or_soak;

const DAY: u64 = 86_400_000;
const T0: u64 = 1_750_000_000_000;

/// Adds one order of `items` for `customer` on day `day`.
fn order(log: &mut OrderLog, customer: &str, id: &str, day: u64, items: &[&str]) {
    for item in items {
        log.add(&OrderLine { customer, order: Some(id), at: T0 + day * DAY, item, name: None, href: None });
    }
}

fn learn(log: &OrderLog, min_customers: u32) -> Model {
    let options = LearnOptions { min_customers, ..LearnOptions::default() };
    Model::parse(&log.learn(&options).text).expect("the learned file reads back")
}

/// The ids in `item`'s list, best first (empty when the item is not in the file).
fn list(model: &Model, item: &str, signal: Signal) -> Vec<String> {
    let Some(index) = model.index_of(item) else { return Vec::new() };
    model.neighbours(index, signal).iter().map(|n| model.id(n.item).to_owned()).collect()
}

/// `customers` customers each buy `a` and `b` together, and `x` and `y` a date apart.
fn pairs_made_by(customers: usize) -> OrderLog {
    let mut log = OrderLog::new();
    for c in 0..customers {
        let who = format!("c{c}");
        order(&mut log, &who, &format!("{who}-1"), 1, &["a", "b"]);
        order(&mut log, &who, &format!("{who}-2"), 2, &["x"]);
        order(&mut log, &who, &format!("{who}-3"), 3, &["y"]);
    }
    log
}

#[test]
fn a_pair_made_by_fewer_customers_than_the_threshold_never_appears() {
    for min_customers in [1, 2, 5, 9] {
        let below = learn(&pairs_made_by(min_customers as usize - 1), min_customers);
        assert!(below.is_empty(), "N = {min_customers}: {} items from N − 1 customers", below.len());
        let at = learn(&pairs_made_by(min_customers as usize), min_customers);
        // Bought with: by the same customers, in any of their orders (equal scores by id).
        assert_eq!(list(&at, "a", Signal::BoughtWith), ["b", "x", "y"], "N = {min_customers}");
        assert_eq!(list(&at, "y", Signal::BoughtWith), ["a", "b", "x"]);
        assert_eq!(list(&at, "a", Signal::BoughtNext), ["x"]);
        assert_eq!(list(&at, "x", Signal::BoughtNext), ["y"]);
        assert_eq!(list(&at, "y", Signal::BoughtNext), Vec::<String>::new(), "next is one way");
        assert_eq!(at.min_customers(), min_customers);
    }
}

#[test]
fn a_customer_counts_once_however_often_they_buy_the_pair() {
    // One customer buys a+b twenty times, three others once: four distinct customers.
    let mut log = pairs_made_by(3);
    for n in 0..20 {
        order(&mut log, "loyal", &format!("loyal-{n}"), 10 + n, &["a", "b"]);
    }
    assert!(list(&learn(&log, 5), "a", Signal::BoughtWith).is_empty());
    order(&mut log, "fifth", "fifth-1", 1, &["a", "b"]);
    assert_eq!(list(&learn(&log, 5), "a", Signal::BoughtWith), ["b"]);
}

#[test]
fn an_item_only_in_private_pairs_is_not_in_the_file() {
    let mut log = pairs_made_by(5);
    for c in 0..4 {
        order(&mut log, &format!("c{c}"), &format!("c{c}-rare"), 5, &["a", "rare"]);
    }
    let model = learn(&log, 5);
    assert_eq!(model.index_of("rare"), None);
    assert_eq!(list(&model, "a", Signal::BoughtWith), ["b", "x", "y"]);
    let most_bought: Vec<&str> = model.most_bought().iter().map(|n| model.id(n.item)).collect();
    assert_eq!(most_bought, ["a", "b", "x", "y"], "bought by 5 customers each; rare by 4");
}

#[test]
fn bought_next_is_the_next_date_only_and_a_repeat_is_no_pair() {
    let mut log = OrderLog::new();
    for c in 0..5 {
        let who = format!("c{c}");
        order(&mut log, &who, &format!("{who}-1"), 1, &["a"]);
        // Two orders on the same date are one step.
        order(&mut log, &who, &format!("{who}-2"), 2, &["b"]);
        order(&mut log, &who, &format!("{who}-3"), 2, &["c", "a"]);
        order(&mut log, &who, &format!("{who}-4"), 3, &["d"]);
    }
    let model = learn(&log, 5);
    let mut after_a = list(&model, "a", Signal::BoughtNext);
    after_a.sort();
    assert_eq!(after_a, ["b", "c", "d"], "a on day 2 leads to d on day 3; day 1's a leads to b and c");
    assert_eq!(list(&model, "b", Signal::BoughtNext), ["d"]);
    assert!(list(&model, "d", Signal::BoughtNext).is_empty());
    assert_eq!(list(&model, "b", Signal::BoughtWith), ["a", "c", "d"], "alone in its order, not in its customers'");
}

#[test]
fn a_day_is_one_step_and_lines_without_an_order_id_are_one_order_a_day() {
    let midnight = T0 - T0 % DAY;
    let mut log = OrderLog::new();
    for c in 0..5 {
        let who = format!("c{c}");
        let line = |item, at| OrderLine { customer: &who, order: None, at, item, name: None, href: None };
        log.add(&line("a", midnight + 1_000));
        log.add(&line("b", midnight + 20 * 3_600_000)); // that evening: the same order
        log.add(&line("c", midnight + DAY + 1_000)); // the next morning: the next step
    }
    let model = learn(&log, 5);
    assert_eq!(list(&model, "a", Signal::BoughtWith), ["b", "c"]);
    assert_eq!(list(&model, "a", Signal::BoughtNext), ["c"]);
    assert_eq!(list(&model, "b", Signal::BoughtNext), ["c"]);
}

#[test]
fn scores_are_the_cosine_of_the_customer_sets() {
    // a: 10 customers; a+b by 5 of them, b by 15 others: cos(a, b) = 5 / sqrt(10 × 20) ≈ 0.354;
    // a+c by the other 5, c by 40 more: cos(a, c) = 5 / sqrt(10 × 45) ≈ 0.236.
    let mut log = OrderLog::new();
    for c in 0..5 {
        order(&mut log, &format!("p{c}"), &format!("p{c}"), 1, &["a", "b"]);
        order(&mut log, &format!("q{c}"), &format!("q{c}"), 1, &["a", "c"]);
    }
    for c in 0..15 {
        order(&mut log, &format!("r{c}"), &format!("r{c}"), 1, &["b"]);
    }
    for c in 0..40 {
        order(&mut log, &format!("s{c}"), &format!("s{c}"), 1, &["c"]);
    }
    let model = learn(&log, 5);
    let a = model.index_of("a").unwrap();
    let scores: Vec<(String, u8)> =
        model.neighbours(a, Signal::BoughtWith).iter().map(|n| (model.id(n.item).to_owned(), n.score)).collect();
    let (b_cos, c_cos) = (5.0 / (10.0_f64 * 20.0).sqrt(), 5.0 / (10.0_f64 * 45.0).sqrt());
    assert_eq!(scores, [("b".to_owned(), quantise_score(b_cos)), ("c".to_owned(), quantise_score(c_cos))]);
}

#[test]
fn orders_larger_than_the_basket_limit_make_no_pairs() {
    let mut log = OrderLog::new();
    for c in 0..5 {
        order(&mut log, &format!("c{c}"), &format!("c{c}"), 1, &["a", "b", "c", "d"]);
    }
    let no_lists = |model: &Model| {
        (0..model.len() as u32)
            .all(|i| [Signal::BoughtWith, Signal::BoughtNext].iter().all(|&s| model.neighbours(i, s).is_empty()))
    };
    let options = LearnOptions { max_basket: 3, ..LearnOptions::default() };
    let model = Model::parse(&log.learn(&options).text).unwrap();
    assert!(no_lists(&model), "the items are there only as the most bought");
    assert_eq!(model.most_bought().len(), 4);
    let options = LearnOptions { max_basket: 4, ..LearnOptions::default() };
    assert!(!no_lists(&Model::parse(&log.learn(&options).text).unwrap()));
}

#[test]
fn a_customer_with_more_items_than_the_limit_makes_no_bought_with_pairs() {
    let mut log = OrderLog::new();
    for c in 0..5 {
        order(&mut log, &format!("c{c}"), &format!("c{c}-1"), 1, &["a", "b"]);
        order(&mut log, &format!("c{c}"), &format!("c{c}-2"), 2, &["c"]);
    }
    let learned = |max_customer_items| {
        let options = LearnOptions { max_customer_items, ..LearnOptions::default() };
        Model::parse(&log.learn(&options).text).unwrap()
    };
    assert_eq!(list(&learned(3), "a", Signal::BoughtWith), ["b", "c"]);
    assert!(list(&learned(2), "a", Signal::BoughtWith).is_empty());
    assert_eq!(list(&learned(2), "a", Signal::BoughtNext), ["c"], "the next-order steps are within the basket limit");
}

#[test]
fn the_file_does_not_depend_on_the_order_of_the_lines() {
    let shop = GeneratedShop::generate(&ShopPlan { seed: 7, items: 60, lines: 4_000 });
    let forward = shop.to_log().learn(&LearnOptions::default()).text;
    let mut reversed = shop.clone();
    reversed.lines.reverse();
    assert_eq!(reversed.to_log().learn(&LearnOptions::default()).text, forward);
}

fn sample_entries() -> Vec<ItemEntry> {
    let n = |item, score| Neighbour { item, score };
    vec![
        ItemEntry {
            id: "boot".into(),
            name: Some("Trail boot".into()),
            href: Some("/p/boot".into()),
            bought_with: vec![n(2, 63), n(1, 40)],
            bought_next: vec![n(1, 12)],
        },
        ItemEntry {
            id: "lace".into(),
            name: Some("Laces".into()),
            bought_with: vec![n(0, 40)],
            ..ItemEntry::default()
        },
        ItemEntry { id: "sock".into(), bought_with: vec![n(0, 63)], ..ItemEntry::default() },
    ]
}

#[test]
fn a_written_file_reads_back_the_same() {
    let most_bought = [Neighbour { item: 2, score: 63 }, Neighbour { item: 0, score: 60 }];
    let text = write_with_most_bought(&sample_entries(), &most_bought, 5);
    assert_eq!(
        text,
        "crumbtrail-recommendations 2 3 5\nboot\tTrail boot\t/p/boot\nlace\tLaces\nsock\nC_Bo\nAo\nA_\nBM\n\n\nC_A8\n"
    );
    let model = Model::parse(&text).unwrap();
    assert_eq!(model.entries(), sample_entries());
    assert_eq!(model.most_bought(), most_bought);
    assert_eq!(model.neighbours(7, Signal::MostBought), most_bought, "one list for the file");
    // Version 1: no most-bought line.
    let version_1 = text.replacen(" 2 3 5", " 1 3 5", 1).replace("C_A8\n", "");
    let old = Model::parse(&version_1).unwrap();
    assert_eq!((old.entries(), old.most_bought()), (sample_entries(), &[][..]));
    assert_eq!(Model::parse(&(version_1 + "C_\n")), Err(ModelError::TrailingText { line: 11 }));
    assert_eq!(
        (model.name(0), model.href(0), model.href(1), model.name(2)),
        (Some("Trail boot"), Some("/p/boot"), None, None)
    );
    assert_eq!(Model::parse(text.strip_suffix('\n').unwrap()).unwrap(), model, "the final line break is optional");
    assert_eq!(Model::parse(&text.replace('\n', "\r\n")).unwrap(), model);
}

#[test]
fn a_corrupt_file_is_refused_with_the_reason() {
    let good = write_with_most_bought(&sample_entries(), &[Neighbour { item: 2, score: 63 }], 5);
    let with = |from: &str, to: &str| good.replacen(from, to, 1);
    let most_bought = |list: &str| good.replacen("\nC_\n", &format!("\n{list}\n"), 1);
    use ModelError::*;
    let cases: Vec<(String, ModelError)> = vec![
        (String::new(), Empty),
        ("{\"items\":[]}".into(), NotAModel),
        (with(" 2 3 5", " 3 3 5"), UnsupportedVersion("3".into())),
        (with(" 2 3 5", " 2 3"), BadHeader),
        (with(" 2 3 5", " 2 x 5"), BadHeader),
        (with(" 2 3 5", " 2 3 0"), NoPrivacyThreshold),
        (with(" 2 3 5", " 2 99999999 5"), TooManyItems(99_999_999)),
        (with(" 2 3 5", " 2 300 5"), Truncated { declared: 300 }),
        (good.replace("BM\n\n\nC_\n", ""), Truncated { declared: 3 }),
        (good.replace("\n\nC_\n", "\n"), Truncated { declared: 3 }),
        (with(" 2 3 5", " 2 2 5"), NeighbourOutOfRange { line: 4, signal: Signal::BoughtWith }),
        (good.clone() + "more\n", TrailingText { line: 12 }),
        (most_bought("C_C_"), RepeatedNeighbour { line: 11, signal: Signal::MostBought }),
        (most_bought("CoA_"), ScoresOutOfOrder { line: 11, signal: Signal::MostBought }),
        (most_bought("D_"), NeighbourOutOfRange { line: 11, signal: Signal::MostBought }),
        (most_bought(&"AA".repeat(101)), BadListLength { line: 11, signal: Signal::MostBought }),
        (with("lace\tLaces", "lace\tLaces\tx\ty"), TooManyFields { line: 3 }),
        (with("lace", ""), EmptyId { line: 3 }),
        (with("Laces", "La\u{7}ces"), BadField { line: 3 }),
        (with("lace", "aaa"), IdOutOfOrder { line: 3 }),
        (with("sock", "boot"), IdOutOfOrder { line: 4 }),
        (with("C_Bo", "C_B"), BadListLength { line: 5, signal: Signal::BoughtWith }),
        (with("C_Bo", "C_BoC_BoC_BoC_BoC_BoC_"), BadListLength { line: 5, signal: Signal::BoughtWith }),
        (with("Ao", "A!"), BadDigit { line: 6, signal: Signal::BoughtWith }),
        (with("Ao", "Bo"), RepeatedNeighbour { line: 6, signal: Signal::BoughtWith }),
        (with("C_Bo", "C_C_"), RepeatedNeighbour { line: 5, signal: Signal::BoughtWith }),
        (with("C_Bo", "CoB_"), ScoresOutOfOrder { line: 5, signal: Signal::BoughtWith }),
        (with("BM\n", "BMD_\n"), NeighbourOutOfRange { line: 8, signal: Signal::BoughtNext }),
    ];
    for (text, expected) in cases {
        assert_eq!(Model::parse(&text), Err(expected.clone()), "{text:?}");
        assert!(!expected.to_string().is_empty());
    }
}

#[test]
fn a_header_that_claims_millions_of_items_allocates_nothing_for_them() {
    let text = format!("{FORMAT_NAME} 1 16777216 5\n");
    assert_eq!(Model::parse(&text), Err(ModelError::Truncated { declared: 16_777_216 }));
}

/// A learned file with names, learned once for all the cases.
fn small_learned_file() -> &'static str {
    static FILE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let shop = GeneratedShop::generate(&ShopPlan { seed: 3, items: 90, lines: 3_000 });
        let mut log = OrderLog::new();
        for l in &shop.lines {
            let (customer, order, item) = (format!("c{}", l.customer), format!("o{}", l.order), item_id(l.item));
            let name = format!("Product {}", l.item);
            let at = T0 + u64::from(l.day) * DAY;
            log.add(&OrderLine {
                customer: &customer,
                order: Some(&order),
                at,
                item: &item,
                name: Some(&name),
                href: None,
            });
        }
        log.learn(&LearnOptions { min_customers: 2, ..LearnOptions::default() }).text
    })
}

proptest! {
    #![proptest_config(fixed_or_soak(512))]

    /// Any damage to a learned file is refused or reads as a file that writes back as itself:
    /// never a panic, never a half-read model.
    #[test]
    fn damaged_files_never_panic(cuts in prop::collection::vec((0usize..2_000, 0u8..=255, 0u8..3), 1..6)) {
        let mut bytes = small_learned_file().as_bytes().to_vec();
        for (at, byte, how) in cuts {
            let at = at % bytes.len().max(1);
            match how {
                0 => bytes[at] = byte,
                1 => bytes.truncate(at),
                _ => bytes.insert(at, byte),
            }
            if bytes.is_empty() { break; }
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(model) = Model::parse(&text) {
            let again = write_with_most_bought(&model.entries(), model.most_bought(), model.min_customers());
            prop_assert_eq!(Model::parse(&again), Ok(model));
        }
    }
}

fn served_model() -> Model {
    let n = |item, score| Neighbour { item, score };
    // 0 boot, 1 lace, 2 pack, 3 sock, 4 tent
    let entries = vec![
        ItemEntry {
            id: "boot".into(),
            bought_with: vec![n(3, 60), n(1, 50)],
            bought_next: vec![n(2, 60)],
            ..ItemEntry::default()
        },
        ItemEntry { id: "lace".into(), bought_with: vec![n(0, 50)], ..ItemEntry::default() },
        ItemEntry { id: "pack".into(), bought_with: vec![n(4, 63)], ..ItemEntry::default() },
        ItemEntry { id: "sock".into(), bought_with: vec![n(0, 60)], ..ItemEntry::default() },
        ItemEntry {
            id: "tent".into(),
            name: Some("Tent".into()),
            href: Some("/p/tent".into()),
            bought_with: vec![n(2, 63)],
            ..ItemEntry::default()
        },
    ];
    Model::parse(&write(&entries, 5)).unwrap()
}

fn ids(model: &Model, trail: &[TrailItem<'_>], n: usize, exclude: Option<&str>) -> Vec<String> {
    recommend(model, trail, n, exclude).into_iter().map(|r| r.id.to_owned()).collect()
}

fn seen(item: &str, kind: TrailKind, at: u64) -> TrailItem<'_> {
    TrailItem { item, kind, at }
}

#[test]
fn a_view_brings_what_is_bought_with_it_and_a_purchase_what_comes_next() {
    let model = served_model();
    let viewed = [seen("boot", TrailKind::Viewed, T0)];
    assert_eq!(ids(&model, &viewed, 10, None), ["sock", "lace", "pack"]);
    let bought = [seen("boot", TrailKind::Purchased, T0)];
    assert_eq!(ids(&model, &bought, 10, None), ["pack", "sock", "lace"], "bought: what comes next first, never boot");
    assert_eq!(ids(&model, &bought, 1, None), ["pack"]);
    assert!(ids(&model, &bought, 0, None).is_empty());
}

#[test]
fn bought_cart_and_excluded_items_are_never_recommended() {
    let model = served_model();
    let trail = [seen("sock", TrailKind::Viewed, T0), seen("boot", TrailKind::Purchased, T0 - DAY)];
    let got = ids(&model, &trail, 10, None);
    assert!(!got.contains(&"boot".to_owned()) && got.contains(&"pack".to_owned()), "{got:?}");
    assert!(!ids(&model, &trail, 10, Some("pack")).contains(&"pack".to_owned()));
    let in_cart = [seen("boot", TrailKind::Viewed, T0), seen("sock", TrailKind::AddedToCart, T0)];
    assert!(!ids(&model, &in_cart, 10, None).contains(&"sock".to_owned()));
    assert!(ids(&model, &[seen("unknown", TrailKind::Viewed, T0)], 10, None).is_empty());
    assert!(ids(&model, &[], 10, None).is_empty());
}

#[test]
fn places_the_trail_leaves_go_to_the_most_bought_never_to_what_is_left_out() {
    let entries = Model::parse(&write(&served_model().entries(), 5)).unwrap().entries();
    // Most bought: tent, boot, sock, lace (pack not among them).
    let most_bought = [(4, 63), (0, 60), (3, 55), (1, 40)].map(|(item, score)| Neighbour { item, score });
    let model = Model::parse(&write_with_most_bought(&entries, &most_bought, 5)).unwrap();
    let scored = |trail: &[TrailItem<'_>], n, exclude| -> Vec<(String, f64)> {
        recommend(&model, trail, n, exclude).into_iter().map(|r| (r.id.to_owned(), r.score)).collect()
    };
    // A new shopper, and one whose items have no neighbours: the most bought, score 0.
    let zero = |ids: &[&str]| ids.iter().map(|id| (id.to_string(), 0.0)).collect::<Vec<_>>();
    assert_eq!(scored(&[], 3, None), zero(&["tent", "boot", "sock"]));
    assert_eq!(scored(&[seen("unknown", TrailKind::Viewed, T0)], 10, None), zero(&["tent", "boot", "sock", "lace"]));
    // Never what was bought or is in the cart, nor the page's product.
    let bought = [seen("unknown", TrailKind::Purchased, T0), seen("tent", TrailKind::Purchased, T0)];
    let got: Vec<String> = scored(&bought, 10, Some("sock")).into_iter().map(|(id, _)| id).collect();
    assert_eq!(got, ["pack", "boot", "lace"], "pack from tent's list, then the most bought but tent and sock");
    let in_cart = [seen("boot", TrailKind::AddedToCart, T0)];
    let got = scored(&in_cart, 5, None);
    assert_eq!(got.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["sock", "lace", "pack", "tent"]);
    assert!(got[..3].iter().all(|(_, s)| *s > 0.0) && got[3].1 == 0.0, "the trail's first: {got:?}");
    // Without a most-bought list (a version 1 file), nothing is added.
    assert!(ids(&served_model(), &[], 10, None).is_empty());
}

#[test]
fn recent_entries_outweigh_old_ones_by_the_half_life() {
    let model = served_model();
    let half_life = Weights::default().half_life_ms;
    // Lace's neighbour (boot, 50) against pack's (tent, 63): tent leads while they are fresh…
    let fresh = [seen("lace", TrailKind::Viewed, T0), seen("pack", TrailKind::Viewed, T0)];
    assert_eq!(ids(&model, &fresh, 1, None), ["tent"]);
    // …and boot when pack's view is two half-lives older (63 is 1.6 half-lives above 50).
    let old = [seen("lace", TrailKind::Viewed, T0), seen("pack", TrailKind::Viewed, T0 - 2 * half_life)];
    assert_eq!(ids(&model, &old, 1, None), ["boot"]);
    let scores: Vec<f64> = recommend(&model, &old, 2, None).iter().map(|r| r.score).collect();
    let expected = [0.5_f64.powf(13.0 / 8.0), 0.25];
    assert!(scores.iter().zip(expected).all(|(got, want)| (got - want).abs() < 1e-12), "{scores:?}");
    let tent = recommend(&model, &fresh, 1, None)[0];
    assert_eq!((tent.name, tent.href), (Some("Tent"), Some("/p/tent")));
}

#[test]
fn the_ranking_does_not_depend_on_the_order_of_the_trail() {
    let model = served_model();
    let mut trail = vec![
        seen("lace", TrailKind::Viewed, T0),
        seen("tent", TrailKind::Viewed, T0 - 3 * DAY),
        seen("sock", TrailKind::AddedToCart, T0 - DAY),
    ];
    let forward = ids(&model, &trail, 10, None);
    trail.reverse();
    assert_eq!(ids(&model, &trail, 10, None), forward);
}

#[test]
fn a_long_trail_is_read_from_its_most_recent_entries() {
    let model = served_model();
    // 100 old views of lace, then the newest view is pack: only the newest 64 count, all lace.
    let mut trail: Vec<TrailItem<'_>> = (0..100).map(|i| seen("lace", TrailKind::Viewed, T0 + i)).collect();
    trail.push(seen("pack", TrailKind::Viewed, T0 - 400 * DAY));
    assert_eq!(ids(&model, &trail, 10, None), ["boot"]);
}

#[test]
fn shopify_and_woocommerce_line_items_are_read() {
    let shopify = "Name,Email,Created at,Lineitem quantity,Lineitem name,Lineitem sku,Total\n\
        #1001,ann@example.com,2025-03-01 10:00:00 +0100,1,Trail boot,BOOT-1,120\n\
        #1001,,,2,\"Socks, wool\",SOCK-2,\n\
        #1002,bob@example.com,2025-03-02 11:00:00 +0100,1,Trail boot,BOOT-1,100\n";
    let woo = "\u{feff}\"Order Number\",\"Order Date\",\"Billing Email\",\"Item SKU\",\"Item Name\"\r\n\
        \"5001\",\"2025-03-01 09:30\",\"ann@example.com\",\"BOOT-1\",\"Trail boot\"\r\n\
        \"5001\",\"2025-03-01 09:30\",\"ann@example.com\",\"SOCK-2\",\"Socks, wool\"\r\n";
    for (text, first_order) in [(shopify, "#1001"), (woo, "5001")] {
        let mut reader = LineItemReader::new(LineOptions::default());
        let mut got = Vec::new();
        for (i, line) in text.lines().enumerate() {
            reader
                .line(i + 1, line, |l| {
                    got.push((
                        l.customer.to_owned(),
                        l.order.map(str::to_owned),
                        l.at / DAY,
                        l.item.to_owned(),
                        l.name.map(str::to_owned),
                    ))
                })
                .unwrap();
        }
        let day = 20_148; // 2025-03-01
        assert_eq!(
            got[0],
            ("ann@example.com".into(), Some(first_order.into()), day, "BOOT-1".into(), Some("Trail boot".into()))
        );
        assert_eq!(
            got[1],
            ("ann@example.com".into(), Some(first_order.into()), day, "SOCK-2".into(), Some("Socks, wool".into()))
        );
    }
}

#[test]
fn the_line_item_reader_names_what_is_wrong() {
    let read = |text: &str, options: LineOptions| -> Result<usize, String> {
        let mut reader = LineItemReader::new(options);
        let mut lines = 0;
        for (i, line) in text.lines().enumerate() {
            reader.line(i + 1, line, |_| lines += 1).map_err(|e| e.to_string())?;
        }
        Ok(lines)
    };
    assert_eq!(read("email,date,order_id,sku\na@x,2025-01-01,1,S\n", LineOptions::default()), Ok(1));
    let err = read("email,date,order_id,colour\na@x,2025-01-01,1,red\n", LineOptions::default()).unwrap_err();
    assert!(err.starts_with("line 1: no item id column (columns: email, date, order_id, colour"), "{err}");
    let colour = LineOptions { item: Some("Colour".into()), ..LineOptions::default() };
    assert_eq!(read("email,date,order_id,colour\na@x,2025-01-01,1,red\n", colour), Ok(1));
    let mistakes = [
        (",2025-01-01,1,S", "line 2, column 1: empty"),
        ("a@x,,1,S", "line 2, column 2: empty"),
        ("a@x,soon,1,S", "line 2, column 2: cannot read \"soon\" as a date (YYYY-MM-DD, or with a time)"),
        ("a@x,2025-01-01,,S", "line 2, column 3: empty order id"),
    ];
    for (row, message) in mistakes {
        assert_eq!(read(&format!("email,date,order_id,sku\n{row}\n"), LineOptions::default()), Err(message.into()));
    }
}

#[test]
fn lines_without_a_usable_item_are_skipped_and_counted() {
    let mut log = OrderLog::new();
    order(&mut log, "c", "1", 1, &["", "a", "tab\there"]);
    order(&mut log, "", "2", 1, &["a"]);
    assert_eq!((log.lines(), log.skipped(), log.items()), (1, 3, 1));
}

fn generated() -> (GeneratedShop, OrderLog) {
    let shop = GeneratedShop::generate(&ShopPlan { seed: 21, items: 300, lines: 60_000 });
    let log = shop.to_log();
    (shop, log)
}

#[test]
fn the_generated_shop_s_planted_pairs_are_recovered() {
    let (shop, log) = generated();
    let model = Model::parse(&log.learn(&LearnOptions::default()).text).unwrap();
    let (mut with_found, mut with_planted, mut next_found, mut next_planted) = (0, 0, 0, 0);
    for (b, bundle) in shop.bundles.iter().enumerate() {
        let follow_up = shop.bundles[shop.follow_up[b]];
        for &item in bundle {
            // The two partners should be the item's two best bought-with neighbours.
            let best_two: Vec<String> = list(&model, &item_id(item), Signal::BoughtWith).into_iter().take(2).collect();
            for &partner in bundle.iter().filter(|&&p| p != item) {
                with_planted += 1;
                with_found += usize::from(best_two.contains(&item_id(partner)));
            }
            let next = list(&model, &item_id(item), Signal::BoughtNext);
            for &following in &follow_up {
                next_planted += 1;
                next_found += usize::from(next.contains(&item_id(following)));
            }
        }
    }
    let (with_share, next_share) = (with_found as f64 / with_planted as f64, next_found as f64 / next_planted as f64);
    println!(
        "planted bought-with pairs in the top 2: {with_share:.3}; planted bought-next pairs listed: {next_share:.3}"
    );
    assert!(with_share >= 0.95, "{with_found} of {with_planted} planted bought-with pairs");
    assert!(next_share >= 0.90, "{next_found} of {next_planted} planted bought-next pairs");
}

#[test]
fn every_id_of_a_learned_file_is_found_and_no_other() {
    let (_, log) = generated();
    let model = Model::parse(&log.learn(&LearnOptions::default()).text).unwrap();
    assert!(model.len() > 250);
    for i in 0..model.len() as u32 {
        assert_eq!(model.index_of(model.id(i)), Some(i));
    }
    for unknown in ["", "SKU-", "SKU-99999", "sku-00001", "SKU-00001 "] {
        assert_eq!(model.index_of(unknown), None, "{unknown:?}");
    }
}

#[test]
fn the_learned_file_beats_the_most_popular_baseline_on_the_holdout() {
    let (_, log) = generated();
    let e = evaluate(&log, &LearnOptions::default(), &Weights::default()).unwrap();
    println!("{e:?}");
    assert!(e.customers > 2_000, "{e:?}");
    assert!(e.hit_rate >= 1.5 * e.baseline_hit_rate && e.hit_rate - e.baseline_hit_rate >= 0.15, "{e:?}");
    assert!(e.coverage >= 0.9 && e.baseline_coverage < 0.1, "{e:?}");
}

#[test]
fn a_generated_export_reads_as_the_generated_lines() {
    let shop = GeneratedShop::generate(&ShopPlan { seed: 5, items: 90, lines: 5_000 });
    let mut csv = Vec::new();
    shop.write_shopify_csv(&mut csv).unwrap();
    let mut reader = LineItemReader::new(LineOptions::default());
    let mut from_csv = OrderLog::new();
    for (i, line) in String::from_utf8(csv).unwrap().lines().enumerate() {
        reader.line(i + 1, line, |l| from_csv.add(l)).unwrap();
    }
    let options = LearnOptions { min_customers: 3, ..LearnOptions::default() };
    let (read, direct) = (
        Model::parse(&from_csv.learn(&options).text).unwrap(),
        Model::parse(&shop.to_log().learn(&options).text).unwrap(),
    );
    assert!(read.len() > 30);
    assert_eq!(read.len(), direct.len());
    for i in 0..read.len() as u32 {
        assert_eq!(read.id(i), direct.id(i));
        let number: u32 = read.id(i)["SKU-".len()..].parse().unwrap();
        assert_eq!((read.name(i), direct.name(i)), (Some(format!("Product {number}").as_str()), None));
        for signal in [Signal::BoughtWith, Signal::BoughtNext] {
            assert_eq!(read.neighbours(i, signal), direct.neighbours(i, signal));
        }
    }
}

/// The rows of sql/recommendations.sql, as a warehouse's CSV export gives them.
fn from_pairs_csv(csv: &str, options: &LearnOptions) -> Result<Model, String> {
    let (mut reader, mut pairs) = (PairRowReader::new(), PairLog::new());
    for (i, line) in csv.lines().enumerate() {
        reader.line(i + 1, line, |row| pairs.add(row)).map_err(|e| e.to_string())?;
    }
    Ok(Model::parse(&pairs.learn(options).text).unwrap())
}

#[test]
fn the_query_s_rows_build_the_file_learned_from_the_same_lines() {
    // What sql/recommendations.sql gives for `pairs_made_by(5)` plus 4 customers of a and c.
    let mut log = pairs_made_by(5);
    for c in 0..4 {
        order(&mut log, &format!("other{c}"), &format!("other{c}"), 1, &["a", "c"]);
    }
    let learned = Model::parse(&log.learn(&LearnOptions::default()).text).unwrap();
    let csv = "list,item_id,neighbour_id,customers,item_customers,neighbour_customers,score,rank\n\
        bought-next,a,x,5,9,5,0.745,1\n\
        bought-next,b,x,5,5,5,1.0,1\n\
        bought-next,x,y,5,5,5,1.0,1\n\
        bought-with,a,b,5,9,5,0.745,1\n\
        bought-with,a,x,5,9,5,0.745,2\n\
        bought-with,a,y,5,9,5,0.745,3\n\
        bought-with,a,y,5,9,5,0.745,3\n\
        bought-with,b,a,5,5,9,0.745,1\n\
        bought-with,b,x,5,5,5,1.0,2\n\
        bought-with,b,y,5,5,5,1.0,3\n\
        bought-with,x,a,5,5,9,0.745,1\n\
        bought-with,x,b,5,5,5,1.0,2\n\
        bought-with,x,y,5,5,5,1.0,3\n\
        bought-with,y,a,5,5,9,0.745,1\n\
        bought-with,y,b,5,5,5,1.0,2\n\
        bought-with,y,x,5,5,5,1.0,3\n\
        bought-with,a,c,4,9,4,0.667,4\n\
        most-bought,a,,9,,,1.0,1\n\
        most-bought,b,,5,,,0.556,2\n\
        most-bought,x,,5,,,0.556,3\n\
        most-bought,y,,5,,,0.556,4\n\
        most-bought,c,,4,,,0.444,5\n";
    let built = from_pairs_csv(csv, &LearnOptions::default()).unwrap();
    assert_eq!(built, learned, "the same file: the repeated row once, the pair and the item of 4 customers left out");
    assert_eq!(built.index_of("c"), None);
    let wrong = |csv: &str| from_pairs_csv(csv, &LearnOptions::default()).unwrap_err();
    assert_eq!(wrong("list,item_id\n"), "line 1: no column \"neighbour_id\" (columns: list, item_id)");
    let header = "list,item_id,neighbour_id,customers,item_customers,neighbour_customers\n";
    assert_eq!(
        wrong(&format!("{header}bought-later,a,b,5,5,5\n")),
        "line 2, column 1: list \"bought-later\" is not bought-with, bought-next or most-bought"
    );
    assert_eq!(wrong(&format!("{header}bought-with,a,b,many,5,5\n")), "line 2, column 4: \"many\" is not a count");
}
