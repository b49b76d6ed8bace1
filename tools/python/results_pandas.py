#!/usr/bin/env python3
"""A sweep's results in pandas: trials and metrics exported by `clusterlens sweep export --format parquet --flatten`.

Usage: python tools/python/results_pandas.py <export folder>
Prints one JSON object: row counts, the flattened config columns, and each trial's last-step training accuracy,
found by joining metrics to trials the way an analysis would.
"""

import json
import sys

import pandas as pd


def main(folder: str) -> None:
    trials = pd.read_parquet(f"{folder}/trials.parquet")
    metrics = pd.read_parquet(f"{folder}/metrics.parquet")
    # Every metric row with its trial's config fields as columns (config.model.nLayer, config.seed, ...).
    rows = metrics.merge(trials, left_on="trial", right_on="id", how="inner")
    accuracy = rows[(rows["split"] == "train") & (rows["metric"] == "accuracy") & rows["layer"].isna()]
    last = accuracy.loc[accuracy.groupby("trial")["step"].idxmax()]
    print(json.dumps({
        "trials": len(trials),
        "metrics": len(metrics),
        "joined": len(rows),
        "config_columns": [c for c in trials.columns if c.startswith("config.")],
        "last_train_accuracy": {r.trial: {"step": int(r.step), "value": float(r.value)} for r in last.itertuples()},
    }))


if __name__ == "__main__":
    main(sys.argv[1])
