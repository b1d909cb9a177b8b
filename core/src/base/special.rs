//! Special functions: Gauss's hypergeometric function ₂F₁, which the BG/NBD expectation of orders
//! sums, computed so that many order days neither overflow nor lose precision.

/// Relative tolerance at which the ₂F₁ series stops: the first neglected term is below this share
/// of the sum, and the remaining tail, a geometric series of ratio < 1, is within a small multiple.
pub const HYP2F1_TOLERANCE: f64 = 1e-17;
/// Most ₂F₁ terms summed before giving up (z close to 1 with tiny α); the prediction is then null.
pub const HYP2F1_MAX_TERMS: usize = 1_000_000;

/// ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1: the power series Σ (a)_k (b)_k / ((c)_k k!) z^k,
/// every term positive here. For many order days the terms pass f64's range before they shrink, so
/// the sum is kept as `sum · e^shift`, scaled down whenever a term grows large: plain products and
/// sums per term, one logarithm at the end.
pub fn hyp2f1_ln(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    const LARGE: f64 = 1e250;
    let ln_large = 250.0 * std::f64::consts::LN_10;
    if !(a > 0.0 && b > 0.0 && c > 0.0 && (0.0..1.0).contains(&z)) {
        return None;
    }
    if z == 0.0 {
        return Some(0.0);
    }
    let (mut term, mut sum, mut shift) = (1.0_f64, 1.0_f64, 0.0_f64); // term 0 is 1
    for k in 0..HYP2F1_MAX_TERMS {
        let k = k as f64;
        let ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        term *= ratio;
        sum += term;
        if term > LARGE {
            term /= LARGE;
            sum /= LARGE;
            shift += ln_large;
        }
        // Past the peak (ratio < 1) the tail is bounded by a geometric series.
        if ratio < 1.0 && term * ratio / (1.0 - ratio) < HYP2F1_TOLERANCE * sum {
            return Some(shift + sum.ln());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1−z)/z
        for z in [0.1, 0.5, 0.9, 0.99] {
            let exact = -(1.0_f64 - z).ln() / z;
            let got = hyp2f1_ln(1.0, 1.0, 2.0, z).unwrap().exp();
            assert!(((got - exact) / exact).abs() < 1e-13, "z={z}: {got} vs {exact}");
        }
        // ₂F₁(a, b; b; z) = (1−z)^−a
        let got = hyp2f1_ln(2.5, 3.0, 3.0, 0.7).unwrap().exp();
        let exact = 0.3_f64.powf(-2.5);
        assert!(((got - exact) / exact).abs() < 1e-13);
    }
}
