//! Fits BG/NBD priors to a shop's own order history, on the shop's own machine:
//!
//! ```sh
//! cargo run --release --example fit-priors -- orders.csv [--end 1997-09-30] [--period weeks]
//!     [--customer customer] [--date date] [--amount amount]
//! ```
//!
//! The file is a transaction log (a customer id, a date, optionally an amount per line; the header
//! names are options) or a ready summary with the columns `frequency`, `recency` and `T`. Prints the
//! priors as JSON in days, ready for the `priors` option, with the log-likelihood and the number of
//! customers. `www/calibrate.html` does the same in a browser.

use std::process::ExitCode;

use crumbtrail::calibrate::{end_of_day, fit_csv, Options, Period};

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

fn run(args: Vec<String>) -> Result<String, String> {
    let mut options = Options::default();
    let mut file = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--end" => {
                let end = value("--end")?;
                options.end = Some(end_of_day(&end).ok_or_else(|| format!("--end: cannot read \"{end}\" as a date"))?);
            }
            "--period" => {
                let period = value("--period")?;
                options.period = Period::parse(&period)
                    .ok_or_else(|| format!("--period: expected days or weeks, got \"{period}\""))?;
            }
            "--customer" => options.customer = value("--customer")?,
            "--date" => options.date = value("--date")?,
            "--amount" => options.amount = value("--amount")?,
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            path => file = Some(path.to_owned()),
        }
    }
    let path = file.ok_or(
        "usage: fit-priors orders.csv [--end YYYY-MM-DD] [--period days|weeks] [--customer C] [--date D] [--amount A]",
    )?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    fit_csv(&text, &options).map_err(|e| format!("{path}: {e}"))
}
