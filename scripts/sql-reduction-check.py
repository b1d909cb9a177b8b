#!/usr/bin/env python3
"""Checks sql/reduce.sql in DuckDB against crumbtrail's own reduction, on the CDNOW sample log.

Run by scripts/test (DuckDB from PyPI, installed by scripts/setup) with the fit-priors binary that
`cargo test` built. The SQL, run as it is over the
log, must give exactly the customers fit-priors reduces the log to: the same frequency, recency
and T, the same mean spend (to 1e-12: a day's amounts may be added in another order), and fitting
its output must give the same priors, BG/NBD and Gamma-Gamma (to 1e-6: the optimiser stops within
about 1e-7 of the optimum, and rows summed in another order move where it stops). reduce-weighted.sql must give the
same customers, counted.
"""
import collections
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOG = os.path.join(ROOT, "tests/data/cdnow_sample_transactions.csv")
# The fit-priors binary: the first argument (scripts/test passes the one `cargo test` built).
FIT = [sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/debug/examples/fit-priors")]


def fit(path, *args):
    out = subprocess.run(FIT + [path, "--period", "weeks", *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def close(a, b, tolerance):
    return abs(a - b) <= tolerance * max(abs(b), 1.0)


def main():
    db = duckdb.connect()
    db.execute(
        f"CREATE VIEW orders AS SELECT customer AS customer_id, CAST(date AS DATE) AS order_date, amount "
        f"FROM read_csv('{LOG}', header = true, columns = {{'customer': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'}})"
    )
    with open(os.path.join(ROOT, "sql/reduce.sql")) as f:
        reduce_sql = f.read()
    with open(os.path.join(ROOT, "sql/reduce-weighted.sql")) as f:
        weighted_sql = f.read()
    inner = reduce_sql[reduce_sql.index("WITH params AS"):].rstrip("\n")
    indented = "\n".join("  " + line if line else line for line in inner.split("\n"))
    assert indented in weighted_sql, "reduce-weighted.sql no longer holds reduce.sql's query word for word"
    with tempfile.TemporaryDirectory() as tmp:
        by_sql = os.path.join(tmp, "sql.csv")
        db.execute(f"COPY ({reduce_sql}) TO '{by_sql}' (HEADER, DELIMITER ',')")
        weighted = os.path.join(tmp, "weighted.csv")
        db.execute(f"COPY ({weighted_sql}) TO '{weighted}' (HEADER, DELIMITER ',')")
        by_rust = os.path.join(tmp, "rust.csv")
        from_log = fit(LOG, "--end", "1997-09-30", "--write-summary", by_rust)
        from_sql, from_weighted = fit(by_sql), fit(weighted)

        # The same customers: (frequency, recency, T) exact, spend to 1e-12, each as often.
        def rows(path):
            with open(path, newline="") as f:
                for row in csv.DictReader(f):
                    m = float(row["monetary_value"]) if row["monetary_value"] else None
                    yield (int(row["frequency"]), float(row["recency"]), float(row["T"]),
                           None if m is None else round(m, 9)), int(row.get("count") or row.get("customers") or 1)

        def tally(path):
            counts = collections.Counter()
            for key, n in rows(path):
                counts[key] += n
            return counts

        ours, sql, grouped = tally(by_rust), tally(by_sql), tally(weighted)
        assert sum(ours.values()) == 2357, sum(ours.values())
        assert ours == sql, f"reduce.sql differs: {len(ours - sql)} / {len(sql - ours)} summaries"
        assert ours == grouped, "reduce-weighted.sql differs"

    for name, result in [("reduce.sql", from_sql), ("reduce-weighted.sql", from_weighted)]:
        assert result["customers"] == from_log["customers"] == 2357, result
        for key in ("r", "alpha", "a", "b"):
            assert close(result["priors"][key], from_log["priors"][key], 1e-6), (name, key, result, from_log)
        for key in ("p", "q", "gamma"):
            assert close(result["spendPriors"][key], from_log["spendPriors"][key], 1e-6), (name, key, result, from_log)
        assert result["spend"]["customers"] == 946, result
    print(f"sql/reduce.sql in DuckDB {duckdb.__version__}: the same 2357 customers as fit-priors "
          f"({len(ours)} distinct summaries), the same priors: {json.dumps(from_sql['priors'])}, "
          f"{json.dumps(from_sql['spendPriors'])}")


if __name__ == "__main__":
    main()
