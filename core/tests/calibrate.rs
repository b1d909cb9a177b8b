//! Calibration: the CDNOW sample reproduces the published BG/NBD estimates (Fader, Hardie & Lee
//! 2005: r = 0.243, α = 4.414 weeks, a = 0.793, b = 2.426, LL = −9582.4), from the summary and
//! from the raw transaction log, and the published Gamma-Gamma spend estimates; the holdout check
//! agrees with an independent Python computation; Shopify- and WooCommerce-shaped exports are read
//! without options; bad input is an error naming its line and column.
#![cfg(feature = "calibrate")]

use std::time::Instant;

use crumbtrail_core::calibrate::fit::{fit, fit_spend};
use crumbtrail_core::calibrate::input::{end_of_day, read, read_history, start_of_day, Customer, Options, Period};
use crumbtrail_core::calibrate::{fit_csv, holdout};

const PAPER: [(&str, f64); 4] = [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)];

fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn weeks() -> Options {
    Options { period: Period::Weeks, end: end_of_day("1997-09-30"), ..Options::default() }
}

fn check_against_the_paper(file: &str) {
    let customers = read(&data(file), &weeks()).unwrap();
    assert_eq!(customers.len(), 2357);
    let started = Instant::now();
    let f = fit(&customers).unwrap();
    let took = started.elapsed();
    println!(
        "{file}: r = {:.4}, alpha = {:.4} weeks ({:.3} days), a = {:.4}, b = {:.4}, LL = {:.2}, {} customers, {:.0} ms",
        f.r,
        f.alpha,
        f.alpha * 7.0,
        f.a,
        f.b,
        f.log_likelihood,
        f.customers,
        took.as_secs_f64() * 1000.0
    );
    for ((name, paper), got) in PAPER.iter().zip([f.r, f.alpha, f.a, f.b]) {
        assert!(((got - paper) / paper).abs() < 0.01, "{name}: {got} vs the paper's {paper}");
    }
    assert!((f.log_likelihood - -9582.4).abs() < 1.0, "LL {}", f.log_likelihood);
}

#[test]
fn the_cdnow_summary_reproduces_the_published_estimates() {
    check_against_the_paper("cdnow_customers_summary.csv");
}

#[test]
fn the_cdnow_transaction_log_reduced_as_in_the_paper_reproduces_them_too() {
    check_against_the_paper("cdnow_sample_transactions.csv");
}

#[test]
fn the_result_is_json_with_alpha_in_days() {
    let json: serde_json::Value =
        serde_json::from_str(&fit_csv(&data("cdnow_customers_summary.csv"), &weeks()).unwrap()).unwrap();
    let alpha_days = json["priors"]["alpha"].as_f64().unwrap();
    assert!((alpha_days / 7.0 - 4.414).abs() / 4.414 < 0.01, "{alpha_days}");
    assert_eq!(json["customers"], 2357);
}

