#!/usr/bin/env python3
"""A sweep's results in polars: trials and metrics exported by `clusterlens sweep export --format parquet --flatten`.

Usage: python tools/python/results_polars.py <export folder>
Prints the same JSON object as results_pandas.py.
"""

import json
import sys

import polars as pl


def main(folder: str) -> None:
    trials = pl.read_parquet(f"{folder}/trials.parquet")
    metrics = pl.read_parquet(f"{folder}/metrics.parquet")
    rows = metrics.join(trials, left_on="trial", right_on="id", how="inner")
    last = (
        rows.filter((pl.col("split") == "train") & (pl.col("metric") == "accuracy") & pl.col("layer").is_null())
        .sort("step")
        .group_by("trial")
        .agg(pl.col("step").last(), pl.col("value").last())
    )
    print(json.dumps({
        "trials": trials.height,
        "metrics": metrics.height,
        "joined": rows.height,
        "config_columns": [c for c in trials.columns if c.startswith("config.")],
        "last_train_accuracy": {r["trial"]: {"step": r["step"], "value": r["value"]} for r in last.iter_rows(named=True)},
    }))


if __name__ == "__main__":
    main(sys.argv[1])
