//! Fits BG/NBD and Gamma-Gamma priors to a shop's own order history, on the shop's own machine:
//!
//! ```sh
//! cargo run --release --example fit-priors -- orders.csv [--end 1998-06-30] [--period weeks]
//!     [--holdout-from 1997-10-01] [--customer C] [--date D] [--amount A] [--order O]
//!     [--write-summary summary.csv] [--timings]
//! ```
//!
//! The file is a transaction log (a customer id, a date, optionally an amount and an order id per
//! line; the columns are recognised by their usual headers, and the options name others) or a
//! ready summary with the columns `frequency`, `recency`, `T` and optionally `monetary_value` and
//! `count`. Prints the priors as JSON in days, ready for the `priors` and `spendPriors` options,
//! with the log-likelihoods and the number of customers; with `--holdout-from`, the fit uses the
//! days before that date and the JSON compares predicted with actual repeat purchases from then to
//! `--end`. `--write-summary` writes the reduced customers, identical ones as one row with a
//! `count`; `--timings` prints the time spent reading and fitting. `demo/calibrate.html` does the same in a browser.
//!
//! The log is read a line at a time (a file of millions of orders is never held as text).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::ExitCode;

use crumbtrail_core::calibrate::fit_history;
use crumbtrail_core::calibrate::input::{end_of_day, start_of_day, Customer, LogReader, Options, Period};

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("fit-priors: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: fit-priors orders.csv [--end YYYY-MM-DD] [--period days|weeks] [--holdout-from YYYY-MM-DD] [--customer C] [--date D] [--amount A] [--order O] [--write-summary FILE] [--timings]";

fn run(args: Vec<String>) -> Result<String, String> {
    let mut options = Options::default();
    let (mut file, mut summary_out, mut timings) = (None, None, false);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--end" => {
                let end = value("--end")?;
                options.end = Some(end_of_day(&end).ok_or_else(|| format!("--end: cannot read \"{end}\" as a date"))?);
            }
            "--holdout-from" => {
                let from = value("--holdout-from")?;
                options.holdout_from = Some(
                    start_of_day(&from).ok_or_else(|| format!("--holdout-from: cannot read \"{from}\" as a date"))?,
                );
            }
            "--period" => {
                let period = value("--period")?;
                options.period = Period::parse(&period)
                    .ok_or_else(|| format!("--period: expected days or weeks, got \"{period}\""))?;
            }
            "--customer" => options.customer = Some(value("--customer")?),
            "--date" => options.date = Some(value("--date")?),
            "--amount" => options.amount = Some(value("--amount")?),
            "--order" => options.order = Some(value("--order")?),
            "--write-summary" => summary_out = Some(value("--write-summary")?),
            "--timings" => timings = true,
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            path => file = Some(path.to_owned()),
        }
    }
    let path = file.ok_or(USAGE)?;
    let period = options.period;
    let started = std::time::Instant::now();
    let mut reader = LogReader::new(options);
    let mut input = BufReader::with_capacity(1 << 20, std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?);
    let (mut line, mut number) = (String::new(), 0);
    loop {
        line.clear();
        if input.read_line(&mut line).map_err(|e| format!("{path}: {e}"))? == 0 {
            break;
        }
        number += 1;
        reader.line(number, line.trim_end_matches(['\n', '\r'])).map_err(|e| format!("{path}: {e}"))?;
    }
    let history = reader.finish().map_err(|e| format!("{path}: {e}"))?;
    let read = started.elapsed();
    if let Some(out) = summary_out {
        write_summary(&out, &history.customers).map_err(|e| format!("{out}: {e}"))?;
    }
    let fitting = std::time::Instant::now();
    let json = fit_history(&history, period).map_err(|e| format!("{path}: {e}"))?;
    if timings {
        let fitted = fitting.elapsed();
        eprintln!(
            "fit-priors: read and reduced in {:.2} s, fitted in {:.2} s",
            read.as_secs_f64(),
            fitted.as_secs_f64()
        );
    }
    Ok(json)
}

/// The customers as a summary CSV, identical ones as one row with their `count`.
fn write_summary(path: &str, customers: &[Customer]) -> std::io::Result<()> {
    let mut rows: HashMap<(u32, u64, u64, Option<u64>), u64> = HashMap::new();
    let mut order = Vec::new();
    for c in customers {
        let key = (c.x, c.t_x.to_bits(), c.t.to_bits(), c.monetary_value.map(f64::to_bits));
        let count = rows.entry(key).or_insert_with(|| {
            order.push(*c);
            0
        });
        *count += c.count;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "frequency,recency,T,monetary_value,count")?;
    for c in order {
        let key = (c.x, c.t_x.to_bits(), c.t.to_bits(), c.monetary_value.map(f64::to_bits));
        let m = c.monetary_value.map(|m| m.to_string()).unwrap_or_default();
        writeln!(out, "{},{},{},{m},{}", c.x, c.t_x, c.t, rows[&key])?;
    }
    out.flush()
}
