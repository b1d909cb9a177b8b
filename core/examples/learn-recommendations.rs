//! Learns product recommendations from a shop's own order export, on the shop's own machine:
//!
//! ```sh
//! cargo run --release --example learn-recommendations -- orders.csv [--out recommendations.txt]
//!     [--neighbours 10] [--min-customers 5] [--max-basket 50] [--max-customer-items 100]
//!     [--half-life-days 7]
//!     [--customer C] [--date D] [--order O] [--item I] [--name N] [--href H]
//!     [--no-evaluate] [--compare-formats] [--time-recommend]
//! cargo run --release --example learn-recommendations -- --from-pairs pairs.csv [--out FILE]
//!     [--neighbours 10] [--min-customers 5]
//! cargo run --release --example learn-recommendations -- --generate shop.csv [--lines 1000000]
//!     [--items 10000] [--seed 21]
//! ```
//!
//! The export has one row per line item: a customer id, a date, an order id and an item id (the
//! headers are recognised as `src/calibrate/lines.rs` lists them: Shopify's `Email`, `Created
//! at`, `Name`, `Lineitem sku`, `Lineitem name`; WooCommerce's `Billing Email`, `Order Date`,
//! `Order Number`, `Item SKU`/`SKU`, `Item Name`; options name others). Writes the file to
//! `--out` and prints JSON: what was read, what was kept, the file's size, the time taken, and —
//! unless `--no-evaluate` — hit-rate@10 and coverage on a time-based holdout beside a most-popular
//! baseline. `--compare-formats` adds the size of the same model as JSON and as packed binary,
//! raw and gzipped (with the system's `gzip -9`); `--time-recommend` times `recommend` on the
//! learned file. `--generate` writes a generated shop with a planted structure as a Shopify
//! export instead (see `crumbtrail_core::recommend::shop`). `--from-pairs` builds the file from
//! what `sql/recommendations.sql` gave in a warehouse, exported as CSV: the same file as learning
//! from the order lines the query ran over (no evaluation: the order lines are not here).

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use crumbtrail_core::calibrate::lines::{LineItemReader, LineOptions, PairRowReader};
use crumbtrail_core::recommend::evaluate::evaluate;
use crumbtrail_core::recommend::learn::{LearnOptions, Learned, OrderLog, PairLog};
use crumbtrail_core::recommend::model::{Model, Signal};
use crumbtrail_core::recommend::serve::{recommend_with, TrailItem, TrailKind, Weights};
use crumbtrail_core::recommend::shop::{GeneratedShop, ShopPlan};

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("learn-recommendations: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: learn-recommendations orders.csv [--out FILE] [--neighbours K] [--min-customers N] [--max-basket M] [--max-customer-items C] [--half-life-days D] [--customer C] [--date D] [--order O] [--item I] [--name N] [--href H] [--no-evaluate] [--compare-formats] [--time-recommend] | --from-pairs PAIRS.csv [--out FILE] [--neighbours K] [--min-customers N] | --generate FILE [--lines L] [--items I] [--seed S]";

#[derive(Default)]
struct Args {
    file: Option<String>,
    out: Option<String>,
    generate: Option<String>,
    plan: Option<ShopPlan>,
    learn: LearnOptions,
    weights: Weights,
    columns: LineOptions,
    evaluate: bool,
    compare_formats: bool,
    time_recommend: bool,
    from_pairs: Option<String>,
}

fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let mut parsed = Args { evaluate: true, ..Args::default() };
    let mut plan = ShopPlan { seed: 21, items: 10_000, lines: 1_000_000 };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let mut number = |name: &str| -> Result<u64, String> {
            let v = value(name)?;
            v.parse().map_err(|_| format!("{name}: expected a whole number, got \"{v}\""))
        };
        match arg.as_str() {
            "--out" => parsed.out = Some(value("--out")?),
            "--generate" => parsed.generate = Some(value("--generate")?),
            "--lines" => plan.lines = number("--lines")? as usize,
            "--items" => plan.items = number("--items")? as usize,
            "--seed" => plan.seed = number("--seed")?,
            "--neighbours" => parsed.learn.neighbours = number("--neighbours")? as usize,
            "--min-customers" => parsed.learn.min_customers = number("--min-customers")?.try_into().unwrap_or(u32::MAX),
            "--max-basket" => parsed.learn.max_basket = number("--max-basket")? as usize,
            "--half-life-days" => parsed.weights.half_life_ms = number("--half-life-days")?.saturating_mul(86_400_000),
            "--customer" => parsed.columns.customer = Some(value("--customer")?),
            "--date" => parsed.columns.date = Some(value("--date")?),
            "--order" => parsed.columns.order = Some(value("--order")?),
            "--item" => parsed.columns.item = Some(value("--item")?),
            "--name" => parsed.columns.name = Some(value("--name")?),
            "--href" => parsed.columns.href = Some(value("--href")?),
            "--no-evaluate" => parsed.evaluate = false,
            "--compare-formats" => parsed.compare_formats = true,
            "--time-recommend" => parsed.time_recommend = true,
            "--from-pairs" => parsed.from_pairs = Some(value("--from-pairs")?),
            "--max-customer-items" => parsed.learn.max_customer_items = number("--max-customer-items")? as usize,
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            path => parsed.file = Some(path.to_owned()),
        }
    }
    parsed.plan = Some(plan);
    Ok(parsed)
}

