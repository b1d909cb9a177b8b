//! `fitPriors` and `learnRecommendations` for the calibration page (`demo/calibrate.html`), in its
//! own build with the `calibrate` feature: the storefront's package never carries the fitting and
//! learning code.

use wasm_bindgen::prelude::*;

use super::convert::get;
use super::error::JsError;
use crumbtrail_core::calibrate::fit_csv;
use crumbtrail_core::calibrate::input::{end_of_day, start_of_day, Options, Period};
use crumbtrail_core::calibrate::lines::{learn_csv, LineOptions};
use crumbtrail_core::recommend::learn::LearnOptions;
use crumbtrail_core::Code;

/// Fits BG/NBD and spend priors to a CSV order history (a transaction log or a summary) and
/// returns the same JSON as the `fit-priors` command. Options: `period` ("days" | "weeks"), `end`
/// and `holdoutFrom` ("YYYY-MM-DD"), and the header names `customer`, `date`, `amount`, `order`
/// (empty: recognised). Throws an `Error` naming the line and column of bad input.
#[wasm_bindgen(js_name = fitPriors)]
pub fn fit_priors(text: &str, options: &JsValue) -> Result<String, JsError> {
    let fail = |path: &str, m: String| JsError::at(Code::InvalidOption, path, &m);
    let text_option = |name: &str| get(options, name).as_string().filter(|s| !s.is_empty());
    let mut o = Options::default();
    if let Some(p) = text_option("period") {
        o.period =
            Period::parse(&p).ok_or_else(|| fail("period", format!("expected \"days\" or \"weeks\", got \"{p}\"")))?;
    }
    if let Some(end) = text_option("end") {
        o.end = Some(end_of_day(&end).ok_or_else(|| fail("end", format!("cannot read \"{end}\" as a date")))?);
    }
    if let Some(from) = text_option("holdoutFrom") {
        o.holdout_from =
            Some(start_of_day(&from).ok_or_else(|| fail("holdoutFrom", format!("cannot read \"{from}\" as a date")))?);
    }
    o.customer = text_option("customer");
    o.date = text_option("date");
    o.amount = text_option("amount");
    o.order = text_option("order");
    Ok(fit_csv(text, &o)?)
}

/// Learns product recommendations from a CSV order export with an item per line, as the
/// `learn-recommendations` command does, and returns the file to serve
/// (docs/guide/recommendations.md). Options: `minCustomers` (the privacy threshold, default 5), `neighbours`
/// (1–10, default 10), and the header names `customer`, `date`, `order`, `item`, `name`, `href`
/// (empty: recognised). Throws an `Error` naming the line and column of bad input.
#[wasm_bindgen(js_name = learnRecommendations)]
pub fn learn_recommendations(text: &str, options: &JsValue) -> Result<String, JsError> {
    let text_option = |name: &str| get(options, name).as_string().filter(|s| !s.is_empty());
    let whole = |name: &str, low: f64, high: f64| -> Result<Option<f64>, JsError> {
        match get(options, name).as_f64() {
            None => Ok(None),
            Some(n) if n.fract() == 0.0 && (low..=high).contains(&n) => Ok(Some(n)),
            Some(n) => Err(JsError::at(
                Code::InvalidOption,
                name,
                &format!("expected a whole number from {low} to {high}, got {n}"),
            )),
        }
    };
    let mut learn = LearnOptions::default();
    if let Some(n) = whole("minCustomers", 1.0, 1e6)? {
        learn.min_customers = n as u32;
    }
    if let Some(n) = whole("neighbours", 1.0, 10.0)? {
        learn.neighbours = n as usize;
    }
    let columns = LineOptions {
        customer: text_option("customer"),
        date: text_option("date"),
        order: text_option("order"),
        item: text_option("item"),
        name: text_option("name"),
        href: text_option("href"),
    };
    Ok(learn_csv(text, columns, &learn)?.text)
}
