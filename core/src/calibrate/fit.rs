//! Maximum-likelihood BG/NBD (Fader, Hardie & Lee 2005, equation 6) and Gamma-Gamma spend (Fader,
//! Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", the
//! density of a customer's mean spend given x transactions).
//!
//! Both fits work on weighted rows: customers with the same `(x, t_x, T)` (or the same `(x,
//! m̄)`) are one row with a weight, so that a million customers with weekly times are a few
//! tens of thousands of rows. The gamma-function terms depend on `x` alone and are computed once
//! per distinct `x`. Both log-likelihoods come with their analytic gradients, and [`bfgs`] climbs
//! them over the logarithms of the parameters (so they stay positive) from a few starts.

use std::collections::HashMap;
use std::fmt;

use libm::{exp, lgamma, log};

use super::input::Customer;

/// The fitted BG/NBD priors, in the time unit of the customers' `t_x` and `T`.
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
    /// Distinct `(x, t_x, T)` rows the likelihood summed over.
    pub rows: usize,
}

/// The fitted Gamma-Gamma spend priors: a purchase's value is gamma(p, ν), and ν across customers
/// is gamma(q, γ); the mean spend per purchase across customers is pγ/(q − 1).
#[derive(Debug, Clone, PartialEq)]
pub struct SpendFit {
    /// Shape of a purchase's value.
    pub p: f64,
    /// Shape of the customers' ν.
    pub q: f64,
    /// Scale of the customers' ν (in the currency of the amounts).
    pub gamma: f64,
    /// The log-likelihood at the estimates.
    pub log_likelihood: f64,
    /// Repeat buyers fitted (those with a positive mean spend).
    pub customers: usize,
    /// The correlation across those customers between the number of repeat purchases and their
    /// mean spend: the model assumes none.
    pub frequency_spend_correlation: f64,
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
    /// No repeat buyer with an amount: spend cannot be fitted.
    NoSpend,
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
            FitError::NoSpend => f.write_str(
                "cannot fit spend: no repeat buyer has a positive amount (the file needs an amount column)",
            ),
        }
    }
}

impl std::error::Error for FitError {}

/// The digamma function ψ = (ln Γ)′, for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10,
/// then the asymptotic series (error below 1e-13 there).
pub fn digamma(mut x: f64) -> f64 {
    let mut result = 0.0;
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    let series = f * (1.0 / 12.0 - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f * (1.0 / 132.0)))));
    result + log(x) - 0.5 / x - series
}

/// Customers with equal `(x, t_x, T)` as one weighted row, grouped by `x` (the gamma terms depend
/// on `x` alone). Times are indices into a table of the distinct times (a few hundred, with days),
/// so that an evaluation takes one logarithm per distinct time, not two per row.
struct Rows {
    /// Distinct frequencies, and the total weight of each.
    xs: Vec<(f64, f64)>,
    /// Distinct values of `t_x` and `T`.
    times: Vec<f64>,
    /// Per row: index into `xs`, indices of `t_x` and `T` into `times`, weight.
    rows: Vec<(u32, u32, u32, f64)>,
}

/// The index of `value` in `list`, added if new.
fn index_of<K: std::hash::Hash + Eq, V>(
    map: &mut HashMap<K, u32, foldhash::fast::FixedState>,
    list: &mut Vec<V>,
    key: K,
    value: impl FnOnce() -> V,
) -> u32 {
    *map.entry(key).or_insert_with(|| {
        list.push(value());
        (list.len() - 1) as u32
    })
}

impl Rows {
    fn new(customers: &[Customer]) -> Rows {
        let mut row_index = HashMap::default();
        let (mut x_index, mut time_index) = (HashMap::default(), HashMap::default());
        let (mut xs, mut times, mut rows) = (Vec::new(), Vec::new(), Vec::new());
        for c in customers {
            let weight = c.count as f64;
            let xi = index_of(&mut x_index, &mut xs, c.x, || (f64::from(c.x), 0.0));
            xs[xi as usize].1 += weight;
            let t_xi = index_of(&mut time_index, &mut times, c.t_x.to_bits(), || c.t_x);
            let ti = index_of(&mut time_index, &mut times, c.t.to_bits(), || c.t);
            let row = index_of(&mut row_index, &mut rows, (xi, t_xi, ti), || (xi, t_xi, ti, 0.0));
            rows[row as usize].3 += weight;
        }
        Rows { xs, times, rows }
    }

