#!/usr/bin/env python3
"""Checks sql/uplift.sql and sql/uplift-orders.sql (the uplift guide's report of what each message earned (docs/guide/uplift.md))
in DuckDB on a generated GA4 export with a planted revenue effect (scripts/uplift_sample.py).

Run by scripts/test (DuckDB, numpy and scipy from PyPI, installed by scripts/setup). The queries
run as the guide prints them, with one change: the export's table name becomes `events` (and the
shop's orders table `orders`). Every figure of every row must equal the one computed here from the
generated events, independently of SQL: shoppers and their windows in plain Python, the intervals
with numpy and scipy (Welch's from scipy.stats.ttest_ind, the t quantile from scipy.stats.t, CUPED as
Welch's interval of the adjusted revenue). Then, for each message over all stages: the CUPED
interval is narrower than the plain one and covers the planted effect.

The demo's page of what each message earned (demo/earned.html) draws this report: demo/earned.json
must be the report of the export above, rounded (`--write-demo` writes it).
"""
import json
import math
import os
import re
import sys
import tempfile
from collections import defaultdict

import duckdb
import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uplift_sample  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SQL = os.path.join(ROOT, "sql/uplift.sql")
SQL_ORDERS = os.path.join(ROOT, "sql/uplift-orders.sql")
GUIDE = os.path.join(ROOT, "docs", "guide", "uplift.md")
DEMO = os.path.join(ROOT, "demo/earned.json")
EXPORT = "`my-project.analytics_123456789.events_*`"
ORDERS = "`my-project.shop.orders`"
DAY_US = 86_400 * 1_000_000
SHOPPERS = 12_000
SEED = 31
# The functions the report may call: each is spelt the same in BigQuery and DuckDB.
PORTABLE = {"AVG", "COALESCE", "COUNT", "COVAR_SAMP", "MAX", "MIN", "NULLIF", "POWER", "ROW_NUMBER", "SQRT", "SUM",
            "UNNEST", "VAR_SAMP"}
COLUMNS = [
    "promotion_id", "stage", "shown_shoppers", "held_out_shoppers",
    "shown_converters_7d", "held_out_converters_7d", "conversion_uplift_7d", "conversion_uplift_7d_low", "conversion_uplift_7d_high",
    "shown_converters_30d", "held_out_converters_30d", "conversion_uplift_30d", "conversion_uplift_30d_low", "conversion_uplift_30d_high",
    "shown_revenue_per_shopper_7d", "held_out_revenue_per_shopper_7d", "revenue_uplift_7d", "revenue_uplift_7d_low", "revenue_uplift_7d_high",
    "shown_revenue_per_shopper_30d", "held_out_revenue_per_shopper_30d", "revenue_uplift_30d", "revenue_uplift_30d_low", "revenue_uplift_30d_high",
    "cuped_theta", "cuped_revenue_uplift_30d", "cuped_revenue_uplift_30d_low", "cuped_revenue_uplift_30d_high", "variance_reduction",
    "incremental_revenue_30d", "incremental_revenue_30d_low", "incremental_revenue_30d_high", "cost", "roi", "roi_low", "roi_high",
]


def parameters(query):
    """cost_per_converter and margin, as the top of the file sets them."""
    found = {name: float(value) for value, name in re.findall(r"^\s+([\d.]+) AS (cost_per_converter|margin)", query, re.M)}
    if set(found) != {"cost_per_converter", "margin"}:
        sys.exit(f"uplift.sql: expected the parameters cost_per_converter and margin at the top, found {found}")
    return found


