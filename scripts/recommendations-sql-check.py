#!/usr/bin/env python3
"""Checks sql/recommendations.sql in DuckDB against learn-recommendations, on a generated shop.

Run by scripts/test (DuckDB from PyPI, installed by scripts/setup) with the learn-recommendations
binary that `cargo test` built. The generated shop (learn-recommendations --generate, fixed seed)
is reduced to order_lines(customer_id, order_id, order_date, item_id), with a few customers added
who test the limits: two orders on one day (one step of bought-next), an order of more than 50
items (no pairs), a customer of more than 100 items (no bought-with pairs), a pair made by 4
customers (below the threshold). The query, run as it is over those lines and exported as CSV,
must build (learn-recommendations --from-pairs) the very file learned from the same lines as CSV,
byte for byte; and no row of its output may have fewer than 5 customers.

    python3 scripts/recommendations-sql-check.py [learn-recommendations] [--lines N] [--items N]
        [--measure]

--measure times both paths (and their peak memory, from /usr/bin/time when the system has it) on
a larger shop instead of the check's small one, for BENCHMARKS.md.
"""
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARGS = sys.argv[1:]
LEARN = [ARGS.pop(0) if ARGS and not ARGS[0].startswith("--") else os.path.join(ROOT, "target/debug/examples/learn-recommendations")]


def option(name, default):
    return int(ARGS[ARGS.index(name) + 1]) if name in ARGS else default


MEASURE = "--measure" in ARGS
LINES, ITEMS = option("--lines", 150_000), option("--items", 3_000)


