// A running sweep's status: `<sweep>/status.json`, rewritten by the coordinator (at most about once a second) while
// DuckDB keeps the store locked to other processes, so `clusterlens sweep status`, the report and any JSON reader can
// see a sweep in progress. The store stays the record; this file is a snapshot of it.
import type { TrialRow } from './store.js';

export const STATUS_FILE = 'status.json';
export const STATUS_FORMAT = 'clusterlens-sweep-status';

/** A row of the store's `trials` table, as the coordinator last read it. */
export type StatusTrial = TrialRow;

/** A trial in flight in this run of the coordinator. */
export interface StatusRunningTrial {
  id: string;
  label: string;
  attempt: number;
  /** Share of the trial done, in [0, 1]. */
  fraction: number;
  message?: string;
  /** ISO 8601. */
  startedAt: string;
}

export interface SweepStatus {
  format: typeof STATUS_FORMAT;
  version: 1;
  /** 'running' while the coordinator runs; 'finished' or 'stopped' (Ctrl-C, an error) once it has closed the store. */
  state: 'running' | 'finished' | 'stopped';
  /** ISO 8601 time of this snapshot. */
  updatedAt: string;
  coordinator: { host: string; pid: number };
  /** Counts of this run: `skipped` trials were done before it started. */
  progress: { total: number; skipped: number; done: number; failed: number; pending: number; elapsedSeconds: number; etaSeconds?: number };
  running: StatusRunningTrial[];
  trials: StatusTrial[];
}

/** Parses a status file's text, checking its format; `source` names the file in errors. */
export function parseSweepStatus(text: string, source = STATUS_FILE): SweepStatus {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const status = parsed as Partial<SweepStatus> | null;
  if (status?.format !== STATUS_FORMAT) throw new TypeError(`${source}: not a clusterlens sweep status (format '${String(status?.format)}')`);
  if (status.version !== 1) throw new TypeError(`${source}: status version ${String(status.version)} is not supported`);
  if (!Array.isArray(status.trials) || !Array.isArray(status.running)) throw new TypeError(`${source}: trials and running must be lists`);
  return status as SweepStatus;
}
