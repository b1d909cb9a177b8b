//! The holdout check: fitted on a calibration period, how many repeat purchases does the model
//! predict for the period after it, against how many the customers made — overall and by the
//! number of repeat purchases in the calibration period (0, 1, … 6, 7+), as Fader, Hardie & Lee
//! (2005) show it and lifetimes' `calibration_and_holdout_data` prepares it.

use std::collections::HashMap;

use super::fit::Fit;
use super::input::{Customer, Period};
use crate::predict::Priors;

/// Calibration frequencies 0 to 6 each have a group; 7 and more share the last.
pub const GROUPS: usize = 8;

/// Predicted and actual repeat purchases of a group of customers in the holdout period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tally {
    /// Customers in the group.
    pub customers: u64,
    /// Expected purchase days in the holdout, summed over the group.
    pub predicted: f64,
    /// Purchase days in the holdout, summed over the group.
    pub actual: u64,
}

impl Tally {
    fn add(&mut self, customers: u64, predicted: f64, actual: u64) {
        self.customers += customers;
        self.predicted += predicted;
        self.actual += actual;
    }
}

/// The check's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Holdout {
    /// The holdout's length in days.
    pub days: f64,
    /// Every customer of the calibration period.
    pub overall: Tally,
    /// By calibration frequency: 0, 1, … 6, then 7 and more.
    pub by_frequency: [Tally; GROUPS],
    /// Customers whose prediction did not converge (left out of the predicted sums).
    pub unpredicted: u64,
}

/// Compares `fit`'s predictions for `days` after the calibration period with what `customers`
/// did (their `holdout_x`). Customers with the same `(x, t_x, T)` share one prediction.
pub fn check(fit: &Fit, period: Period, customers: &[Customer], days: f64) -> Holdout {
    let unit = period.days();
    let priors = Priors { r: fit.r, alpha: fit.alpha * unit, a: fit.a, b: fit.b, ..Priors::default() };
    let mut predictions: HashMap<(u32, u64, u64), Option<f64>, foldhash::fast::FixedState> = HashMap::default();
    let mut result =
        Holdout { days, overall: Tally::default(), by_frequency: [Tally::default(); GROUPS], unpredicted: 0 };
    for c in customers {
        let predicted = *predictions
            .entry((c.x, c.t_x.to_bits(), c.t.to_bits()))
            .or_insert_with(|| priors.expected_orders(f64::from(c.x), c.t_x * unit, c.t * unit, days));
        let Some(predicted) = predicted else {
            result.unpredicted += c.count;
            continue;
        };
        let (predicted, actual) = (predicted * c.count as f64, u64::from(c.holdout_x) * c.count);
        result.overall.add(c.count, predicted, actual);
        let group = (c.x as usize).min(GROUPS - 1);
        result.by_frequency[group].add(c.count, predicted, actual);
    }
    result
}

impl Holdout {
    /// As JSON: `{"days", "customers", "predicted", "actual", "byFrequency": [{"frequency": "0",
    /// "customers", "predicted", "actual"}, …, {"frequency": "7+", …}]}`, sums over customers.
    pub fn to_json(&self) -> String {
        let tally =
            |t: &Tally| format!(r#""customers":{},"predicted":{},"actual":{}"#, t.customers, t.predicted, t.actual);
        let groups: Vec<String> = self
            .by_frequency
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let name = if i == GROUPS - 1 { format!("{i}+") } else { i.to_string() };
                format!(r#"{{"frequency":"{name}",{}}}"#, tally(t))
            })
            .collect();
        format!(
            r#"{{"days":{},{},"unpredicted":{},"byFrequency":[{}]}}"#,
            self.days,
            tally(&self.overall),
            self.unpredicted,
            groups.join(",")
        )
    }
}
