// A sweep whose coordinator is still running: DuckDB keeps the store locked to other processes, so the trials come
// from the coordinator's status.json snapshot and the finished trials' rows from their metrics.jsonl files
// (@clusterlens/schema's sweep status and metrics log). A report of it covers what has finished.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { METRICS_LOG_FILE, parseMetricsLog, parseSweepStatus, STATUS_FILE, STORE_FILE } from '@clusterlens/schema';
import type { MetricRecord } from '@clusterlens/stats';

import { configFields } from './config-fields.js';
import { flattenConfig } from './metrics.js';
import type { TrialInfo } from './trial-info.js';

export interface LiveSweep {
  /** When the coordinator wrote the snapshot (ISO 8601). */
  updatedAt: string;
  trials: TrialInfo[];
  /** Metric rows of the trials that are done, with their config fields. */
  rows: MetricRecord[];
}

/** Whether opening the store failed because another process (a running coordinator) holds it. */
export function storeIsLocked(error: unknown): boolean {
  return error instanceof Error && /Could not set lock/i.test(error.message);
}

export async function readLiveSweep(dir: string): Promise<LiveSweep> {
  const file = join(dir, STATUS_FILE);
  if (!existsSync(file)) {
    throw new Error(`${join(dir, STORE_FILE)} is in use by another process, and it has written no ${STATUS_FILE} yet; try again in a moment`);
  }
  const status = parseSweepStatus(await readFile(file, 'utf8'), file);
  // A status trial is a trials-table row: what readTrials reads, with the config still nested.
  const trials = status.trials.map(({ host: _host, startedAt: _started, finishedAt: _finished, config, ...t }): TrialInfo => ({
    ...t,
    config: flattenConfig(config, `${file}: trial ${t.id}: config`),
  }));
  const rows: MetricRecord[] = [];
  for (const trial of status.trials.filter((t) => t.status === 'done')) {
    const log = join(dir, 'checkpoints', trial.id, METRICS_LOG_FILE);
    if (!existsSync(log)) throw new Error(`${log}: missing, although ${file} says trial '${trial.label}' is done`);
    const fields = configFields(trial.config, `${file}: trial ${trial.id}: config`);
    for (const { split, layer, step, metric, value } of parseMetricsLog(await readFile(log, 'utf8'), log)) {
      rows.push({ trial: trial.id, split, layer, step, metric, value, ...fields });
    }
  }
  return { updatedAt: status.updatedAt, trials, rows };
}
