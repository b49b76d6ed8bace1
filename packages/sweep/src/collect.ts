// collectSweep: records the result.json files that tasks run without a coordinator (Slurm array tasks) left in a
// sweep folder, through the store's own methods, so the store reads exactly as after `runSweep`. Collecting again
// records only what changed (a new result, or a trial run again), so it can run while tasks are still running, and
// as often as wanted.
import { resolve } from 'node:path';

import { plan } from './plan.js';
import { getTrialFunction } from './registry.js';
import { readTrialResult, trialFolder, type TrialResultFile } from './result-file.js';
import { parseSweepSpec, type SweepSpec, type SweepSpecInput } from './spec.js';
import { SweepStore, type TrialRecord } from './store.js';

export interface CollectOptions {
  /** The sweep folder: checkpoints/<trial id>/result.json in, sweep.duckdb out. */
  dir: string;
}

export interface CollectResult {
  dir: string;
  /** Trials in the plan. */
  total: number;
  /** Results recorded by this call (0 when the store already had them all). */
  recorded: number;
  /** Trials done in the store. */
  done: number;
  /** Trials whose last attempt failed, with the error. */
  failed: { id: string; label: string; error: string }[];
  /** Trials with no result yet: not run, still running, or interrupted and not yet resumed. */
  missing: { id: string; label: string }[];
}

export async function collectSweep(input: SweepSpec | SweepSpecInput, options: CollectOptions): Promise<CollectResult> {
  const spec = parseSweepSpec(input);
  const trials = plan(spec, getTrialFunction(spec.trial));
  const dir = resolve(options.dir);
  const store = await SweepStore.open(dir);
  try {
    await store.addTrials(trials);
    const stored = new Map((await store.trials()).map((t) => [t.id, t]));
    const writes: Promise<void>[] = [];
    let recorded = 0;
    for (const trial of trials) {
      const result = await readTrialResult(trialFolder(dir, trial.id));
      if (!result) continue;
      if (result.id !== trial.id) throw new Error(`${trialFolder(dir, trial.id)}: result.json is that of trial ${result.id}; delete it and run the trial's task again`);
      if (alreadyRecorded(stored.get(trial.id)!, result)) continue;
      recorded++;
      writes.push(store.markRunning(trial.id, result.host, new Date(result.startedAt)));
      const timing = { finishedAt: new Date(result.finishedAt), seconds: result.seconds };
      if (result.status === 'done') writes.push(store.recordResult(trial.id, result.rows, { ...timing, host: result.host }));
      else writes.push(store.recordFailure(trial.id, { ...timing, error: result.error, final: true }));
    }
    await Promise.all(writes);
    const after = await store.trials();
    const planned = new Set(trials.map((t) => t.id));
    const mine = after.filter((t) => planned.has(t.id));
    return {
      dir,
      total: trials.length,
      recorded,
      done: mine.filter((t) => t.status === 'done').length,
      failed: mine.filter((t) => t.status === 'failed').map((t) => ({ id: t.id, label: t.label, error: t.error ?? '' })),
      missing: mine.filter((t) => t.status !== 'done' && t.status !== 'failed').map((t) => ({ id: t.id, label: t.label })),
    };
  } finally {
    await store.close();
  }
}

/** The store already holds this very result (same outcome, same finishing time to the millisecond). */
function alreadyRecorded(record: TrialRecord, result: TrialResultFile): boolean {
  return record.status === result.status && record.finishedAt === result.finishedAt.replace('T', ' ').replace('Z', '');
}
