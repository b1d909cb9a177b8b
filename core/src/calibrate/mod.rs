//! Calibrating the predictions from a shop's own order history — offline, on the shop's machine
//! or in its browser; nothing is uploaded anywhere.
//!
//! [`input`] reads a transaction log (customer, date, optional amount and order id, with the
//! headers shops' exports use) or a ready summary (frequency, recency, T, optional
//! monetary_value and count) and reduces it to one [`Customer`](input::Customer) each, the way Fader, Hardie & Lee
//! (2005) do: repeat purchases counted on distinct days, times in days or weeks, spend as the mean
//! of the repeat days' amounts ([`lines`] reads the same exports line item by line item, for the
//! recommendations). [`mod@fit`] finds the maximum-likelihood BG/NBD `r`, `α`, `a`, `b` and
//! Gamma-Gamma `p`, `q`, `γ`; [`holdout`] compares predictions with a holdout period.
//!
//! Numerics: `lgamma`, `exp` and `log` come from the `libm` crate, so that the native command and
//! the browser page compute bit for bit the same. The optimiser is BFGS on analytic gradients
//! over the logarithms of the parameters, from several starts, written here: `argmin` would be
//! the crate to use, but its 0.10 release pulls `rand` and `getrandom` (which has no
//! `wasm32-unknown-unknown` backend without switching on its JavaScript one) into a computation
//! that needs no randomness.
//!
//! This module is compiled with the `calibrate` feature (on by default, off in the storefront's
//! wasm: the fitting code never grows the shop's bundle).

pub mod fit;
pub mod holdout;
pub mod input;
pub mod lines;

use crate::base::error::{Code, Error};

use fit::{fit, fit_spend, Fit, FitError, SpendFit};
use holdout::Holdout;
use input::{read_history, History, Options, Period};

/// Reads `text`, fits, and returns the result as JSON (see [`to_json`]). The native command and
/// the page both go through here, so that the same file gives the same text.
pub fn fit_csv(text: &str, options: &Options) -> Result<String, Error> {
    let history = read_history(text, options).map_err(|e| Error::new(Code::InvalidOrders, e.to_string()))?;
    fit_history(&history, options.period)
}

/// Fits what a file gave and returns the result as JSON (see [`to_json`]).
pub fn fit_history(history: &History, period: Period) -> Result<String, Error> {
    let fit = fit(&history.customers).map_err(|e| Error::new(Code::InvalidOrders, e.to_string()))?;
    let spend = fit_spend(&history.customers);
    let holdout = history.holdout_days.map(|days| holdout::check(&fit, period, &history.customers, days));
    Ok(to_json(&fit, period, &spend, holdout.as_ref()))
}

/// The result as JSON: the BG/NBD priors in days (ready for the `priors` option), their
/// log-likelihood, customers and distinct rows; the spend priors (ready for `spendPriors`) with
/// their log-likelihood, the repeat buyers fitted, the mean spend they imply and the correlation
/// of frequency and spend — or `null` and the reason; and the holdout check, if there is one.
pub fn to_json(fit: &Fit, period: Period, spend: &Result<SpendFit, FitError>, holdout: Option<&Holdout>) -> String {
    let spend = match spend {
        Ok(s) => format!(
            r#""spendPriors":{{"p":{},"q":{},"gamma":{}}},"spend":{{"logLikelihood":{},"customers":{},"meanSpend":{},"frequencySpendCorrelation":{}}}"#,
            s.p,
            s.q,
            s.gamma,
            s.log_likelihood,
            s.customers,
            // The mean is infinite for q ≤ 1.
            if s.q > 1.0 { (s.p * s.gamma / (s.q - 1.0)).to_string() } else { "null".into() },
            s.frequency_spend_correlation
        ),
        Err(e) => format!(r#""spendPriors":null,"spend":{{"error":"{e}"}}"#),
    };
    let holdout = holdout.map(|h| format!(r#","holdout":{}"#, h.to_json())).unwrap_or_default();
    format!(
        r#"{{"priors":{{"r":{},"alpha":{},"a":{},"b":{}}},"logLikelihood":{},"customers":{},"rows":{},{spend}{holdout}}}"#,
        fit.r,
        fit.alpha * period.days(),
        fit.a,
        fit.b,
        fit.log_likelihood,
        fit.customers,
        fit.rows
    )
}