#[test]
fn bad_input_names_its_line_and_column() {
    let log = |rows: &str| {
        read(&format!("customer,date,amount\n{rows}"), &Options::default()).map(|_| ()).unwrap_err().to_string()
    };
    assert_eq!(
        log("a,2026-01-01,10\nb,2026-13-01,10"),
        r#"line 3, column 2: cannot read "2026-13-01" as a date (YYYY-MM-DD, YYYYMMDD, or a date and time with an optional offset)"#
    );
    assert_eq!(log("a,20260101,-5"), "line 2, column 3: negative amount -5");
    assert_eq!(log("a,20260101,ten"), r#"line 2, column 3: cannot read "ten" as an amount"#);
    assert_eq!(log(r#""a,20260101,5"#), "line 2, column 1: unclosed quote");
    assert_eq!(log(",20260101,5"), "line 2, column 1: empty customer id");
    assert_eq!(read("", &Options::default()).unwrap_err().to_string(), "line 1: the file is empty");
    assert_eq!(
        read("id,when\n1,2026-01-01", &Options::default()).unwrap_err().to_string(),
        "line 1: no customer id column (columns: id, when; give its header as an option)"
    );
    assert_eq!(
        read("ID,frequency,recency,T\n1,2,30,20", &Options::default()).unwrap_err().to_string(),
        "line 2, column 3: recency is later than T"
    );
    let fit_of = |text: &str| fit_csv(text, &Options::default()).unwrap_err().message.clone();
    assert_eq!(fit_of("customer,date\na,2026-01-01\na,2026-02-01"), "cannot fit 1 customer(s): at least 2 are needed");
    assert!(fit_of("customer,date\na,2026-01-01\nb,2026-02-01")
        .starts_with("cannot identify the parameters: no customer bought more than once"));
}

#[test]
fn configurable_headers_quoted_fields_and_semicolons() {
    let options = Options {
        customer: Some("Klant".into()),
        date: Some("Datum".into()),
        amount: Some("Bedrag".into()),
        ..Options::default()
    };
    let customers = read("Klant;Datum;Bedrag\n\"Jansen; P.\";2026-01-01;10\n\"Jansen; P.\";2026-01-01;5\n\"Jansen; P.\";2026-01-11;5\nDe Vries;2026-01-05;", &options).unwrap();
    // In the order they first appear. Two purchases on one day count once: one repeat purchase
    // for Jansen, 10 days after the first; the observation ends on the last transaction's day.
    assert_eq!(customers.len(), 2);
    assert_eq!((customers[0].x, customers[0].t_x, customers[0].t), (1, 10.0, 10.0));
    assert_eq!((customers[1].x, customers[1].t_x, customers[1].t), (0, 0.0, 6.0));
}

fn cdnow_log() -> Vec<(String, String, String)> {
    data("cdnow_sample_transactions.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_owned(), f[1].to_owned(), f[2].to_owned())
        })
        .collect()
}

#[test]
fn the_cdnow_log_reproduces_the_published_spend_estimates() {
    // Fader, Hardie & Lee (2005), "RFM and CLV": the 946 repeat buyers of the CDNOW sample, the
    // mean of each one's repeat purchases (a day's purchases summed, as for x): p = 6.25,
    // q = 3.74, γ = 15.44, LL = −4055.92.
    let customers = read(&data("cdnow_sample_transactions.csv"), &weeks()).unwrap();
    let s = fit_spend(&customers).unwrap();
    println!(
        "spend: p = {:.4}, q = {:.4}, gamma = {:.4}, LL = {:.3}, {} repeat buyers, correlation {:.4}",
        s.p, s.q, s.gamma, s.log_likelihood, s.customers, s.frequency_spend_correlation
    );
    assert_eq!(s.customers, 946);
    for (name, paper, got) in [("p", 6.25, s.p), ("q", 3.74, s.q), ("gamma", 15.44, s.gamma)] {
        assert!(((got - paper) / paper).abs() < 0.01, "{name}: {got} vs the paper's {paper}");
    }
    assert!((s.log_likelihood - -4055.92).abs() / 4055.92 < 0.01, "LL {}", s.log_likelihood);
    // The model assumes spend independent of frequency; the paper reports 0.11 for CDNOW.
    assert!((s.frequency_spend_correlation - 0.11).abs() < 0.01, "{}", s.frequency_spend_correlation);
}

#[test]
fn a_summary_with_monetary_value_and_counts_fits_as_the_customers_it_stands_for() {
    // The CDNOW customers written one per line, and again with identical ones counted on one line.
    let customers = read(&data("cdnow_sample_transactions.csv"), &weeks()).unwrap();
    let line = |c: &Customer| {
        let m = c.monetary_value.map(|m| m.to_string()).unwrap_or_default();
        format!("{},{},{},{m}", c.x, c.t_x, c.t)
    };
    let mut one_by_one = String::from("frequency,recency,T,monetary_value\n");
    let mut counts: Vec<(String, u64)> = Vec::new();
    for c in &customers {
        one_by_one += &(line(c) + "\n");
        match counts.iter_mut().find(|(l, _)| *l == line(c)) {
            Some((_, n)) => *n += 1,
            None => counts.push((line(c), 1)),
        }
    }
    let counted: String = std::iter::once("frequency,recency,T,monetary_value,count".to_owned())
        .chain(counts.iter().map(|(l, n)| format!("{l},{n}")))
        .collect::<Vec<_>>()
        .join("\n");
    let (a, b) = (read(&one_by_one, &weeks()).unwrap(), read(&counted, &weeks()).unwrap());
    assert!(b.len() < a.len() / 2, "{} rows for {} customers", b.len(), a.len());
    let (fa, fb) = (fit(&a).unwrap(), fit(&b).unwrap());
    assert_eq!((fa.customers, fb.customers), (2357, 2357));
    assert!((fa.log_likelihood - fb.log_likelihood).abs() < 1e-6, "{fa:?} {fb:?}");
    assert!((fa.r - fb.r).abs() < 1e-6 && (fa.b - fb.b).abs() < 1e-6, "{fa:?} {fb:?}");
    let (sa, sb) = (fit_spend(&a).unwrap(), fit_spend(&b).unwrap());
    assert_eq!((sa.customers, sb.customers), (946, 946));
    assert!((sa.log_likelihood - sb.log_likelihood).abs() < 1e-6, "{sa:?} {sb:?}");
    assert!((sa.p - 6.25).abs() < 0.01 * 6.25, "{sa:?}");
    assert_eq!(
        read("frequency,recency,T,count\n1,2,3,0", &Options::default()).unwrap_err().to_string(),
        "line 2, column 4: count must be a whole number ≥ 1"
    );
}

/// Runs `scripts/holdout-reference.py` (Python's standard library only).
fn python_reference(args: &[String]) -> serde_json::Value {
    let script = format!("{}/../scripts/holdout-reference.py", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (the holdout reference is a Python script)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_cdnow_holdout_check_agrees_with_an_independent_python_computation() {
    // Calibration to 1997-09-30 (weeks), holdout 1997-10-01 to 1998-06-30, as in the paper.
    let options = Options {
        period: Period::Weeks,
        end: end_of_day("1998-06-30"),
        holdout_from: start_of_day("1997-10-01"),
        ..Options::default()
    };
    let history = read_history(&data("cdnow_sample_transactions.csv"), &options).unwrap();
    assert_eq!(history.holdout_days, Some(273.0));
    let f = fit(&history.customers).unwrap();
    // The calibration part alone gives the paper's fit, as without the holdout rows.
    assert!((f.r - 0.243).abs() / 0.243 < 0.01 && (f.log_likelihood - -9582.4).abs() < 1.0, "{f:?}");
    let ours = holdout::check(&f, Period::Weeks, &history.customers, 273.0);
    let args = ["1997-09-30", "1998-06-30"]
        .map(String::from)
        .into_iter()
        .chain([f.r, f.alpha * 7.0, f.a, f.b].map(|v| v.to_string()));
    let path = format!("{}/../tests/data/cdnow_sample_transactions.csv", env!("CARGO_MANIFEST_DIR"));
    let reference = python_reference(&std::iter::once(path).chain(args).collect::<Vec<_>>());
    println!("holdout (ours): {}", ours.to_json());
    println!("holdout (Python): {reference}");
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    assert_eq!(ours.overall.customers, reference["customers"].as_u64().unwrap());
    assert_eq!(ours.overall.actual, reference["actual"].as_u64().unwrap());
    assert!(close(ours.overall.predicted, reference["predicted"].as_f64().unwrap()));
    for (group, theirs) in ours.by_frequency.iter().zip(reference["byFrequency"].as_array().unwrap()) {
        assert_eq!(group.customers, theirs["customers"].as_u64().unwrap(), "{theirs}");
        assert_eq!(group.actual, theirs["actual"].as_u64().unwrap(), "{theirs}");
        assert!(close(group.predicted, theirs["predicted"].as_f64().unwrap()), "{group:?} vs {theirs}");
    }
    // And what a shop reads: the command's JSON carries the same table.
    let json: serde_json::Value =
        serde_json::from_str(&fit_csv(&data("cdnow_sample_transactions.csv"), &options).unwrap()).unwrap();
    assert_eq!(json["holdout"]["byFrequency"][7]["frequency"], "7+");
    assert_eq!(json["holdout"]["actual"], reference["actual"]);
}

/// The CDNOW log as a Shopify orders export: `Name` is the order, `Email` the customer, `Created
/// at` a local time with an offset, `Total` on the order's first row only; each order has one to
/// three line-item rows, whose other order fields Shopify leaves empty.
fn shopify_export() -> String {
    let mut out = String::from("Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Total,Id\n");
    for (n, (customer, date, amount)) in cdnow_log().iter().enumerate() {
        // A shop at −05:00, orders at every hour: from 19:00 on, the UTC date is the next day.
        let created = format!("{date} {:02}:{:02}:11 -0500", n % 24, n % 60);
        out += &format!(
            "#{},c{customer}@example.com,paid,{created},1,\"CD, vol. {n}\",{amount},{}\n",
            1001 + n,
            9_000 + n
        );
        for item in 0..n % 3 {
            out += &format!("#{},,,,1,Bonus track {item},,\n", 1001 + n);
        }
    }
    out
}

/// `YYYY-MM-DD HH:MM:SS ±hhmm` as the wall-clock time it shows, in ms.
fn read_date_ms(text: &str) -> u64 {
    let wall = format!("{}T{}Z", &text[..10], &text[11..19]);
    crumbtrail_core::base::time::parse_iso8601(&wall).unwrap()
}

/// `ms` as `YYYY-MM-DD HH:MM:SS +0000`.
fn utc_text(ms: u64) -> String {
    let (days, rest) = (ms / 86_400_000, ms % 86_400_000 / 1000);
    let (y, m, d) = crumbtrail_core::base::time::civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} +0000", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// The CDNOW log as a WooCommerce export: `Order Number`, `Order Date` without seconds,
/// `Billing Email` and `Customer User` (0 for guests), `Order Total` repeated on every line item.
fn woocommerce_export() -> String {
    let mut out = String::from("\u{feff}\"Order Number\",\"Order Status\",\"Order Date\",\"Customer User\",\"Billing Email\",\"Item Name\",\"Order Total\"\r\n");
    for (n, (customer, date, amount)) in cdnow_log().iter().enumerate() {
        for item in 0..1 + n % 2 {
            out += &format!("\"{}\",\"wc-completed\",\"{date} 09:{:02}\",\"0\",\"c{customer}@example.com\",\"Item {item}\",\"{amount}\"\r\n", 5000 + n, n % 60);
        }
    }
    out
}

#[test]
fn shopify_and_woocommerce_exports_fit_without_options_as_the_plain_log_does() {
    let plain = read(&data("cdnow_sample_transactions.csv"), &weeks()).unwrap();
    let (plain_fit, plain_spend) = (fit(&plain).unwrap(), fit_spend(&plain).unwrap());
    for (shop, export) in [("Shopify", shopify_export()), ("WooCommerce", woocommerce_export())] {
        let customers = read(&export, &weeks()).unwrap();
        assert_eq!(customers.len(), 2357, "{shop}");
        for (theirs, ours) in customers.iter().zip(&plain) {
            // The same customers; a day's amounts may be added in another order.
            assert_eq!((theirs.x, theirs.t_x, theirs.t), (ours.x, ours.t_x, ours.t), "{shop}");
            let spend = |c: &Customer| c.monetary_value.unwrap_or(-1.0);
            assert!((spend(theirs) - spend(ours)).abs() < 1e-9, "{shop}: {theirs:?} vs {ours:?}");
        }
        let (f, s) = (fit(&customers).unwrap(), fit_spend(&customers).unwrap());
        assert_eq!(f, plain_fit, "{shop}: the same orders, the same fit");
        assert!((s.p - plain_spend.p).abs() < 1e-6 && (s.gamma - plain_spend.gamma).abs() < 1e-6, "{shop}: {s:?}");
    }
    // The same export with each time written as the UTC instant it is: UTC days split the shop's
    // evenings into two purchase days, which is why dates are read as the shop wrote them.
    let utc = shopify_export()
        .lines()
        .map(|line| match line.split(',').nth(3).filter(|c| c.ends_with("-0500")) {
            Some(created) => {
                let at = read_date_ms(created) + 5 * 3_600_000;
                line.replacen(created, &utc_text(at), 1)
            }
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let utc_customers = read(&utc, &weeks()).unwrap();
    let split = utc_customers.iter().zip(&plain).filter(|(u, p)| u.x != p.x).count();
    let utc_fit = fit(&utc_customers).unwrap();
    let off = |got: f64, want: f64| 100.0 * (got - want) / want;
    println!(
        "the Shopify export read in UTC days: {split} customers' repeat days change; r {:+.1} %, alpha {:+.1} %, a {:+.1} %, b {:+.1} % off the log's fit",
        off(utc_fit.r, plain_fit.r),
        off(utc_fit.alpha, plain_fit.alpha),
        off(utc_fit.a, plain_fit.a),
        off(utc_fit.b, plain_fit.b)
    );
    assert!(split > 0 && utc_fit != plain_fit, "the export must tell the two rules apart");
    // Without the order column, Shopify's line items would be orders of their own (and spend).
    let no_orders = shopify_export().replacen("Name,", "Label,", 1);
    assert!(read(&no_orders, &weeks()).is_err_and(|e| e.to_string().contains("line 4, column 2: empty customer id")));
}

#[test]
fn common_headers_are_recognised_and_options_override_them() {
    let log = |header: &str| {
        let text = format!("{header}\na,2026-01-01,10\na,2026-01-05,20\nb,2026-01-03,5");
        read(&text, &Options::default()).map(|c| c.iter().map(|c| (c.x, c.monetary_value)).collect::<Vec<_>>())
    };
    for header in [
        "customer_id,date,amount",
        "customer,order_date,total",
        "Email,Created at,Total",
        "customer id,Order Date,Order Total",
    ] {
        assert_eq!(log(header).unwrap(), [(1, Some(20.0)), (0, None)], "{header}");
    }
    // An email beats WooCommerce's Customer User (0 for every guest).
    let woo = "Customer User,Billing Email,Order Date\n0,a@x,2026-01-01\n0,b@x,2026-01-02";
    assert_eq!(read(woo, &Options::default()).unwrap().len(), 2);
    let given = Options { customer: Some("Customer User".into()), ..Options::default() };
    assert_eq!(read(woo, &given).unwrap().len(), 1);
    assert_eq!(
        read(woo, &Options { date: Some("Paid at".into()), ..Options::default() }).unwrap_err().to_string(),
        r#"line 1: no column "Paid at" (columns: Customer User, Billing Email, Order Date)"#
    );
}

#[test]
fn shop_dates_with_a_space_before_the_time_and_an_offset_are_read_as_the_shop_wrote_them() {
    let days = |dates: [&str; 2]| {
        let text = format!("customer,date\na,{}\na,{}\nb,2024-03-10", dates[0], dates[1]);
        let c = read(&text, &Options::default()).unwrap();
        (c[0].x, c[0].t_x)
    };
    // 00:30 at +01:00 is the day before in UTC, 21:30 at −05:00 the day after: both are the day
    // the shop wrote, the same as its other order that day.
    assert_eq!(days(["2024-03-05 00:30:00 +0100", "2024-03-05 14:22:11 +0100"]), (0, 0.0));
    assert_eq!(days(["2024-03-05 21:30:00 -0500", "2024-03-05T08:22:11-05:00"]), (0, 0.0));
    assert_eq!(days(["2024-03-04 23:59", "2024-03-05 14:22:11 -05"]), (1, 1.0));
    assert_eq!(days(["20240304", "2024-03-05 10:00:00Z"]), (1, 1.0));
    assert!(read("customer,date\na,2024-03-05 25:00", &Options::default())
        .is_err_and(|e| e.to_string().starts_with(r#"line 2, column 2: cannot read "2024-03-05 25:00" as a date"#)));
    assert!(
        read("customer,date\na,2024-03-05 10:00 +2500", &Options::default())
            .is_err_and(|e| e.to_string().starts_with(r#"line 2, column 2: cannot read"#)),
        "the offset is still checked"
    );
}

#[test]
fn rows_of_one_order_count_once_with_its_first_amount() {
    let text = "order_id,customer,date,amount\n1,a,2026-01-01,10\n2,a,2026-01-02,7\n2,a,2026-01-02,7\n3,a,2026-01-02,5\n1,a,2026-01-01,10\n4,b,2026-01-02,1";
    let c: Vec<Customer> = read(text, &Options::default()).unwrap();
    // Day two has orders 2 and 3: 12, whatever the repeated rows.
    assert_eq!((c[0].x, c[0].monetary_value), (1, Some(12.0)));
}

#[test]
fn a_holdout_needs_a_log_and_must_start_within_the_observation() {
    let holdout = |from: &str, end: Option<&str>| Options {
        holdout_from: start_of_day(from),
        end: end.and_then(end_of_day),
        ..Options::default()
    };
    let log = "customer,date\na,2026-01-01\na,2026-01-05\nb,2026-01-03\na,2026-02-01";
    let history = read_history(log, &holdout("2026-01-10", None)).unwrap();
    // To the last order's day: the 23 days 2026-01-10 to 2026-02-01, one purchase day of a in them.
    assert_eq!(history.holdout_days, Some(23.0));
    assert_eq!(history.customers.iter().map(|c| (c.x, c.holdout_x)).collect::<Vec<_>>(), [(1, 1), (0, 0)]);
    assert_eq!(
        read_history(log, &holdout("2026-03-01", None)).unwrap_err().to_string(),
        "line 1: the holdout starts after the end of the observation"
    );
    assert_eq!(
        read_history("frequency,recency,T\n1,2,3", &holdout("2026-01-10", None)).unwrap_err().to_string(),
        "line 1: a holdout needs a transaction log: a summary has no purchases to count after a date"
    );
}