    /// The customers the rows stand for.
    fn weight(&self) -> f64 {
        self.xs.iter().map(|x| x.1).sum()
    }

    /// The log-likelihood at (r, α, a, b) and its gradient with respect to their logarithms.
    fn log_likelihood(&self, [r, alpha, a, b]: [f64; 4]) -> (f64, [f64; 4]) {
        let ln_alpha = log(alpha);
        let (psi_r, psi_ab, psi_b) = (digamma(r), digamma(a + b), digamma(b));
        let (mut ll, mut g) = (0.0, [0.0; 4]);
        // Per frequency: the gamma terms (weighted by everyone with that x) and what rows need.
        let per_x: Vec<(f64, f64)> = self
            .xs
            .iter()
            .map(|&(x, weight)| {
                let gammas = lgamma(r + x) - lgamma(r) + r * ln_alpha + lgamma(a + b) + lgamma(b + x)
                    - lgamma(b)
                    - lgamma(a + b + x);
                ll += weight * gammas;
                g[0] += weight * (digamma(r + x) - psi_r + ln_alpha);
                g[1] += weight * r / alpha;
                let psi_abx = digamma(a + b + x);
                g[2] += weight * (psi_ab - psi_abx);
                g[3] += weight * (psi_ab + digamma(b + x) - psi_b - psi_abx);
                let ln_dropout = if x > 0.0 { log(a) - log(b + x - 1.0) } else { f64::NEG_INFINITY };
                (x, ln_dropout)
            })
            .collect();
        // ln(α + t) and 1/(α + t) per distinct time.
        let ln_time: Vec<f64> = self.times.iter().map(|t| log(alpha + t)).collect();
        let inv_time: Vec<f64> = self.times.iter().map(|t| 1.0 / (alpha + t)).collect();
        for &(xi, t_xi, ti, weight) in &self.rows {
            let (x, ln_dropout) = per_x[xi as usize];
            let (ln_alive, ln_dropped) = (ln_time[ti as usize], ln_time[t_xi as usize]);
            // Still alive at T (a3), or dropped out just after the last purchase (a4).
            let a3 = -(r + x) * ln_alive;
            let a4 = ln_dropout - (r + x) * ln_dropped;
            // log(e^a3 + e^a4) without overflow, and the share of a4. Past a gap of 40 the smaller
            // term is below 1e-17 of the larger: no exp or log needed.
            let w4 = if a3 - a4 > 40.0 {
                ll += weight * a3;
                0.0
            } else if a4 - a3 > 40.0 {
                ll += weight * a4;
                1.0
            } else {
                let (hi, lo) = if a3 >= a4 { (a3, a4) } else { (a4, a3) };
                let e = exp(lo - hi);
                ll += weight * (hi + log(1.0 + e));
                if a4 >= a3 {
                    1.0 / (1.0 + e)
                } else {
                    e / (1.0 + e)
                }
            };
            let w3 = 1.0 - w4;
            g[0] -= weight * (w3 * ln_alive + w4 * ln_dropped);
            g[1] -= weight * (r + x) * (w3 * inv_time[ti as usize] + w4 * inv_time[t_xi as usize]);
            if x > 0.0 {
                g[2] += weight * w4 / a;
                g[3] -= weight * w4 / (b + x - 1.0);
            }
        }
        // d/d ln θ = θ · d/dθ
        (ll, [g[0] * r, g[1] * alpha, g[2] * a, g[3] * b])
    }
}