def shoppers_of(rows, orders, source):
    """Each (message, user)'s arm, stage, covariate and outcomes: (message, stage, arm, x, c7, c30, r7, r30)."""
    first = {}
    events = defaultdict(list)  # user -> [(ts, transaction_id, revenue)]
    for user, name, ts, promotion_id, item_promotion_id, arm, stage, x_int, x_double, tid, revenue in rows:
        if name == "purchase":
            events[user].append((ts, tid, revenue))
        elif name == "view_promotion" and arm in ("shown", "held_out"):
            message = promotion_id or item_promotion_id
            if message is None:
                continue
            x = x_int if x_int is not None else x_double if x_double is not None else 0
            key = (user, message)
            if key not in first or ts < first[key][0]:
                first[key] = (ts, arm, stage or "unknown", float(x))
    purchases = {}
    if source == "export":
        for user, evs in events.items():
            purchases[user] = [(ts, revenue if revenue is not None else 0.0) for ts, _, revenue in evs]
    else:
        kept = dict(orders)
        for user, evs in events.items():
            at = {}
            for ts, tid, _ in evs:
                if tid in kept:
                    at[tid] = min(ts, at.get(tid, ts))
            purchases[user] = [(ts, kept[tid]) for tid, ts in at.items()]
    out = []
    for (user, message), (at, arm, stage, x) in first.items():
        seven = [r for ts, r in purchases.get(user, []) if at < ts <= at + 7 * DAY_US]
        thirty = [r for ts, r in purchases.get(user, []) if at < ts <= at + 30 * DAY_US]
        out.append((message, stage, arm, x, int(bool(seven)), int(bool(thirty)), float(sum(seven)), float(sum(thirty))))
    return out


def welch(y1, y0):
    """Welch's 95% interval for mean(y1) − mean(y0), from scipy."""
    ci = stats.ttest_ind(y1, y0, equal_var=False).confidence_interval(0.95)
    return float(ci.low), float(ci.high)


def expected(rows, orders, source, params):
    """The report's rows, computed from the events with numpy and scipy."""
    groups = defaultdict(lambda: {"shown": [], "held_out": []})
    for message, stage, arm, *figures in shoppers_of(rows, orders, source):
        groups[(message, stage)][arm].append(figures)
        groups[(message, "all")][arm].append(figures)
    z = stats.norm.ppf(0.975)
    report = []
    for (message, stage) in sorted(groups, key=lambda k: (k[0], k[1] != "all", k[1])):
        s, h = (np.array(groups[(message, stage)][arm], dtype=float).reshape(-1, 5) for arm in ("shown", "held_out"))
        n1, n0 = len(s), len(h)
        if n1 < 2 or n0 < 2:
            continue
        row = [message, stage, n1, n0]
        for k in (1, 2):  # conversion at 7 and at 30 days: Wald
            c1, c0 = int(s[:, k].sum()), int(h[:, k].sum())
            p1, p0 = c1 / n1, c0 / n0
            half = z * math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
            row += [c1, c0, p1 - p0, p1 - p0 - half, p1 - p0 + half]
        for k in (3, 4):  # revenue per shopper at 7 and at 30 days: Welch
            low, high = welch(s[:, k], h[:, k])
            row += [s[:, k].mean(), h[:, k].mean(), s[:, k].mean() - h[:, k].mean(), low, high]
        x1, x0, y1, y0 = s[:, 0], h[:, 0], s[:, 4], h[:, 4]
        sxx = ((x1 - x1.mean()) ** 2).sum() + ((x0 - x0.mean()) ** 2).sum()
        sxy = ((x1 - x1.mean()) * (y1 - y1.mean())).sum() + ((x0 - x0.mean()) * (y0 - y0.mean())).sum()
        theta = sxy / sxx if sxx else 0.0
        centre = np.concatenate([x1, x0]).mean()
        a1, a0 = y1 - theta * (x1 - centre), y0 - theta * (x0 - centre)
        cuped = a1.mean() - a0.mean()
        low, high = welch(a1, a0)
        plain = y1.var(ddof=1) / n1 + y0.var(ddof=1) / n0
        reduction = 1 - (a1.var(ddof=1) / n1 + a0.var(ddof=1) / n0) / plain if plain else None
        cost = int(s[:, 2].sum()) * params["cost_per_converter"]
        roi = (lambda gain: (gain * params["margin"] - cost) / cost if cost else None)
        row += [theta, cuped, low, high, reduction, n1 * cuped, n1 * low, n1 * high, cost,
                roi(n1 * cuped), roi(n1 * low), roi(n1 * high)]
        report.append(tuple(row))
    return report