def learn(*args):
    out = subprocess.run(LEARN + list(args), check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def extra_customers():
    """Rows that test the limits, as (customer, order, date, item)."""
    rows = []
    for c in range(6):
        who = f"limit-{c}@example.com"
        # Two orders on one day, then the next day: one step, then the next.
        rows += [(who, f"L{c}-1", "2025-03-01", "EDGE-A"), (who, f"L{c}-2", "2025-03-01", "EDGE-B"),
                 (who, f"L{c}-3", "2025-03-02", "EDGE-C")]
        # A reseller's order: 60 items, no pairs.
        rows += [(who, f"L{c}-big", "2025-04-01", f"BULK-{i:02}") for i in range(60)]
    for c in range(4):
        # A pair made by 4 customers only.
        rows += [(f"rare-{c}@example.com", f"R{c}", "2025-05-01", item) for item in ("EDGE-A", "RARE-X")]
    for c in range(5):
        # Customers of 101 items, in orders of 10 or fewer: no bought-with pairs, but next pairs.
        who = f"collector-{c}@example.com"
        rows += [(who, f"C{c}-{i // 10}", f"2025-06-{1 + i // 10:02}", f"COLLECT-{i:03}") for i in range(101)]
    return rows


def peak_rss_mb(command):
    """Runs `command` under /usr/bin/time -v when there is one: seconds and peak memory (MB)."""
    started = time.monotonic()
    if os.path.exists("/usr/bin/time"):
        out = subprocess.run(["/usr/bin/time", "-v"] + command, check=True, capture_output=True, text=True)
        rss = next((int(l.split(":")[1]) for l in out.stderr.splitlines() if "Maximum resident set size" in l), 0)
        return time.monotonic() - started, rss / 1024, out.stdout
    out = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.monotonic() - started, None, out.stdout


def main():
    with tempfile.TemporaryDirectory() as tmp:
        shop = os.path.join(tmp, "shop.csv")
        learn("--generate", shop, "--lines", str(LINES), "--items", str(ITEMS), "--seed", "21")
        lines = os.path.join(tmp, "order_lines.csv")
        db = duckdb.connect()
        db.execute(
            "CREATE TABLE order_lines AS SELECT \"Email\" AS customer_id, \"Name\" AS order_id, "
            "CAST(SUBSTR(\"Created at\", 1, 10) AS DATE) AS order_date, \"Lineitem sku\" AS item_id "
            f"FROM read_csv('{shop}', header = true, all_varchar = true)"
        )
        if not MEASURE:
            db.executemany("INSERT INTO order_lines VALUES (?, ?, CAST(? AS DATE), ?)", extra_customers())
        db.execute(f"COPY (SELECT * FROM order_lines ORDER BY customer_id, order_id, item_id) TO '{lines}' (HEADER)")
        count = db.execute("SELECT COUNT(*) FROM order_lines").fetchone()[0]
        with open(os.path.join(ROOT, "sql/recommendations.sql")) as f:
            query = f.read()

        by_csv, by_sql, pairs = (os.path.join(tmp, name) for name in ("csv.txt", "sql.txt", "pairs.csv"))
        if MEASURE:
            db.close()
            csv_s, csv_mb, _ = peak_rss_mb(LEARN + [lines, "--out", by_csv, "--no-evaluate"])
            script = (f"import duckdb; db = duckdb.connect(); "
                      f"db.execute(\"CREATE VIEW order_lines AS SELECT * FROM read_csv('{lines}', header = true, "
                      f"columns = {{'customer_id': 'VARCHAR', 'order_id': 'VARCHAR', 'order_date': 'DATE', 'item_id': 'VARCHAR'}})\"); "
                      f"db.execute(open('{ROOT}/sql/recommendations.sql').read().join(['COPY (', ') TO \\'{pairs}\\' (HEADER)']))")
            sql_s, sql_mb, _ = peak_rss_mb([sys.executable, "-c", script])
            build_s, build_mb, _ = peak_rss_mb(LEARN + ["--from-pairs", pairs, "--out", by_sql])
            same = open(by_csv, "rb").read() == open(by_sql, "rb").read()
            print(json.dumps({"lines": count, "duckdb": duckdb.__version__, "identical": same,
                              "csv": {"seconds": round(csv_s, 1), "peakMB": csv_mb and round(csv_mb)},
                              "sql": {"seconds": round(sql_s, 1), "peakMB": sql_mb and round(sql_mb)},
                              "build": {"seconds": round(build_s, 1), "peakMB": build_mb and round(build_mb)},
                              "pairsCsvMB": round(os.path.getsize(pairs) / 1e6, 1)}))
            return
        from_csv = learn(lines, "--out", by_csv, "--no-evaluate")
        db.execute(f"COPY ({query}) TO '{pairs}' (HEADER)")
        from_sql = learn("--from-pairs", pairs, "--out", by_sql)
        ours, theirs = open(by_csv, "rb").read(), open(by_sql, "rb").read()
        assert ours == theirs, f"the file built from the query's rows differs ({len(ours)} / {len(theirs)} bytes)"

        with open(pairs, newline="") as f:
            rows = list(csv.DictReader(f))
        assert min(int(r["customers"]) for r in rows) >= 5, "a row below the threshold"
        lists = {name: sum(1 for r in rows if r["list"] == name) for name in ("bought-with", "bought-next", "most-bought")}
        assert lists["most-bought"] == 100 and lists["bought-with"] > 10_000 and lists["bought-next"] > 1_000, lists
        items = {r["item_id"] for r in rows} | {r["neighbour_id"] for r in rows if r["neighbour_id"]}
        assert "RARE-X" not in items and not any(i.startswith("BULK-") for i in items), "private or bulk items kept"
        edge = {(r["list"], r["item_id"], r["neighbour_id"]) for r in rows if r["item_id"].startswith("EDGE")}
        assert ("bought-next", "EDGE-A", "EDGE-C") in edge and ("bought-next", "EDGE-A", "EDGE-B") not in edge, edge
        collected = [r for r in rows if r["item_id"].startswith("COLLECT")]
        assert collected and all(r["list"] == "bought-next" for r in collected), "a collector made bought-with pairs"
        assert from_csv["itemsKept"] == from_sql["itemsKept"], (from_csv, from_sql)
        print(f"sql/recommendations.sql in DuckDB {duckdb.__version__}: {count} order lines, {len(rows)} rows "
              f"({lists}), the file it builds is the one learned from the lines: {len(ours)} bytes, "
              f"{from_sql['itemsKept']} items")


if __name__ == "__main__":
    main()