fn run(args: Vec<String>) -> Result<String, String> {
    let args = parse_args(args)?;
    if let (Some(path), Some(plan)) = (&args.generate, &args.plan) {
        return generate(path, plan);
    }
    if let Some(path) = &args.from_pairs {
        return from_pairs(path, &args);
    }
    let path = args.file.as_deref().ok_or(USAGE)?;
    let started = Instant::now();
    let log = read(path, &args.columns)?;
    let read_s = started.elapsed().as_secs_f64();
    let learning = Instant::now();
    let learned = log.learn(&args.learn);
    let learn_s = learning.elapsed().as_secs_f64();
    if let Some(out) = &args.out {
        std::fs::write(out, &learned.text).map_err(|e| format!("{out}: {e}"))?;
    }
    let model = Model::parse(&learned.text).map_err(|e| format!("the learned file does not read back: {e}"))?;
    let s = learned.stats;
    let bytes = learned.text.len();
    let per_1000 = |b: usize| if model.is_empty() { 0 } else { b * 1000 / model.len() };
    let mut json = format!(
        r#"{{"lines":{},"skipped":{},"customers":{},"orders":{},"itemsBought":{},"itemsKept":{},"pairs":{{"boughtWith":{},"boughtNext":{},"belowMinCustomers":{}}},"mostBought":{},"options":{{"neighbours":{},"minCustomers":{},"maxBasket":{},"maxCustomerItems":{}}},"bytes":{{"model":{bytes},"per1000Items":{}}},"seconds":{{"read":{read_s:.3},"learn":{learn_s:.3}}}"#,
        log.lines(),
        log.skipped(),
        s.customers,
        s.orders,
        s.items_bought,
        s.items_kept,
        s.with_pairs,
        s.next_pairs,
        s.private_pairs,
        s.most_bought,
        args.learn.neighbours,
        args.learn.min_customers,
        args.learn.max_basket,
        args.learn.max_customer_items,
        per_1000(bytes),
    );
    if args.evaluate {
        let evaluating = Instant::now();
        let e = evaluate(&log, &args.learn, &args.weights).map_err(|e| format!("evaluation: {e}"))?;
        json += &format!(
            r#","holdout":{{"customers":{},"catalogue":{},"modelItems":{},"hitRateAt10":{:.4},"coverage":{:.4},"answered":{:.4},"baseline":{{"name":"most popular","hitRateAt10":{:.4},"coverage":{:.4}}},"halfLifeDays":{},"seconds":{:.3}}}"#,
            e.customers,
            e.catalogue,
            e.model_items,
            e.hit_rate,
            e.coverage,
            e.answered,
            e.baseline_hit_rate,
            e.baseline_coverage,
            args.weights.half_life_ms as f64 / 86_400_000.0,
            evaluating.elapsed().as_secs_f64()
        );
    }
    if args.compare_formats {
        json += &format!(r#","formats":{}"#, compare_formats(&model, &learned.text, per_1000));
    }
    if args.time_recommend {
        // Loading on the device: reading and checking the whole file.
        let parsing = Instant::now();
        let reads = 20;
        for _ in 0..reads {
            let _ = Model::parse(&learned.text);
        }
        let parse_ms = parsing.elapsed().as_secs_f64() * 1e3 / f64::from(reads);
        json += &format!(
            r#","parseMilliseconds":{parse_ms:.2},"recommend":[{}]"#,
            [[8, 2, 4], [8, 12, 44]].map(|shape| time_recommend(&model, &args.weights, shape)).join(",")
        );
    }
    json.push('}');
    Ok(json)
}

/// Builds the file from `sql/recommendations.sql`'s rows.
fn from_pairs(path: &str, args: &Args) -> Result<String, String> {
    let started = Instant::now();
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let (mut reader, mut pairs, mut rows) = (PairRowReader::new(), PairLog::new(), 0);
    for (i, line) in BufReader::with_capacity(1 << 20, file).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}: {e}"))?;
        reader
            .line(i + 1, &line, |row| {
                rows += 1;
                pairs.add(row)
            })
            .map_err(|e| format!("{path}: {e}"))?;
    }
    let Learned { text, stats: s } = pairs.learn(&args.learn);
    if let Some(out) = &args.out {
        std::fs::write(out, &text).map_err(|e| format!("{out}: {e}"))?;
    }
    Ok(format!(
        r#"{{"rows":{rows},"skipped":{},"itemsKept":{},"pairs":{{"boughtWith":{},"boughtNext":{},"belowMinCustomers":{}}},"mostBought":{},"bytes":{{"model":{}}},"seconds":{{"build":{:.3}}}}}"#,
        pairs.skipped(),
        s.items_kept,
        s.with_pairs,
        s.next_pairs,
        s.private_pairs,
        s.most_bought,
        text.len(),
        started.elapsed().as_secs_f64()
    ))
}

