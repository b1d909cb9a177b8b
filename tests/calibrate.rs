//! Calibration: the CDNOW sample reproduces the published BG/NBD estimates (Fader, Hardie & Lee
//! 2005: r = 0.243, α = 4.414 weeks, a = 0.793, b = 2.426, LL = −9582.4), from the summary and
//! from the raw transaction log; bad input is an error naming its line and column.
#![cfg(feature = "calibrate")]

use std::time::Instant;

use crumbtrail::calibrate::{fit, fit_csv, read, Options, Period};
use crumbtrail::time::parse_iso8601;

const PAPER: [(&str, f64); 4] = [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)];

fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn weeks() -> Options {
    Options { period: Period::Weeks, end: parse_iso8601("1997-09-30"), ..Options::default() }
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
        r#"line 3, column 2: cannot read "2026-13-01" as a date (YYYY-MM-DD, YYYYMMDD or ISO 8601 with an offset)"#
    );
    assert_eq!(log("a,20260101,-5"), "line 2, column 3: negative amount -5");
    assert_eq!(log("a,20260101,ten"), r#"line 2, column 3: cannot read "ten" as an amount"#);
    assert_eq!(log(r#""a,20260101,5"#), "line 2, column 1: unclosed quote");
    assert_eq!(log(",20260101,5"), "line 2, column 1: empty customer id");
    assert_eq!(read("", &Options::default()).unwrap_err().to_string(), "line 1: the file is empty");
    assert_eq!(
        read("id,when\n1,2026-01-01", &Options::default()).unwrap_err().to_string(),
        r#"line 1: no column "customer" (columns: id, when)"#
    );
    assert_eq!(
        read("ID,frequency,recency,T\n1,2,30,20", &Options::default()).unwrap_err().to_string(),
        "line 2, column 3: recency is later than T"
    );
    let fit_of = |text: &str| fit_csv(text, &Options::default()).unwrap_err();
    assert_eq!(fit_of("customer,date\na,2026-01-01\na,2026-02-01"), "cannot fit 1 customer(s): at least 2 are needed");
    assert!(fit_of("customer,date\na,2026-01-01\nb,2026-02-01")
        .starts_with("cannot identify the parameters: no customer bought more than once"));
}

#[test]
fn configurable_headers_quoted_fields_and_semicolons() {
    let options =
        Options { customer: "Klant".into(), date: "Datum".into(), amount: "Bedrag".into(), ..Options::default() };
    let customers = read("Klant;Datum;Bedrag\n\"Jansen; P.\";2026-01-01;10\n\"Jansen; P.\";2026-01-01;5\n\"Jansen; P.\";2026-01-11;5\nDe Vries;2026-01-05;", &options).unwrap();
    // In the order of their ids. Two purchases on one day count once: one repeat purchase for
    // Jansen, 10 days after the first; the observation ends on the last transaction's day.
    assert_eq!(customers.len(), 2);
    assert_eq!((customers[0].x, customers[0].t_x, customers[0].t), (0, 0.0, 6.0));
    assert_eq!((customers[1].x, customers[1].t_x, customers[1].t), (1, 10.0, 10.0));
}
