#!/usr/bin/env python3
"""A sweep's results in DuckDB: the exported Parquet files queried in SQL (the store, sweep.duckdb, can be opened
the same way with duckdb.connect(path, read_only=True) while no sweep writes it).

Usage: python tools/python/results_duckdb.py <export folder>
Prints the same JSON object as results_pandas.py.
"""

import json
import sys

import duckdb


def main(folder: str) -> None:
    db = duckdb.connect()
    db.execute(f"CREATE VIEW trials AS SELECT * FROM read_parquet('{folder}/trials.parquet')")
    db.execute(f"CREATE VIEW metrics AS SELECT * FROM read_parquet('{folder}/metrics.parquet')")
    count = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    columns = [r[0] for r in db.execute("SELECT column_name FROM (DESCRIBE trials)").fetchall()]
    last = db.execute("""
        SELECT trial, arg_max(step, step), arg_max(value, step)
        FROM metrics JOIN trials ON metrics.trial = trials.id
        WHERE split = 'train' AND metric = 'accuracy' AND layer IS NULL
        GROUP BY trial
    """).fetchall()
    print(json.dumps({
        "trials": count("SELECT count(*) FROM trials"),
        "metrics": count("SELECT count(*) FROM metrics"),
        "joined": count("SELECT count(*) FROM metrics JOIN trials ON metrics.trial = trials.id"),
        "config_columns": [c for c in columns if c.startswith("config.")],
        "last_train_accuracy": {trial: {"step": step, "value": value} for trial, step, value in last},
    }))


if __name__ == "__main__":
    main(sys.argv[1])
