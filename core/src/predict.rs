//! BG/NBD predictions (Fader, Hardie & Lee 2005): is the shopper still "alive", and how many orders
//! to expect next; and Gamma-Gamma spend (Fader, Hardie & Lee 2005, "RFM and CLV"): what an order
//! of theirs is expected to be worth.
//!
//! Inputs are the paper's `(x, t_x, T)`: repeat-order days, days from first to last order, days from
//! first order to now. [`Priors`] are in days. The Gauss hypergeometric function ₂F₁ in the
//! expectation is summed as its power series, rescaled as it grows (see [`hyp2f1_ln`](crate::base::special::hyp2f1_ln)), so that
//! shoppers with hundreds of order days neither overflow nor lose precision. Fitting priors from a
//! shop's order log is a separate concern and does not live here.

use crate::base::read::{self, FieldError};
use crate::base::special::hyp2f1_ln;
use crate::base::value::Value;

/// BG/NBD parameters, `alpha` in days, and the spend model's beside them (the `spendPriors`
/// option: kept here so that everything a prediction needs travels as one value).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Priors {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Scale of the purchase-rate gamma, in days.
    pub alpha: f64,
    /// Dropout beta, first shape.
    pub a: f64,
    /// Dropout beta, second shape.
    pub b: f64,
    /// Gamma-Gamma spend parameters.
    pub spend: SpendPriors,
}

impl Default for Priors {
    /// The published CDNOW fit: r = 0.243, α = 4.414 weeks (30.898 days), a = 0.793, b = 2.426.
    fn default() -> Self {
        Priors { r: 0.243, alpha: 4.414 * 7.0, a: 0.793, b: 2.426, spend: SpendPriors::default() }
    }
}

/// Gamma-Gamma spend parameters: an order's value is gamma(p, ν), ν across shoppers gamma(q, γ),
/// so that the mean order value across shoppers is pγ/(q − 1). γ is in the shop's currency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpendPriors {
    /// Shape of an order's value.
    pub p: f64,
    /// Shape of the shoppers' ν; above 1, or the mean would be infinite.
    pub q: f64,
    /// Scale of the shoppers' ν, in the currency of the amounts.
    pub gamma: f64,
}

impl Default for SpendPriors {
    fn default() -> Self {
        SpendPriors::CDNOW
    }
}

impl SpendPriors {
    /// The fields of the `spendPriors` option.
    pub const NAMES: [&'static str; 3] = ["p", "q", "gamma"];

    /// The default, the published CDNOW fit (946 repeat buyers, US dollars): p = 6.25, q = 3.74,
    /// γ = 15.44, a mean order of $35.22.
    pub const CDNOW: SpendPriors = SpendPriors { p: 6.25, q: 3.74, gamma: 15.44 };

    /// Reads `{ p, q, gamma }` (all positive, `q` > 1), starting from the defaults.
    pub fn from_value(v: &Value, path: &str) -> Result<SpendPriors, FieldError> {
        let mut s = SpendPriors::default();
        let Some(map) = read::object(v, path, &Self::NAMES)? else { return Ok(s) };
        let positive = |key: &str| read::number(map, path, key, "a positive number", &|n| n > 0.0);
        if let Some(p) = positive("p")? {
            s.p = p;
        }
        if let Some(gamma) = positive("gamma")? {
            s.gamma = gamma;
        }
        if let Some(q) = read::number(map, path, "q", "a number above 1", &|n| n > 1.0)? {
            s.q = q;
        }
        Ok(s)
    }

    /// E[value of an order | x repeat order days whose mean value was `mean`]: the population mean
    /// pγ/(q−1) and the shopper's own mean, weighted by how much x repeat days tell.
    pub fn expected_order_value(&self, x: f64, mean: f64) -> f64 {
        let SpendPriors { p, q, gamma } = *self;
        p * (gamma + x * mean) / (p * x + q - 1.0)
    }
}

impl Priors {
    /// The fields of the `priors` option.
    pub const NAMES: [&'static str; 4] = ["r", "alpha", "a", "b"];

    /// Reads `{ r, alpha, a, b }` (all positive; `a` ≠ 1), starting from the defaults.
    pub fn from_value(v: &Value, path: &str) -> Result<Priors, FieldError> {
        let mut p = Priors::default();
        let Some(map) = read::object(v, path, &Self::NAMES)? else { return Ok(p) };
        let positive = |key: &str| read::number(map, path, key, "a positive number", &|n| n > 0.0);
        if let Some(r) = positive("r")? {
            p.r = r;
        }
        if let Some(alpha) = positive("alpha")? {
            p.alpha = alpha;
        }
        if let Some(a) = positive("a")? {
            p.a = a;
        }
        if let Some(b) = positive("b")? {
            p.b = b;
        }
        if (p.a - 1.0).abs() < 1e-9 {
            return Err(FieldError::new(
                format!("{path}.a"),
                "must not be 1: the expected-orders formula divides by a − 1",
            ));
        }
        Ok(p)
    }

    /// P(alive | x, t_x, T): 1 for a one-time buyer, else falling the longer the silence since t_x.
    pub fn p_alive(&self, x: f64, t_x: f64, big_t: f64) -> f64 {
        if x <= 0.0 {
            return 1.0;
        }
        1.0 / (1.0 + self.dropout_odds(x, t_x, big_t))
    }

    /// `a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)`: the odds that the shopper has already dropped out.
    fn dropout_odds(&self, x: f64, t_x: f64, big_t: f64) -> f64 {
        let Priors { r, alpha, a, b, .. } = *self;
        let ln = (a / (b + x - 1.0)).ln() + (r + x) * ((alpha + big_t) / (alpha + t_x)).ln();
        ln.exp()
    }

    /// E[orders in the next `t` days | x, t_x, T]; `None` when the series does not converge.
    pub fn expected_orders(&self, x: f64, t_x: f64, big_t: f64, t: f64) -> Option<f64> {
        let Priors { r, alpha, a, b, .. } = *self;
        let z = t / (alpha + big_t + t);
        // ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z), computed as one logarithm.
        let ln_scaled =
            (r + x) * ((alpha + big_t) / (alpha + big_t + t)).ln() + hyp2f1_ln(r + x, b + x, a + b + x - 1.0, z)?;
        let bracket = -ln_scaled.exp_m1(); // 1 − e^ln, accurate when the product is close to 1
        let front = (a + b + x - 1.0) / (a - 1.0);
        let odds = if x > 0.0 { self.dropout_odds(x, t_x, big_t) } else { 0.0 };
        let e = front * bracket / (1.0 + odds);
        e.is_finite().then_some(e.max(0.0))
    }
}
