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

import { SweepStore } from './store.js';

export interface SweepStatusView {
  dir: string;
  /** 'store': read from sweep.duckdb (no coordinator holds it); 'live': from the running coordinator's status.json. */
  source: 'store' | 'live';
  /** The coordinator's snapshot, when the view is live. */
  live?: Pick<SweepStatus, 'state' | 'updatedAt' | 'coordinator' | 'progress'>;
  trials: StatusTrial[];
  /** Trials in flight (live view), with their progress and the rows of their latest evaluation. */
  running: Array<StatusRunningTrial & { latest: LoggedMetricRow[] }>;
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
