// A sweep folder read once for a report: its trials and the metric rows of the finished ones, each row
// labelled with its trial's intervention, seed and condition.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

import { readSweep } from '../read/read-sweep.js';
import type { MetricRow } from '../rows/row.js';
import { orderSplits } from '../rows/split-order.js';
import { conditionOf, conditionsOf, interventionsOf } from './conditions.js';
import { readTrials, type TrialInfo } from './read-trials.js';

/** The store's file name in a sweep folder (packages/sweep/src/store.ts). */
export const SWEEP_STORE_FILE = 'sweep.duckdb';

export interface SweepData {
  dir: string;
  /** The folder's name, used as the report's title. */
  name: string;
  store: string;
  /** Every trial, whatever its status, in the order the sweep added them. */
  trials: TrialInfo[];
  /** Trials with status 'done': the only ones whose metrics are used. */
  done: TrialInfo[];
  /** Metric rows of the done trials, with intervention, seed and condition fields set from the trials table. */
  rows: MetricRow[];
  interventions: string[];
  conditions: string[];
  seeds: number[];
  splits: string[];
  /** Config paths that the sweep's axes vary (the seed excluded). */
  axisPaths: string[];
}

export async function loadSweep(sweepDir: string): Promise<SweepData> {
  const dir = resolve(sweepDir);
  const store = join(dir, SWEEP_STORE_FILE);
  if (!existsSync(store)) {
    throw new Error(`${store}: no sweep store here; run the sweep first (clusterlens sweep run <spec.yaml> --out ${sweepDir})`);
  }
  const trials = await readTrials(store);
  const done = trials.filter((t) => t.status === 'done');
  if (done.length === 0) {
    const statuses = [...new Set(trials.map((t) => t.status))].join(', ') || 'no trials at all';
    throw new Error(`${store}: no finished trials to report on (statuses: ${statuses})`);
  }
  const doneById = new Map(done.map((t) => [t.id, t]));
  const rows: MetricRow[] = [];
  for (const row of await readSweep(store)) {
    const trial = doneById.get(row.trial);
    if (!trial) continue;
    row.intervention = trial.intervention;
    row.seed = trial.seed;
    row.condition = conditionOf(trial);
    rows.push(row);
  }
  if (rows.length === 0) throw new Error(`${store}: the finished trials have no metric rows`);
  const seeds = [...new Set(done.map((t) => t.seed).filter((s): s is number => s !== null))].sort((a, b) => a - b);
  const axisPaths = [...new Set(done.flatMap((t) => Object.keys(t.axes)))].sort();
  return {
    dir,
    name: basename(dir),
    store,
    trials,
    done,
    rows,
    interventions: interventionsOf(done),
    conditions: conditionsOf(done),
    seeds,
    splits: orderSplits(rows.map((r) => r.split)),
    axisPaths,
  };
}
