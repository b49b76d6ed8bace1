// readSweepStatus: where a sweep stands, whether or not its coordinator is running. The store is the record, but its
// coordinator keeps it locked; while it does, the coordinator's status.json snapshot stands in for it. Running trials'
// latest metrics come from their live metrics.jsonl files.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import {
  METRICS_LOG_FILE,
  parseMetricsLog,
  parseSweepStatus,
  STATUS_FILE,
  STORE_FILE,
  type LoggedMetricRow,
  type StatusRunningTrial,
  type StatusTrial,
  type SweepStatus,
} from '@clusterlens/schema';

import { plan } from './plan.js';
import { getTrialFunction } from './registry.js';
import { readTrialResult, trialFolder } from './result-file.js';
import { parseSweepSpec, type SweepSpec, type SweepSpecInput } from './spec.js';
import { SweepStore } from './store.js';

/** A trial in flight: the coordinator's record of it (progress, start), or for task sweeps only its latest rows. */
export type RunningTrialView = Pick<StatusRunningTrial, 'id' | 'label'> & Partial<StatusRunningTrial> & { latest: LoggedMetricRow[] };

export interface SweepStatusView {
  dir: string;
  /**
   * 'store': read from sweep.duckdb (no coordinator holds it); 'live': from the running coordinator's status.json;
   * 'tasks': a sweep run as independent tasks (Slurm array mode), read from its plan and its trials' folders.
   */
  source: 'store' | 'live' | 'tasks';
  /** The coordinator's snapshot, when the view is live. */
  live?: Pick<SweepStatus, 'state' | 'updatedAt' | 'coordinator' | 'progress'>;
  trials: StatusTrial[];
  /** Trials in flight, with the rows of their latest evaluation (and, in a live view, their progress). */
  running: RunningTrialView[];
  /**
   * Trials the store says are running although no coordinator holds it: their coordinator stopped without closing
   * (a crash, a kill); they resume from their checkpoints on the next `sweep run`.
   */
  orphaned: StatusTrial[];
}

export async function readSweepStatus(sweepDir: string): Promise<SweepStatusView> {
  const dir = resolve(sweepDir);
  if (!existsSync(join(dir, STORE_FILE))) {
    throw new Error(`${join(dir, STORE_FILE)}: no sweep store here; run the sweep first (clusterlens sweep run <spec.yaml> --out ${sweepDir})`);
  }
  const stored = await readStoredTrials(dir);
  if (stored) return { dir, source: 'store', trials: stored, running: [], orphaned: stored.filter((t) => t.status === 'running') };

  const file = join(dir, STATUS_FILE);
  if (!existsSync(file)) throw new Error(`${join(dir, STORE_FILE)} is in use by another process, and it has written no ${STATUS_FILE} yet; try again in a moment`);
  const status = parseSweepStatus(await readFile(file, 'utf8'), file);
  const running = await Promise.all(status.running.map(async (trial) => ({ ...trial, latest: latestRows(await readTrialMetrics(dir, trial.id)) })));
  const { state, updatedAt, coordinator, progress } = status;
  return { dir, source: 'live', live: { state, updatedAt, coordinator, progress }, trials: status.trials, running, orphaned: [] };
}

/** The store's trials, or undefined while another process (the coordinator) holds the store. */
async function readStoredTrials(dir: string): Promise<StatusTrial[] | undefined> {
  let store: SweepStore;
  try {
    store = await SweepStore.open(dir, { readOnly: true });
  } catch (error) {
    if ((error as Error).message.includes('in use by another process')) return undefined;
    throw error;
  }
  try {
    return await store.trials();
  } finally {
    await store.close();
  }
}

/**
 * The rows of a trial's live metrics file in the sweep folder (`checkpoints/<id>/metrics.jsonl`), or [] when it has
 * none yet. A queue worker's trial writes its file on the worker's machine; the coordinator copies the rows here
 * when the trial is done.
 */
export async function readTrialMetrics(sweepDir: string, trialId: string): Promise<LoggedMetricRow[]> {
  const file = join(resolve(sweepDir), 'checkpoints', trialId, METRICS_LOG_FILE);
  if (!existsSync(file)) return [];
  return parseMetricsLog(await readFile(file, 'utf8'), file);
}

/** The rows of the latest evaluation step. */
export function latestRows(rows: readonly LoggedMetricRow[]): LoggedMetricRow[] {
  const step = rows.reduce((max, r) => Math.max(max, r.step), -1);
  return rows.filter((r) => r.step === step);
}

/**
 * Where a sweep run as independent tasks stands (`runSweepTask`, Slurm array mode: no coordinator, no store until
 * `collectSweep`): each planned trial is done or failed by its result.json, running when its folder has live metrics
 * but no result (or stopped: a killed task leaves the same), else pending.
 */
export async function readTaskSweepStatus(input: SweepSpec | SweepSpecInput, sweepDir: string): Promise<SweepStatusView> {
  const spec = parseSweepSpec(input);
  const dir = resolve(sweepDir);
  const trials: StatusTrial[] = [];
  const running: RunningTrialView[] = [];
  for (const planned of plan(spec, getTrialFunction(spec.trial))) {
    const { id, label, intervention, seed, config, axes, codeVersion } = planned;
    const result = await readTrialResult(trialFolder(dir, id));
    const rows = result ? [] : await readTrialMetrics(dir, id);
    const status = result?.status ?? (rows.length > 0 ? 'running' : 'pending');
    const finished = result
      ? { attempts: result.status === 'failed' ? result.attempts : 1, host: result.host, startedAt: result.startedAt, finishedAt: result.finishedAt, seconds: result.seconds, error: result.status === 'failed' ? result.error : null }
      : { attempts: 0, host: null, startedAt: null, finishedAt: null, seconds: null, error: null };
    trials.push({ id, label, intervention, seed, config, axes, status, codeVersion, ...finished });
    if (status === 'running') running.push({ id, label, latest: latestRows(rows) });
  }
  return { dir, source: 'tasks', trials, running, orphaned: [] };
}