/// Fits the BG/NBD model to `customers` by maximum likelihood.
pub fn fit(customers: &[Customer]) -> Result<Fit, FitError> {
    let total: u64 = customers.iter().map(|c| c.count).sum();
    if total < 2 {
        return Err(FitError::TooFewCustomers(total as usize));
    }
    if customers.iter().all(|c| c.x == 0) {
        return Err(FitError::NoRepeatBuyers);
    }
    let data = Rows::new(customers);
    let objective = |theta: &[f64; 4]| {
        let (ll, g) = data.log_likelihood(theta.map(exp));
        (-ll, g.map(|v| -v))
    };
    // Starts spread over plausible shapes; the mean age sets α's scale.
    let scale = customers.iter().map(|c| c.t * c.count as f64).sum::<f64>() / total as f64;
    // The first is shaped like published fits (CDNOW's); a start at a = b = 1 can wander onto the
    // ridge where a and b grow together, so it comes late.
    let starts =
        [[0.25, scale / 4.0, 0.8, 2.5], [2.0, scale * 2.0, 0.2, 0.5], [1.0, scale, 1.0, 1.0], [0.5, 1.0, 2.0, 5.0]];
    let sampled = sample(customers, data.rows.len()).map(|s| Rows::new(&s));
    let sampled_objective = |theta: &[f64; 4]| {
        let (ll, g) = sampled.as_ref().map_or((0.0, [0.0; 4]), |s| s.log_likelihood(theta.map(exp)));
        (-ll, g.map(|v| -v))
    };
    let share = sampled.as_ref().map(|s| s.weight() / data.weight());
    let best = climb(&objective, share.map(|w| (&sampled_objective as Objective<'_, 4>, w)), &starts)?;
    let names = ["r", "alpha", "a", "b"];
    if let Some(i) = best.0.iter().position(|t| t.abs() > 25.0) {
        return Err(FitError::NotIdentified(names[i]));
    }
    let [r, alpha, a, b] = best.0.map(exp);
    Ok(Fit { r, alpha, a, b, log_likelihood: -best.1, customers: total as usize, rows: data.rows.len() })
}

/// Repeat buyers with their mean spend, as weighted `(x, m̄)` rows grouped by `x`.
struct SpendRows {
    /// Distinct x, total weight, and Σ weight · (ln m̄) and the constant ln x.
    xs: Vec<(f64, f64, f64)>,
    /// Per row: index into `xs`, x · m̄, weight.
    rows: Vec<(usize, f64, f64)>,
}

impl SpendRows {
    fn new(customers: &[Customer]) -> SpendRows {
        let mut index: HashMap<(u32, u64), usize, foldhash::fast::FixedState> = HashMap::default();
        let mut x_index: HashMap<u32, usize, foldhash::fast::FixedState> = HashMap::default();
        let (mut xs, mut rows) = (Vec::new(), Vec::new());
        for c in customers {
            let Some(m) = c.monetary_value.filter(|m| c.x > 0 && *m > 0.0 && m.is_finite()) else { continue };
            let weight = c.count as f64;
            let xi = *x_index.entry(c.x).or_insert_with(|| {
                xs.push((f64::from(c.x), 0.0, 0.0));
                xs.len() - 1
            });
            xs[xi].1 += weight;
            xs[xi].2 += weight * log(m);
            let row = *index.entry((c.x, m.to_bits())).or_insert_with(|| {
                rows.push((xi, f64::from(c.x) * m, 0.0));
                rows.len() - 1
            });
            rows[row].2 += weight;
        }
        SpendRows { xs, rows }
    }

    /// The repeat buyers the rows stand for.
    fn weight(&self) -> f64 {
        self.xs.iter().map(|x| x.1).sum()
    }

    /// ln of Γ(px+q)/(Γ(px)Γ(q)) · γ^q · m̄^(px−1) · x^(px) / (γ + x·m̄)^(px+q), summed, and its
    /// gradient with respect to ln p, ln q, ln γ.
    fn log_likelihood(&self, [p, q, gamma]: [f64; 3]) -> (f64, [f64; 3]) {
        let (ln_gamma, psi_q) = (log(gamma), digamma(q));
        let (mut ll, mut g) = (0.0, [0.0; 3]);
        for &(x, weight, weighted_ln_m) in &self.xs {
            let (px, psi_pxq) = (p * x, digamma(p * x + q));
            ll += weight * (lgamma(px + q) - lgamma(px) - lgamma(q) + q * ln_gamma + px * log(x))
                + (px - 1.0) * weighted_ln_m;
            g[0] += weight * x * (psi_pxq - digamma(px) + log(x)) + x * weighted_ln_m;
            g[1] += weight * (psi_pxq - psi_q + ln_gamma);
            g[2] += weight * q / gamma;
        }
        let xs = &self.xs;
        for &(i, total, weight) in &self.rows {
            let x = xs[i].0;
            let ln_sum = log(gamma + total);
            ll -= weight * (p * x + q) * ln_sum;
            g[0] -= weight * x * ln_sum;
            g[1] -= weight * ln_sum;
            g[2] -= weight * (p * x + q) / (gamma + total);
        }
        (ll, [g[0] * p, g[1] * q, g[2] * gamma])
    }
}

/// Fits the Gamma-Gamma spend model to the repeat buyers' mean spend by maximum likelihood.
pub fn fit_spend(customers: &[Customer]) -> Result<SpendFit, FitError> {
    let data = SpendRows::new(customers);
    let buyers: f64 = data.xs.iter().map(|x| x.1).sum();
    if buyers < 2.0 {
        return Err(if buyers == 0.0 { FitError::NoSpend } else { FitError::TooFewCustomers(buyers as usize) });
    }
    let objective = |theta: &[f64; 3]| {
        let (ll, g) = data.log_likelihood(theta.map(exp));
        (-ll, g.map(|v| -v))
    };
    // The mean of the means sets γ's scale: E[m̄] = pγ/(q − 1).
    let mean = data.rows.iter().map(|&(i, total, w)| w * total / data.xs[i].0).sum::<f64>() / buyers;
    let starts = [[5.0, 4.0, mean / 2.0], [1.0, 2.0, mean], [0.5, 1.5, mean * 0.1], [10.0, 10.0, mean]];
    let sampled = sample(customers, data.rows.len()).map(|s| SpendRows::new(&s));
    let sampled_objective = |theta: &[f64; 3]| {
        let (ll, g) = sampled.as_ref().map_or((0.0, [0.0; 3]), |s| s.log_likelihood(theta.map(exp)));
        (-ll, g.map(|v| -v))
    };
    let share = sampled.as_ref().map(|s| s.weight() / buyers).filter(|w| *w > 0.0);
    let best = climb(&objective, share.map(|w| (&sampled_objective as Objective<'_, 3>, w)), &starts)?;
    let names = ["p", "q", "gamma"];
    if let Some(i) = best.0.iter().position(|t| t.abs() > 25.0) {
        return Err(FitError::NotIdentified(names[i]));
    }
    let [p, q, gamma] = best.0.map(exp);
    Ok(SpendFit {
        p,
        q,
        gamma,
        log_likelihood: -best.1,
        customers: buyers as usize,
        frequency_spend_correlation: correlation(&data),
    })
}

/// Pearson's correlation between x and m̄ over the weighted rows (0 when either is constant).
fn correlation(data: &SpendRows) -> f64 {
    let (mut n, mut sx, mut sm, mut sxx, mut smm, mut sxm) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for &(i, total, w) in &data.rows {
        let x = data.xs[i].0;
        let m = total / x;
        n += w;
        sx += w * x;
        sm += w * m;
        sxx += w * x * x;
        smm += w * m * m;
        sxm += w * x * m;
    }
    let cov = sxm / n - (sx / n) * (sm / n);
    let (vx, vm) = (sxx / n - (sx / n).powi(2), smm / n - (sm / n).powi(2));
    if vx <= 0.0 || vm <= 0.0 {
        0.0
    } else {
        cov / (vx * vm).sqrt()
    }
}

/// A function to minimise: its value and gradient at a point.
pub type Objective<'a, const N: usize> = &'a dyn Fn(&[f64; N]) -> (f64, [f64; N]);

/// The lowest of [`bfgs`] from the starts (given as parameters, searched over their logarithms),
/// tried in turn until two of them reach the same optimum: with millions of customers each start
/// costs seconds, and a second start arriving where the first did is the evidence that matters.
fn best_of<const N: usize>(f: Objective<'_, N>, starts: &[[f64; N]]) -> Result<Minimum<N>, FitError> {
    let mut best: Option<Minimum<N>> = None;
    for start in starts {
        let found = bfgs(f, start.map(|v| log(v.max(1e-3))), None);
        if !found.1.is_finite() {
            continue;
        }
        if let Some(previous) = best {
            let same_point = (0..N).all(|i| (previous.0[i] - found.0[i]).abs() < 1e-4);
            let same_value = (previous.1 - found.1).abs() <= 1e-9 * (1.0 + found.1.abs());
            if found.1 < previous.1 {
                best = Some(found);
            }
            if same_point && same_value {
                break;
            }
        } else {
            best = Some(found);
        }
    }
    best.ok_or(FitError::NotIdentified("every parameter"))
}

/// Above this many rows, the starts are tried on a systematic sample of the customers (every k-th)
/// and only the best is carried to all of them, with its curvature: the starts then cost what the
/// sample costs, and the climb over every row a few steps. (1.8 million Gamma-Gamma rows: 50
/// evaluations of everything became about 10.)
pub const SAMPLE_ROWS: usize = 25_000;

/// [`best_of`] over `full`, or over `sample` first when there is one (its weight over the full
/// weight given, to scale the curvature: a log-likelihood grows with the customers in it).
fn climb<const N: usize>(
    full: Objective<'_, N>,
    sample: Option<(Objective<'_, N>, f64)>,
    starts: &[[f64; N]],
) -> Result<Minimum<N>, FitError> {
    if let Some((sampled, share)) = sample {
        if let Ok((x, _, h)) = best_of(sampled, starts) {
            let polished = bfgs(full, x, Some(h.map(|row| row.map(|v| v * share))));
            if polished.1.is_finite() {
                return Ok(polished);
            }
        }
    }
    best_of(full, starts)
}

/// Every k-th customer, k such that about [`SAMPLE_ROWS`] of `rows` remain; `None` when `rows`
/// are few enough already.
fn sample(customers: &[Customer], rows: usize) -> Option<Vec<Customer>> {
    (rows > SAMPLE_ROWS).then(|| customers.iter().step_by(rows.div_ceil(SAMPLE_ROWS)).copied().collect())
}

/// Where a climb ended: the point, the value there, and the estimate of the inverse Hessian.
pub type Minimum<const N: usize> = ([f64; N], f64, [[f64; N]; N]);

fn identity<const N: usize>() -> [[f64; N]; N] {
    std::array::from_fn(|i| std::array::from_fn(|j| f64::from(i == j)))
}

/// Minimises `f` (value and gradient) from `start` by BFGS with a backtracking line search that
/// keeps to the Armijo condition, starting from the inverse-Hessian estimate `curvature` (else the
/// identity). Stops when the gradient vanishes, or when a step gains nothing measurable. Points
/// where `f` is not finite are stepped back from.
pub fn bfgs<const N: usize>(f: Objective<'_, N>, start: [f64; N], curvature: Option<[[f64; N]; N]>) -> Minimum<N> {
    let finite = |(v, g): (f64, [f64; N])| (v.is_finite() && g.iter().all(|x| x.is_finite())).then_some((v, g));
    let Some((mut value, mut grad)) = finite(f(&start)) else { return (start, f64::INFINITY, identity()) };
    let mut x = start;
    let mut h = curvature.unwrap_or_else(identity);
    for _ in 0..1_000 {
        if grad.iter().all(|g| g.abs() <= 1e-9 * (1.0 + value.abs())) {
            break;
        }
        let mut direction: [f64; N] = std::array::from_fn(|i| -(0..N).map(|j| h[i][j] * grad[j]).sum::<f64>());
        let mut slope: f64 = (0..N).map(|i| direction[i] * grad[i]).sum();
        if slope >= 0.0 {
            // Not a descent direction: start the curvature estimate again.
            h = identity();
            direction = grad.map(|g| -g);
            slope = -grad.iter().map(|g| g * g).sum::<f64>();
        }
        // Steps in log-parameters beyond ±5 at once only lead off into overflow.
        let longest = direction.iter().fold(0.0_f64, |m, d| m.max(d.abs()));
        let mut step = if longest > 5.0 { 5.0 / longest } else { 1.0 };
        let mut next = None;
        for _ in 0..60 {
            let candidate: [f64; N] = std::array::from_fn(|i| x[i] + step * direction[i]);
            if let Some((v, g)) = finite(f(&candidate)) {
                if v <= value + 1e-4 * step * slope {
                    next = Some((candidate, v, g));
                    break;
                }
            }
            step *= 0.5;
        }
        let Some((candidate, v, g)) = next else {
            // No step along the estimate's direction helps: if the estimate has learnt anything,
            // forget it and try the gradient itself before giving up.
            if h == identity() {
                break;
            }
            h = identity();
            continue;
        };
        let s: [f64; N] = std::array::from_fn(|i| candidate[i] - x[i]);
        let y: [f64; N] = std::array::from_fn(|i| g[i] - grad[i]);
        let sy: f64 = (0..N).map(|i| s[i] * y[i]).sum();
        let gained = value - v;
        (x, value, grad) = (candidate, v, g);
        if sy > 1e-12 {
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
            let rho = 1.0 / sy;
            let hy: [f64; N] = std::array::from_fn(|i| (0..N).map(|j| h[i][j] * y[j]).sum());
            let yhy: f64 = (0..N).map(|i| y[i] * hy[i]).sum();
            for i in 0..N {
                for j in 0..N {
                    h[i][j] += rho * ((1.0 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
                }
            }
        }
        if gained.abs() <= 1e-15 * (1.0 + value.abs()) && s.iter().all(|d| d.abs() < 1e-10) {
            break;
        }
    }
    (x, value, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digamma_matches_known_values() {
        // ψ(1) = −γ_Euler, ψ(1/2) = −γ − 2 ln 2, ψ(10) = H_9 − γ
        let euler = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + euler).abs() < 1e-12);
        assert!((digamma(0.5) + euler + 2.0 * 2.0_f64.ln()).abs() < 1e-12);
        let h9: f64 = (1..10).map(|k| 1.0 / f64::from(k)).sum();
        assert!((digamma(10.0) - (h9 - euler)).abs() < 1e-12);
    }

    fn customer(x: u32, t_x: f64, t: f64, m: Option<f64>) -> Customer {
        Customer { x, t_x, t, monetary_value: m, holdout_x: 0, count: 1 }
    }

    #[test]
    fn the_gradients_are_the_likelihoods_derivatives() {
        let customers = [
            customer(0, 0.0, 30.0, None),
            customer(2, 20.0, 30.0, Some(12.0)),
            customer(5, 29.0, 31.0, Some(40.0)),
            customer(1, 3.0, 40.0, Some(7.5)),
            customer(1, 3.0, 40.0, Some(7.5)),
        ];
        let numeric = |f: &dyn Fn(&[f64]) -> f64, at: &[f64], i: usize| {
            let (mut up, mut down) = (at.to_vec(), at.to_vec());
            up[i] += 1e-6;
            down[i] -= 1e-6;
            (f(&up) - f(&down)) / 2e-6
        };
        let orders = Rows::new(&customers);
        let theta = [0.3_f64.ln(), 5.0_f64.ln(), 0.8_f64.ln(), 2.5_f64.ln()];
        let (_, g) = orders.log_likelihood(theta.map(f64::exp));
        let ll = |t: &[f64]| orders.log_likelihood([t[0], t[1], t[2], t[3]].map(f64::exp)).0;
        for (i, gi) in g.iter().enumerate() {
            let n = numeric(&ll, &theta, i);
            assert!((gi - n).abs() < 1e-6 * (1.0 + n.abs()), "BG/NBD ∂{i}: {gi} vs {n}");
        }
        let spend = SpendRows::new(&customers);
        let theta = [6.0_f64.ln(), 3.7_f64.ln(), 15.0_f64.ln()];
        let (_, g) = spend.log_likelihood(theta.map(f64::exp));
        let ll = |t: &[f64]| spend.log_likelihood([t[0], t[1], t[2]].map(f64::exp)).0;
        for (i, gi) in g.iter().enumerate() {
            let n = numeric(&ll, &theta, i);
            assert!((gi - n).abs() < 1e-6 * (1.0 + n.abs()), "Gamma-Gamma ∂{i}: {gi} vs {n}");
        }
    }

    #[test]
    fn identical_customers_are_one_weighted_row_with_the_same_likelihood() {
        let one = [customer(1, 3.0, 40.0, Some(7.5)), customer(0, 0.0, 40.0, None)];
        let mut many = vec![one[0]; 3];
        many.push(one[1]);
        let weighted = [Customer { count: 3, ..one[0] }, one[1]];
        let at = [0.3, 5.0, 0.8, 2.5];
        let (rows_many, rows_weighted) = (Rows::new(&many), Rows::new(&weighted));
        assert_eq!(rows_many.rows.len(), 2);
        let (a, b) = (rows_many.log_likelihood(at).0, rows_weighted.log_likelihood(at).0);
        assert!((a - b).abs() < 1e-12 * a.abs(), "{a} vs {b}");
        let (a, b) = (
            SpendRows::new(&many).log_likelihood([6.0, 3.7, 15.0]).0,
            SpendRows::new(&weighted).log_likelihood([6.0, 3.7, 15.0]).0,
        );
        assert!((a - b).abs() < 1e-12 * a.abs(), "{a} vs {b}");
    }

    #[test]
    fn starting_on_a_sample_reaches_the_optimum_of_all_the_rows() {
        // 40,000 customers with distinct (x, t_x, T): above SAMPLE_ROWS, so `fit` tries its starts
        // on every second customer and climbs on from there over all of them.
        let mut seed = 7_u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        // Drawn as BG/NBD describes them: exponential gaps at a rate mixed over customers, a chance
        // to drop out after each repeat purchase, spend around each customer's own mean.
        let customers: Vec<Customer> = (0..40_000)
            .map(|_| {
                let (rate, dropout, big_t) = (-next().ln() * 0.03, next() * next() * 0.6, 30.0 + 700.0 * next());
                let (mut t, mut x, mut t_x) = (0.0, 0, 0.0);
                loop {
                    t += -next().ln() / rate;
                    if t > big_t {
                        break;
                    }
                    (x, t_x) = (x + 1, t);
                    if next() < dropout {
                        break;
                    }
                }
                customer(x, t_x, big_t, (x > 0).then(|| (5.0 + 60.0 * next()) * (0.8 + 0.4 * next())))
            })
            .collect();
        let rows = Rows::new(&customers);
        assert!(rows.rows.len() > SAMPLE_ROWS);
        let objective = |theta: &[f64; 4]| {
            let (ll, g) = rows.log_likelihood(theta.map(exp));
            (-ll, g.map(|v| -v))
        };
        let starts = [[0.25, 87.0, 0.8, 2.5], [2.0, 700.0, 0.2, 0.5], [1.0, 350.0, 1.0, 1.0]];
        let everything = best_of(&objective, &starts).unwrap();
        let sampled = fit(&customers).unwrap();
        assert!(
            (sampled.log_likelihood + everything.1).abs() < 1e-9 * everything.1.abs(),
            "{sampled:?} vs {everything:?}"
        );
        for (got, want) in [sampled.r, sampled.alpha, sampled.a, sampled.b].iter().zip(everything.0.map(exp)) {
            assert!((got - want).abs() < 1e-5 * want, "{sampled:?} vs {:?}", everything.0.map(exp));
        }
        let spend = SpendRows::new(&customers);
        assert!(spend.rows.len() > SAMPLE_ROWS);
        let objective = |theta: &[f64; 3]| {
            let (ll, g) = spend.log_likelihood(theta.map(exp));
            (-ll, g.map(|v| -v))
        };
        let everything = best_of(&objective, &[[5.0, 4.0, 17.0], [1.0, 2.0, 35.0]]).unwrap();
        let sampled = fit_spend(&customers).unwrap();
        assert!(
            (sampled.log_likelihood + everything.1).abs() < 1e-9 * everything.1.abs(),
            "{sampled:?} vs {everything:?}"
        );
    }
}
