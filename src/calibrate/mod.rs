//! Calibrating the BG/NBD priors from a shop's own order history — offline, on the shop's machine
//! or in its browser; nothing is uploaded anywhere.
//!
//! [`input`] reads a transaction log (customer, date, optional amount) or a ready summary
//! (frequency, recency, T) and reduces it to one [`Customer`] each, the way Fader, Hardie & Lee
//! (2005) do: repeat purchases counted on distinct days, times in days or weeks. [`fit`] finds the
//! maximum-likelihood `r`, `α`, `a`, `b`.
//!
//! Numerics: `lgamma`, `exp` and `log` come from the `libm` crate, so that the native command and
//! the browser page compute bit for bit the same. The optimiser is a Nelder–Mead search over the
//! logarithms of the parameters with several starts, written here: `argmin` would be the crate to
//! use, but its 0.10 release pulls `rand` and `getrandom` (which has no `wasm32-unknown-unknown`
//! backend without switching on its JavaScript one) into a computation that needs no randomness.
//!
//! This module is compiled with the `calibrate` feature (on by default, off in the storefront's
//! wasm: the fitting code never grows the shop's bundle).

pub mod fit;
pub mod input;

pub use fit::{fit, Fit, FitError};
pub use input::{end_of_day, read, Customer, InputError, Options, Period};

/// Reads `text`, fits, and returns the result as JSON: the priors in days (ready for the `priors`
/// option), the log-likelihood and the number of customers. The native command and the page both
/// go through here, so that the same file gives the same text.
pub fn fit_csv(text: &str, options: &Options) -> Result<String, String> {
    let customers = read(text, options).map_err(|e| e.to_string())?;
    let fit = fit(&customers).map_err(|e| e.to_string())?;
    Ok(to_json(&fit, options.period))
}

/// [`Fit`] as JSON, `alpha` turned into days.
pub fn to_json(fit: &Fit, period: Period) -> String {
    format!(
        r#"{{"priors":{{"r":{},"alpha":{},"a":{},"b":{}}},"logLikelihood":{},"customers":{}}}"#,
        fit.r,
        fit.alpha * period.days(),
        fit.a,
        fit.b,
        fit.log_likelihood,
        fit.customers
    )
}
