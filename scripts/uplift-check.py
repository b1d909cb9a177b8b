#!/usr/bin/env python3
"""Checks sql/uplift.sql (the README's uplift recipe) in DuckDB on a GA4-export-shaped sample.

Run by scripts/test (DuckDB from PyPI, installed by scripts/setup). The sample is generated here:
a table shaped like GA4's BigQuery export (user_pseudo_id, event_name, event_timestamp in
microseconds, event_params as key/value structs, items), with crumbtrail's exposures (their
promotion id among the event's parameters or, as GA4 may export it, only with its items), the shop's
own promotions (no crumbtrail_arm), clicks, page views and purchases before, inside and after the
7-day window, exactly on its edges, and shoppers whose arm changed (a forgotten visitor). The
query runs as the README prints it, with one change: the export's table name becomes `events`.
Its every number must equal the one computed below in plain Python, independently of SQL.
"""
import math
import os
import random
import re
import sys

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SQL = os.path.join(ROOT, "sql/uplift.sql")
README = os.path.join(ROOT, "README.md")
DAY_US = 86_400 * 1_000_000
WINDOW_US = 7 * DAY_US
T0 = 1_772_000_000 * 1_000_000


def param(key, value):
    return {"key": key, "value": {"string_value": value, "int_value": None, "float_value": None, "double_value": None}}


def sample():
    """Rows of the export, and what each shopper's exposures were (for the independent count)."""
    rng = random.Random(19)
    rows = []

    def add(user, name, ts, params=(), items=()):
        rows.append((user, name, ts, [param(k, v) for k, v in params], list(items)))

    messages = {"spring": 0.1, "club": 0.5, "empty": 0.3}
    for n in range(900):
        user = f"{n}.{rng.randrange(10**9)}"
        t = T0 + rng.randrange(30) * DAY_US + rng.randrange(DAY_US)
        add(user, "page_view", t - 1000)
        if rng.random() < 0.3:
            add(user, "view_promotion", t, [("promotion_id", "shop-own"), ("promotion_name", "Shop's banner")],
                [{"item_id": None, "promotion_id": "shop-own", "creative_slot": "top"}])
        lift = 0.0
        for message, holdout in messages.items():
            if message == "empty" and n % 3:
                continue  # few shoppers see it
            if rng.random() < 0.35:
                continue
            arm = "held_out" if rng.random() < holdout else "shown"
            first = t + rng.randrange(1, 3600) * 1_000_000
            for k in range(rng.randrange(1, 4)):
                params = [("promotion_name", message.title()), ("creative_slot", "hero"),
                          ("crumbtrail_stage", "retention"), ("crumbtrail_arm", arm)]
                # GA4 may export the promotion's id as an event parameter or only with the items.
                if rng.random() < 0.5:
                    add(user, "view_promotion", first + k * 600 * 1_000_000, [("promotion_id", message), *params])
                else:
                    add(user, "view_promotion", first + k * 600 * 1_000_000, params,
                        [{"item_id": None, "promotion_id": message, "creative_slot": "hero"}])
            if rng.random() < 0.04:  # forgotten, then in the other arm: the first exposure counts
                other = "shown" if arm == "held_out" else "held_out"
                add(user, "view_promotion", first + 2 * DAY_US,
                    [("promotion_id", message), ("crumbtrail_arm", other)])
            if arm == "shown" and rng.random() < 0.3:
                add(user, "select_promotion", first + 5_000_000, [("promotion_id", message), ("crumbtrail_arm", "shown")])
            if arm == "shown":
                lift += {"spring": 0.08, "club": 0.02, "empty": 0.0}[message]
        # Purchases: some before any exposure, most within days, some long after.
        base = 0.12 + lift
        for _ in range(rng.randrange(0, 3)):
            if rng.random() < base * 2:
                when = rng.choice([-DAY_US, 0, 1, DAY_US, 3 * DAY_US, WINDOW_US, WINDOW_US + 1, 20 * DAY_US])
                add(user, "purchase", t + 3600 * 1_000_000 + when, [("transaction_id", f"T{n}-{_}"), ("currency", "EUR")])
    # Exact edges for one shopper: a purchase at the exposure (not after it) and one a microsecond
    # past 7 days do not count; the next shopper's at exactly 7 days does.
    add("edge-1", "view_promotion", T0, [("promotion_id", "club"), ("crumbtrail_arm", "held_out")])
    add("edge-1", "purchase", T0)
    add("edge-1", "purchase", T0 + WINDOW_US + 1)
    add("edge-2", "view_promotion", T0, [("promotion_id", "club"), ("crumbtrail_arm", "held_out")])
    add("edge-2", "purchase", T0 + WINDOW_US)
    return rows