def same(got, want):
    for name, g, w in zip(COLUMNS, got, want):
        if isinstance(w, str) or isinstance(w, int) and not isinstance(g, float):
            ok = g == w
        elif w is None or g is None:
            ok = g is None and w is None
        else:
            # The t quantile is a series in 1/df in SQL, scipy's exact one here: far below 1e-9
            # at these sizes (the tolerance), and within 4e-6 from 10 degrees of freedom on.
            ok = math.isclose(float(g), float(w), rel_tol=1e-9, abs_tol=1e-9)
        if not ok:
            return name, g, w
    return None


def check_sample_sizes(guide):
    """The uplift guide's table of shoppers a 10% holdout needs, recomputed (80% power, 5% two-sided)."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.975) + NormalDist().inv_cdf(0.8)
    lifts = [0.05, 0.10, 0.20, 0.50]
    rows = re.findall(r"^\| (\d+)% \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \|$", guide, re.M)
    if len(rows) != 3:
        sys.exit(f"docs/guide/uplift.md: expected the sample-size table's 3 rows, found {len(rows)}")
    for base, *cells in rows:
        p0 = int(base) / 100
        for lift, cell in zip(lifts, cells):
            p1 = p0 * (1 + lift)
            n = math.ceil(z * z * (p1 * (1 - p1) / 0.9 + p0 * (1 - p0) / 0.1) / (p1 - p0) ** 2)
            if int(cell.replace(",", "")) != n:
                sys.exit(f"docs/guide/uplift.md sample sizes: {base}% +{lift:.0%} says {cell}, computed {n:,}")
    print("docs/guide/uplift.md sample sizes for a 10% holdout: as computed")


def orders_block(query):
    """The `purchases` step of a query, its comment included."""
    m = re.search(r"^-- Revenue:.*?^\),\n", query, re.M | re.S)
    if not m:
        sys.exit("uplift SQL: expected a `-- Revenue:` comment and its purchases step")
    return m.group(0)


def check_texts(query, query_orders, guide):
    if f"```sql\n{query}```" not in guide:
        sys.exit("docs/guide/uplift.md: the report's SQL must be sql/uplift.sql, verbatim, in a ```sql block")
    block = orders_block(query_orders)
    if f"```sql\n{block}```" not in guide:
        sys.exit("docs/guide/uplift.md: the orders variant's purchases step must be sql/uplift-orders.sql's, verbatim, in a ```sql block")
    if query.replace(orders_block(query), block) != query_orders:
        sys.exit("sql/uplift-orders.sql must be sql/uplift.sql with only its purchases step replaced")
    if query.count(EXPORT) != 2 or query_orders.count(EXPORT) != 2 or query_orders.count(ORDERS) != 1:
        sys.exit(f"uplift SQL: expected the export {EXPORT} twice (views, purchases), and the orders {ORDERS} once in the variant")
    code = re.sub(r"--[^\n]*", "", query_orders)
    called = set(re.findall(r"\b([A-Z_]+)\s*\(", code)) - {"AS", "IN", "AND", "OR", "ON", "WITH", "OVER", "BY"}
    if called - PORTABLE:
        sys.exit(f"uplift SQL: {sorted(called - PORTABLE)} not in the functions both engines spell alike")


def check_demo(got, rows, params):
    """demo/earned.json: the report's rows, rounded to 4 decimals, with what was planted."""
    rounded = lambda v: round(float(v), 4) if isinstance(v, float) or type(v).__name__ == "Decimal" else v
    report = {
        "export": {"shoppers": SHOPPERS, "seed": SEED, "events": len(rows)},
        "parameters": params,
        "planted": {m: uplift_sample.planted(m) for m in sorted(uplift_sample.MESSAGES)},
        "rows": [{name: rounded(v) for name, v in zip(COLUMNS, r)} for r in got],
    }
    text = json.dumps(report, indent=1, ensure_ascii=False) + "\n"
    if "--write-demo" in sys.argv:
        with open(DEMO, "w") as f:
            f.write(text)
    elif not os.path.exists(DEMO) or open(DEMO).read() != text:
        sys.exit("demo/earned.json is not the report of this export: run scripts/uplift-check.py --write-demo")
    print(f"demo/earned.json: the report's {len(got)} rows, as computed")


