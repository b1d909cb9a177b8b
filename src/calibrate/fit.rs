//! Maximum-likelihood BG/NBD (Fader, Hardie & Lee 2005, equation 6).

use std::fmt;

use super::input::Customer;

/// The fitted priors, in the time unit of the customers' `t_x` and `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Scale of the purchase-rate gamma (in the time unit of the data).
    pub alpha: f64,
    /// Dropout beta, a.
    pub a: f64,
    /// Dropout beta, b.
    pub b: f64,
    /// The log-likelihood at the estimates.
    pub log_likelihood: f64,
    /// Customers fitted.
    pub customers: usize,
}

/// Why the parameters could not be estimated.
#[derive(Debug, Clone, PartialEq)]
pub enum FitError {
    /// Fewer than two customers.
    TooFewCustomers(usize),
    /// Nobody bought twice: the repeat-purchase process cannot be seen.
    NoRepeatBuyers,
    /// The likelihood keeps rising as a parameter runs off to 0 or infinity.
    NotIdentified(&'static str),
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FitError::TooFewCustomers(n) => write!(f, "cannot fit {n} customer(s): at least 2 are needed"),
            FitError::NoRepeatBuyers => f.write_str(
                "cannot identify the parameters: no customer bought more than once, so repeat buying cannot be estimated",
            ),
            FitError::NotIdentified(which) => write!(
                f,
                "cannot identify the parameters: the likelihood keeps improving as {which} runs off to 0 or infinity (too little or too uniform data)"
            ),
        }
    }
}

impl std::error::Error for FitError {}

/// Customers grouped by frequency: the gamma terms depend on `x` alone.
struct Data {
    /// Distinct frequencies.
    xs: Vec<f64>,
    /// Per customer: index into `xs`, `t_x`, `T`.
    rows: Vec<(usize, f64, f64)>,
}

impl Data {
    fn new(customers: &[Customer]) -> Data {
        let mut xs: Vec<f64> = Vec::new();
        let rows = customers
            .iter()
            .map(|c| {
                let x = f64::from(c.x);
                let i = xs.iter().position(|v| *v == x).unwrap_or_else(|| {
                    xs.push(x);
                    xs.len() - 1
                });
                (i, c.t_x, c.t)
            })
            .collect();
        Data { xs, rows }
    }

    /// The log-likelihood at (r, α, a, b).
    fn log_likelihood(&self, [r, alpha, a, b]: [f64; 4]) -> f64 {
        use libm::{exp, lgamma, log};
        let ln_alpha = log(alpha);
        let fixed: Vec<(f64, f64)> = self
            .xs
            .iter()
            .map(|&x| {
                let a1 = lgamma(r + x) - lgamma(r) + r * ln_alpha;
                let a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
                let a4 = if x > 0.0 { log(a) - log(b + x - 1.0) } else { f64::NEG_INFINITY };
                (a1 + a2, a4)
            })
            .collect();
        self.rows
            .iter()
            .map(|&(i, t_x, t)| {
                let x = self.xs[i];
                let (gammas, a4) = fixed[i];
                let a3 = -(r + x) * log(alpha + t);
                let a4 = a4 - (r + x) * log(alpha + t_x);
                // log(e^a3 + e^a4) without overflow
                let (hi, lo) = if a3 >= a4 { (a3, a4) } else { (a4, a3) };
                gammas + hi + log(1.0 + exp(lo - hi))
            })
            .sum()
    }
}

