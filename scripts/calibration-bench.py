#!/usr/bin/env python3
"""Calibration at scale, measured (scripts/bench-calibrate runs it; timings are reported, never asserted).

  calibration-bench.py simulate ORDERS OUT.csv    a BG/NBD + Gamma-Gamma population's order log
  calibration-bench.py scipy SUMMARY.csv          fit the same weighted summary with scipy

`simulate` draws customers from the CDNOW priors (per day: r = 0.243, alpha = 30.898, a = 0.793,
b = 2.426; spend p = 6.25, q = 3.74, gamma = 15.44), first orders spread over two years, and
writes `customer_id,date,amount` in date order, about ORDERS orders (seeded: the same file
every time).

`scipy` reads the summary `fit-priors --write-summary` wrote (frequency, recency, T,
monetary_value, count; days) and maximises the same two weighted log-likelihoods with
scipy.optimize.minimize (L-BFGS-B over the logarithms of the parameters, numpy-vectorised, the
gradient by finite differences, as lifetimes does), printing the estimates and the time taken.
"""
import csv
import datetime
import json
import sys
import time

import numpy as np


def simulate(orders, path):
    rng = np.random.default_rng(20)
    r, alpha, a, b = 0.243, 4.414 * 7, 0.793, 2.426
    p, q, gamma = 6.25, 3.74, 15.44
    horizon = 730
    customers = int(orders / 2.14)
    rate = rng.gamma(r, 1 / alpha, customers)  # purchases per day while alive
    dropout = rng.beta(a, b, customers)
    nu = rng.gamma(q, 1 / gamma, customers)
    first = rng.integers(0, horizon, customers)
    # Purchases before dropping out (the first included): geometric, capped.
    count = np.minimum(rng.geometric(np.maximum(dropout, 1e-9)), 500)
    who = np.repeat(np.arange(customers), count)
    gaps = rng.exponential(1.0, who.size) / np.maximum(rate[who], 1e-12)
    starts = np.repeat(np.cumsum(count) - count, count)
    gaps[starts == np.arange(who.size)] = 0.0  # the first purchase is at `first`
    cumulative = np.cumsum(gaps)
    at = first[who] + (cumulative - cumulative[starts])
    keep = at < horizon
    who, at = who[keep], at[keep].astype(np.int64)
    by_date = np.argsort(at, kind="stable")  # as a shop exports them: in date order
    who, at = who[by_date], at[by_date]
    amount = rng.gamma(p, 1 / nu[who])
    epoch = datetime.date(2024, 1, 1)
    dates = np.array([(epoch + datetime.timedelta(days=int(d))).isoformat() for d in range(horizon)])
    with open(path, "w") as out:
        out.write("customer_id,date,amount\n")
        chunk = 1_000_000
        for s in range(0, who.size, chunk):
            lines = [
                f"c{c},{d},{m:.2f}"
                for c, d, m in zip(who[s : s + chunk].tolist(), dates[at[s : s + chunk]].tolist(), amount[s : s + chunk].tolist())
            ]
            out.write("\n".join(lines) + "\n")
    print(json.dumps({"orders": int(who.size), "customers": int(np.unique(who).size)}))


def scipy_fit(path):
    from scipy.optimize import minimize
    from scipy.special import gammaln

    x, t_x, big_t, m, w = [], [], [], [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            x.append(float(row["frequency"]))
            t_x.append(float(row["recency"]))
            big_t.append(float(row["T"]))
            m.append(float(row["monetary_value"]) if row["monetary_value"] else 0.0)
            w.append(float(row["count"]))
    x, t_x, big_t, m, w = map(np.array, (x, t_x, big_t, m, w))

    def bgnbd(theta):
        r, alpha, a, b = np.exp(theta)
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
        a3 = -(r + x) * np.log(alpha + big_t)
        with np.errstate(divide="ignore"):
            a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x), -np.inf)
        return -np.sum(w * (a1 + a2 + np.logaddexp(a3, a4)))

    buyers = (x > 0) & (m > 0)
    xs, ms, ws = x[buyers], m[buyers], w[buyers]

    def gamma_gamma(theta):
        p, q, g = np.exp(theta)
        ll = (gammaln(p * xs + q) - gammaln(p * xs) - gammaln(q) + q * np.log(g) + (p * xs - 1) * np.log(ms)
              + p * xs * np.log(xs) - (p * xs + q) * np.log(g + xs * ms))
        return -np.sum(ws * ll)

    started = time.perf_counter()
    orders = min((minimize(bgnbd, np.log(s), method="L-BFGS-B") for s in
                  ([1, float(np.average(big_t, weights=w)), 1, 1], [0.25, 10, 0.8, 2.5])), key=lambda res: res.fun)
    bgnbd_seconds = time.perf_counter() - started
    started = time.perf_counter()
    spend = minimize(gamma_gamma, np.log([1, 2, float(np.average(ms, weights=ws))]), method="L-BFGS-B")
    spend_seconds = time.perf_counter() - started
    r, alpha, a, b = np.exp(orders.x)
    p, q, g = np.exp(spend.x)
    print(json.dumps({
        "rows": int(x.size), "customers": int(w.sum()),
        "priors": {"r": r, "alpha": alpha, "a": a, "b": b}, "logLikelihood": -orders.fun,
        "spendPriors": {"p": p, "q": q, "gamma": g}, "spendLogLikelihood": -spend.fun,
        "bgnbdSeconds": bgnbd_seconds, "spendSeconds": spend_seconds,
    }))


if __name__ == "__main__":
    if sys.argv[1] == "simulate":
        simulate(int(sys.argv[2]), sys.argv[3])
    else:
        scipy_fit(sys.argv[2])