/// Reads the export a line at a time into an order log.
fn read(path: &str, columns: &LineOptions) -> Result<OrderLog, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut reader = LineItemReader::new(columns.clone());
    let mut log = OrderLog::new();
    for (i, line) in BufReader::with_capacity(1 << 20, file).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}: {e}"))?;
        reader.line(i + 1, &line, |l| log.add(l)).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(log)
}

fn generate(path: &str, plan: &ShopPlan) -> Result<String, String> {
    let started = Instant::now();
    let shop = GeneratedShop::generate(plan);
    let mut out = BufWriter::new(std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?);
    shop.write_shopify_csv(&mut out).and_then(|()| out.flush()).map_err(|e| format!("{path}: {e}"))?;
    Ok(format!(
        r#"{{"generated":"{path}","lines":{},"items":{},"bundles":{},"seed":{},"seconds":{:.3}}}"#,
        shop.lines.len(),
        shop.bundles.len() * 3,
        shop.bundles.len(),
        plan.seed,
        started.elapsed().as_secs_f64()
    ))
}

/// Sizes of the same model in the chosen text format, as JSON, and as packed binary: raw and
/// gzipped, per 1,000 items.
fn compare_formats(model: &Model, text: &str, per_1000: impl Fn(usize) -> usize) -> String {
    let lists = |i: u32, signal| model.neighbours(i, signal).iter().flat_map(|n| [n.item, u32::from(n.score)]);
    let mut json = String::from(r#"{"version":1,"items":["#);
    let mut binary: Vec<u8> = Vec::new();
    let index_bytes = if model.len() <= 1 << 16 { 2 } else { 3 };
    // The same strings as the text: ids, names and pages, each as a JSON string or zero-ended.
    let string = |at: usize, i: u32| match at {
        0 => Some(model.id(i)),
        1 => model.name(i),
        _ => model.href(i),
    };
    for at in 0..3 {
        let key = ["items", "names", "hrefs"][at];
        json += &if at == 0 { String::new() } else { format!(r#"],"{key}":["#) };
        for i in 0..model.len() as u32 {
            json += &format!("{}{:?}", if i > 0 { "," } else { "" }, string(at, i).unwrap_or(""));
            binary.extend_from_slice(string(at, i).unwrap_or("").as_bytes());
            binary.push(0);
        }
    }
    for signal in [Signal::BoughtWith, Signal::BoughtNext] {
        json += &format!(r#"],"{signal}":["#);
        for i in 0..model.len() as u32 {
            let numbers: Vec<String> = lists(i, signal).map(|n| n.to_string()).collect();
            json += &format!("{}[{}]", if i > 0 { "," } else { "" }, numbers.join(","));
            binary.push(model.neighbours(i, signal).len() as u8);
            for n in model.neighbours(i, signal) {
                binary.extend_from_slice(&n.item.to_le_bytes()[..index_bytes]);
                binary.push(n.score);
            }
        }
    }
    json += "]}";
    let row = |name: &str, bytes: &[u8]| {
        let gz = gzip(bytes).map_or("null".to_owned(), |g| per_1000(g).to_string());
        format!(r#""{name}":{{"rawPer1000Items":{},"gzipPer1000Items":{gz}}}"#, per_1000(bytes.len()))
    };
    format!("{{{},{},{}}}", row("text", text.as_bytes()), row("json", json.as_bytes()), row("binary", &binary))
}

/// Bytes after `gzip -9`, if the system has it.
fn gzip(bytes: &[u8]) -> Option<usize> {
    let mut child = Command::new("gzip").arg("-9c").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().ok()?;
    let mut stdin = child.stdin.take()?;
    let owned = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&owned));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    Some(output.stdout.len())
}

/// Microseconds per `recommend` call, for trails of `views` views, `cart` cart lines and
/// `purchases` purchases drawn from the model's items (a fixed sequence), asking for 10.
fn time_recommend(model: &Model, weights: &Weights, [views, cart, purchases]: [usize; 3]) -> String {
    if model.is_empty() {
        return "null".into();
    }
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut pick = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % model.len() as u64) as u32
    };
    let now = 1_750_000_000_000_u64;
    let kinds =
        [vec![TrailKind::Viewed; views], vec![TrailKind::AddedToCart; cart], vec![TrailKind::Purchased; purchases]]
            .concat();
    let trails: Vec<Vec<TrailItem<'_>>> = (0..1_000)
        .map(|_| {
            let entry = |(k, &kind): (usize, &TrailKind)| TrailItem {
                item: model.id(pick()),
                kind,
                at: now - k as u64 * 25_200_000,
            };
            kinds.iter().enumerate().map(entry).collect()
        })
        .collect();
    let (calls, mut returned) = (100_000, 0);
    let started = Instant::now();
    for i in 0..calls {
        let trail = &trails[i % trails.len()];
        returned += recommend_with(model, trail, 10, trail.first().map(|t| t.item), weights).len();
    }
    let micros = started.elapsed().as_secs_f64() * 1e6 / calls as f64;
    format!(
        r#"{{"modelItems":{},"calls":{calls},"trail":{{"views":{views},"cart":{cart},"purchases":{purchases}}},"microsecondsPerCall":{micros:.2},"meanReturned":{:.2}}}"#,
        model.len(),
        returned as f64 / calls as f64
    )
}