def expected(rows):
    """The recipe's numbers, computed directly from the rows."""
    views = {}
    purchases = {}
    for user, name, ts, params, items in rows:
        p = {x["key"]: x["value"]["string_value"] for x in params}
        if "promotion_id" not in p:
            p["promotion_id"] = next((i["promotion_id"] for i in items if i["promotion_id"]), None)
        if name == "purchase":
            purchases.setdefault(user, []).append(ts)
        elif name == "view_promotion" and p.get("crumbtrail_arm") in ("shown", "held_out") and p.get("promotion_id"):
            key = (user, p["promotion_id"])
            if key not in views or ts < views[key][0]:
                views[key] = (ts, p["crumbtrail_arm"])
    counts = {}
    for (user, message), (first, arm) in views.items():
        converted = any(first < ts <= first + WINDOW_US for ts in purchases.get(user, []))
        c = counts.setdefault(message, {"shown": [0, 0], "held_out": [0, 0]})
        c[arm][0] += 1
        c[arm][1] += int(converted)
    out = []
    for message in sorted(counts):
        (n1, x1), (n0, x0) = counts[message]["shown"], counts[message]["held_out"]
        if not n1 or not n0:
            continue
        p1, p0 = x1 / n1, x0 / n0
        half = 1.96 * math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
        out.append((message, n1, x1, n0, x0, p1, p0, p1 - p0, p1 - p0 - half, p1 - p0 + half))
    return out


def check_sample_sizes(readme):
    """The README's table of shoppers a 10% holdout needs, recomputed (80% power, 5% two-sided)."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.975) + NormalDist().inv_cdf(0.8)
    lifts = [0.05, 0.10, 0.20, 0.50]
    rows = re.findall(r"^\| (\d+)% \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \|$", readme, re.M)
    if len(rows) != 3:
        sys.exit(f"README: expected the sample-size table's 3 rows, found {len(rows)}")
    for base, *cells in rows:
        p0 = int(base) / 100
        for lift, cell in zip(lifts, cells):
            p1 = p0 * (1 + lift)
            n = math.ceil(z * z * (p1 * (1 - p1) / 0.9 + p0 * (1 - p0) / 0.1) / (p1 - p0) ** 2)
            if int(cell.replace(",", "")) != n:
                sys.exit(f"README sample sizes: {base}% +{lift:.0%} says {cell}, computed {n:,}")
    print("README sample sizes for a 10% holdout: as computed")


def main():
    query = open(SQL).read()
    readme = open(README).read()
    check_sample_sizes(readme)
    if f"```sql\n{query}```" not in readme:
        sys.exit("README: the uplift recipe's SQL must be sql/uplift.sql, verbatim, in a ```sql block")
    table = "`my-project.analytics_123456789.events_*`"
    if query.count(table) != 1:
        sys.exit(f"sql/uplift.sql: expected the export table {table} once")
    rows = sample()
    db = duckdb.connect()
    db.execute("""CREATE TABLE events (
        user_pseudo_id VARCHAR, event_name VARCHAR, event_timestamp BIGINT,
        event_params STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT, float_value DOUBLE, double_value DOUBLE))[],
        items STRUCT(item_id VARCHAR, promotion_id VARCHAR, creative_slot VARCHAR)[])""")
    db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", rows)
    got = db.execute(query.replace(table, "events")).fetchall()
    want = expected(rows)
    messages = [r[0] for r in want]
    if messages != ["club", "empty", "spring"] or any(min(r[1], r[3]) < 20 for r in want):
        sys.exit(f"the sample is too thin to check anything: {want}")
    if len(got) != len(want):
        sys.exit(f"uplift.sql gave {len(got)} rows, expected {len(want)}:\n{got}\n{want}")
    for g, w in zip(got, want):
        same = g[:5] == w[:5] and all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15) for a, b in zip(g[5:], w[5:]))
        if not same:
            sys.exit(f"uplift.sql: {g}\n  expected {w}")
    for w in want:
        print(f"uplift {w[0]}: shown {w[2]}/{w[1]} vs held out {w[4]}/{w[3]}: {w[7]:+.4f} [{w[8]:+.4f}, {w[9]:+.4f}]")
    print(f"uplift.sql in DuckDB {duckdb.__version__}: {len(want)} messages, {len(rows)} export rows, as computed independently")


if __name__ == "__main__":
    main()