def main():
    query, query_orders, guide = open(SQL).read(), open(SQL_ORDERS).read(), open(GUIDE).read()
    check_sample_sizes(guide)
    check_texts(query, query_orders, guide)
    params = parameters(query)
    rows, orders = uplift_sample.sample(SHOPPERS, SEED)
    db = duckdb.connect()
    with tempfile.TemporaryDirectory() as directory:
        uplift_sample.write(rows, orders, directory)
        uplift_sample.load(db, directory)
    for source, text in (("export", query), ("orders", query_orders)):
        cursor = db.execute(text.replace(EXPORT, "events").replace(ORDERS, "orders"))
        names = [d[0] for d in cursor.description]
        if names != COLUMNS:
            sys.exit(f"uplift SQL ({source}): columns {names}, expected {COLUMNS}")
        got = cursor.fetchall()
        want = expected(rows, orders, source, params)
        if [r[:2] for r in got] != [r[:2] for r in want]:
            sys.exit(f"uplift SQL ({source}): rows {[r[:2] for r in got]}, expected {[r[:2] for r in want]}")
        for g, w in zip(got, want):
            wrong = same(g, w)
            if wrong:
                sys.exit(f"uplift SQL ({source}) {g[0]}/{g[1]}: {wrong[0]} is {wrong[1]!r}, computed {wrong[2]!r}")
        stages = {r[1] for r in got}
        if not {"all", "reach", "acquisition", "development", "retention"} <= stages or min(r[3] for r in got) < 50:
            sys.exit(f"uplift SQL ({source}): the sample is too thin to check anything: {stages}")
        print(f"uplift SQL ({source}): {len(got)} rows (message × stage), {len(rows)} export rows, every figure as computed")
        for r in (dict(zip(COLUMNS, r)) for r in got if r[1] == "all"):
            plant = uplift_sample.planted(r["promotion_id"])
            plain = (r["revenue_uplift_30d_low"], r["revenue_uplift_30d_high"])
            cuped = (r["cuped_revenue_uplift_30d_low"], r["cuped_revenue_uplift_30d_high"])
            print(f"  {r['promotion_id']}: planted {plant:+.2f}/shopper; recovered {r['revenue_uplift_30d']:+.2f} "
                  f"[{plain[0]:+.2f}, {plain[1]:+.2f}], CUPED {r['cuped_revenue_uplift_30d']:+.2f} "
                  f"[{cuped[0]:+.2f}, {cuped[1]:+.2f}] (variance {r['variance_reduction']:.0%} less); "
                  f"incremental {r['incremental_revenue_30d']:.0f}, cost {float(r['cost']):.0f}, ROI {r['roi']:+.2f}")
            if source == "export":
                if not cuped[1] - cuped[0] < plain[1] - plain[0]:
                    sys.exit(f"{r['promotion_id']}: the CUPED interval is not narrower than the plain one")
                if not cuped[0] <= plant <= cuped[1]:
                    sys.exit(f"{r['promotion_id']}: the CUPED interval does not cover the planted {plant}")
        if source == "export":
            check_demo(got, rows, params)
    print(f"uplift SQL in DuckDB {duckdb.__version__}: as computed with numpy {np.__version__} and scipy; "
          "CUPED narrower than plain and covering each planted effect")


if __name__ == "__main__":
    main()