/// Fits the BG/NBD model to `customers` by maximum likelihood.
pub fn fit(customers: &[Customer]) -> Result<Fit, FitError> {
    if customers.len() < 2 {
        return Err(FitError::TooFewCustomers(customers.len()));
    }
    if customers.iter().all(|c| c.x == 0) {
        return Err(FitError::NoRepeatBuyers);
    }
    let data = Data::new(customers);
    let cost = |theta: &[f64; 4]| {
        let ll = data.log_likelihood(theta.map(libm::exp));
        if ll.is_finite() {
            -ll
        } else {
            f64::INFINITY
        }
    };
    // Starts spread over plausible shapes; the mean inter-purchase time sets α's scale.
    let scale = customers.iter().map(|c| c.t).sum::<f64>() / customers.len() as f64;
    let starts =
        [[1.0, scale, 1.0, 1.0], [0.25, scale / 4.0, 0.8, 2.5], [2.0, scale * 2.0, 0.2, 0.5], [0.5, 1.0, 2.0, 5.0]];
    let best = starts
        .iter()
        .map(|start| nelder_mead(&cost, start.map(|v| libm::log(v.max(1e-3)))))
        .min_by(|p, q| p.1.total_cmp(&q.1))
        .filter(|(_, f)| f.is_finite())
        .ok_or(FitError::NotIdentified("every parameter"))?;
    let names = ["r", "alpha", "a", "b"];
    if let Some(i) = best.0.iter().position(|t| t.abs() > 25.0) {
        return Err(FitError::NotIdentified(names[i]));
    }
    let [r, alpha, a, b] = best.0.map(libm::exp);
    Ok(Fit { r, alpha, a, b, log_likelihood: -best.1, customers: customers.len() })
}

/// Nelder–Mead from `start`, restarted from its own result until a restart gains nothing.
fn nelder_mead(f: &dyn Fn(&[f64; 4]) -> f64, start: [f64; 4]) -> ([f64; 4], f64) {
    let mut best = (start, f(&start));
    for _ in 0..8 {
        let next = nelder_mead_once(f, best.0);
        let gained = best.1 - next.1;
        best = next;
        if gained.abs() <= 1e-12 * (1.0 + best.1.abs()) {
            break;
        }
    }
    best
}

fn nelder_mead_once(f: &dyn Fn(&[f64; 4]) -> f64, start: [f64; 4]) -> ([f64; 4], f64) {
    const N: usize = 4;
    let mut simplex: Vec<([f64; N], f64)> = (0..=N)
        .map(|i| {
            let mut p = start;
            if i > 0 {
                p[i - 1] += 0.5;
            }
            (p, f(&p))
        })
        .collect();
    let along = |from: &[f64; N], to: &[f64; N], t: f64| -> [f64; N] {
        std::array::from_fn(|k| from[k] + t * (to[k] - from[k]))
    };
    for _ in 0..5_000 {
        simplex.sort_by(|p, q| p.1.total_cmp(&q.1));
        let (lowest, highest) = (simplex[0].1, simplex[N].1);
        let spread = simplex
            .iter()
            .map(|(p, _)| (0..N).map(|k| (p[k] - simplex[0].0[k]).abs()).fold(0.0, f64::max))
            .fold(0.0, f64::max);
        if (highest - lowest).abs() <= 1e-13 * (1.0 + lowest.abs()) && spread < 1e-9 {
            break;
        }
        let centroid: [f64; N] =
            std::array::from_fn(|k| simplex[..N].iter().map(|(p, _)| p[k]).sum::<f64>() / N as f64);
        let worst = simplex[N].0;
        let reflected = along(&centroid, &worst, -1.0);
        let fr = f(&reflected);
        if fr < simplex[0].1 {
            let expanded = along(&centroid, &worst, -2.0);
            let fe = f(&expanded);
            simplex[N] = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < simplex[N - 1].1 {
            simplex[N] = (reflected, fr);
        } else {
            let (toward, ft) = if fr < simplex[N].1 { (reflected, fr) } else { (worst, simplex[N].1) };
            let contracted = along(&centroid, &toward, 0.5);
            let fc = f(&contracted);
            if fc < ft {
                simplex[N] = (contracted, fc);
            } else {
                let best = simplex[0].0;
                for vertex in simplex.iter_mut().skip(1) {
                    vertex.0 = along(&best, &vertex.0, 0.5);
                    vertex.1 = f(&vertex.0);
                }
            }
        }
    }
    simplex.sort_by(|p, q| p.1.total_cmp(&q.1));
    simplex[0]
}
