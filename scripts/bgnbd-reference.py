#!/usr/bin/env python3
"""Reference values for crumbtrail's BG/NBD predictions, computed independently with mpmath.

The Rust tests in core/tests/predictions.rs hold this script's output as literals; rerun it (after
`pip install mpmath`) only when adding cases, and paste the printed table in. Formulas: Fader,
Hardie & Lee (2005), "Counting Your Customers the Easy Way", eq. (10) for E[Y(t) | x, t_x, T] and
the P(alive) expression of their note "Computing P(alive) using the BG/NBD model".
"""
from mpmath import mp, mpf, hyp2f1

mp.dps = 50

CDNOW = (mpf("0.243"), mpf("4.414") * 7, mpf("0.793"), mpf("2.426"))  # r, alpha (days), a, b
OTHER = (mpf("1.2"), mpf("10"), mpf("2.5"), mpf("4"))

CASES = [
    # (priors, x, t_x, T, t)
    (CDNOW, 0, 0, 0, 90),
    (CDNOW, 0, 0, 30, 90),
    (CDNOW, 0, 0, 365, 90),
    (CDNOW, 1, 10, 20, 90),
    (CDNOW, 1, 10, 200, 90),
    (CDNOW, 2, 30, 40, 90),
    (CDNOW, 5, 100, 120, 90),
    (CDNOW, 5, 100, 400, 90),
    (CDNOW, 10, 300, 310, 90),
    (CDNOW, 20, 200, 700, 90),
    (CDNOW, 50, 365, 400, 90),
    (CDNOW, 200, 1000, 1010, 90),
    (CDNOW, 3, "0.5", "0.75", 90),
    (OTHER, 0, 0, 12, 90),
    (OTHER, 4, 60, 90, 90),
    (OTHER, 4, 60, 90, 365),
]


def predict(priors, x, t_x, big_t, t):
    r, alpha, a, b = priors
    x, t_x, big_t, t = mpf(x), mpf(t_x), mpf(big_t), mpf(t)
    odds = a / (b + x - 1) * ((alpha + big_t) / (alpha + t_x)) ** (r + x) if x > 0 else mpf(0)
    p_alive = 1 / (1 + odds)
    z = t / (alpha + big_t + t)
    bracket = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    expected = (a + b + x - 1) / (a - 1) * bracket / (1 + odds)
    return p_alive, expected


def main():
    for priors, x, t_x, big_t, t in CASES:
        p, e = predict(priors, x, t_x, big_t, t)
        name = "CDNOW" if priors is CDNOW else "OTHER"
        print(f"    ({name}, {x}.0, {mpf(t_x)}, {mpf(big_t)}, {t}.0, {mp.nstr(p, 17)}, {mp.nstr(e, 17)}),")


if __name__ == "__main__":
    main()
