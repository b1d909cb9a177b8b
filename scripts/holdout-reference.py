#!/usr/bin/env python3
"""An independent holdout check for crumbtrail's calibration, in plain Python (standard library only).

Usage: holdout-reference.py LOG.csv CALIBRATION_END HOLDOUT_END R ALPHA_DAYS A B

Reads a transaction log with the columns customer,date (YYYY-MM-DD),amount, reduces it to the
calibration period as Fader, Hardie & Lee (2005) do — repeat purchases are distinct purchase days
less the first, t_x and T in days to CALIBRATION_END — counts each customer's distinct purchase days
in the holdout (after CALIBRATION_END up to HOLDOUT_END), and predicts them with the BG/NBD
conditional expectation (FHL 2005, equation 10) at the given priors. The Gauss hypergeometric
function is summed here as its power series in exact rational steps of floats. Prints JSON: the
holdout length in days, and per calibration frequency 0..6 and "7+" the customers, the predicted
and the actual repeat purchases (sums), and the same overall.

core/tests/calibrate.rs runs it and compares with crumbtrail's own `--holdout-from` result; nothing here
is shared with the Rust code but the formulas of the paper.
"""
import csv
import datetime
import json
import math
import sys


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


def hyp2f1(a, b, c, z):
    term, total, k = 1.0, 1.0, 0
    while True:
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
        total += term
        k += 1
        if k > 10 and abs(term) < 1e-17 * abs(total):
            return total
        if k > 100000:
            raise ValueError("2F1 series does not converge")


def expected(r, alpha, a, b, x, t_x, big_t, t):
    """E[purchases in (T, T + t] | x, t_x, T], FHL 2005 equation (10)."""
    first = (a + b + x - 1) / (a - 1)
    bracket = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(
        r + x, b + x, a + b + x - 1, t / (alpha + big_t + t)
    )
    odds = (a / (b + x - 1)) * ((alpha + big_t) / (alpha + t_x)) ** (r + x) if x > 0 else 0.0
    return first * bracket / (1 + odds)


def main():
    path, cal_end, hold_end = sys.argv[1], day(sys.argv[2]), day(sys.argv[3])
    r, alpha, a, b = (float(v) for v in sys.argv[4:8])
    days = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            d = day(row["date"])
            if d <= hold_end:
                days.setdefault(row["customer"], set()).add(d)
    groups = [{"customers": 0, "predicted": 0.0, "actual": 0} for _ in range(8)]
    for purchase_days in days.values():
        calibration = sorted(d for d in purchase_days if d <= cal_end)
        if not calibration:
            continue  # first purchase in the holdout
        x = len(calibration) - 1
        t_x, big_t = calibration[-1] - calibration[0], cal_end - calibration[0]
        g = groups[min(x, 7)]
        g["customers"] += 1
        g["predicted"] += expected(r, alpha, a, b, x, t_x, big_t, hold_end - cal_end)
        g["actual"] += sum(1 for d in purchase_days if d > cal_end)
    overall = {k: sum(g[k] for g in groups) for k in ("customers", "predicted", "actual")}
    for i, g in enumerate(groups):
        g["frequency"] = "7+" if i == 7 else str(i)
    print(json.dumps({"days": hold_end - cal_end, **overall, "byFrequency": groups}))


if __name__ == "__main__":
    main()
