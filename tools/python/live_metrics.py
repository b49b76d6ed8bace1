#!/usr/bin/env python3
"""A sweep's live rows in pandas and polars: each trial's checkpoints/<trial id>/metrics.jsonl, readable while the
sweep runs (the coordinator keeps sweep.duckdb locked until it ends).

Usage: python tools/python/live_metrics.py <sweep folder>
Prints one JSON object: the row counts pandas and polars read, and each trial's last training accuracy.
"""

import glob
import json
import sys

import pandas as pd
import polars as pl


def main(folder: str) -> None:
    files = sorted(glob.glob(f"{folder}/checkpoints/*/metrics.jsonl"))
    # Trial ids are hex strings: read them as strings, never as numbers; null values (undefined metrics) become NaN.
    live = pd.concat(pd.read_json(f, lines=True, dtype={"trial": str}, convert_dates=False) for f in files)
    live_polars = pl.concat(pl.read_ndjson(f, schema_overrides={"layer": pl.Int64, "value": pl.Float64}) for f in files)
    accuracy = live[(live.split == "train") & (live.metric == "accuracy") & live.layer.isna()].sort_values("step")
    last = accuracy.groupby("trial").last()
    print(json.dumps({
        "rows": len(live),
        "rows_polars": live_polars.height,
        "last_train_accuracy": {trial: {"step": int(r.step), "value": float(r.value)} for trial, r in last.iterrows()},
    }))


if __name__ == "__main__":
    main(sys.argv[1])
