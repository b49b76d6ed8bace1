// Trial updates and metric replacements gathered over one store transaction and applied with a handful of
// statements, however many trials they touch. Per-trial statements cost about half a millisecond each in
// DuckDB, which would cap a sweep of short trials well below the executor's pace.
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';

import type { MetricRow, TrialStatus } from '@clusterlens/schema';

/** What one store call changes in a trial's row. Every call sets the status and the outcome columns. */
export interface TrialUpdate {
  status: TrialStatus;
  /** Added to attempts. */
  attempts: number;
  /** Set only when a trial starts. */
  start?: { host: string; at: string };
  /** The machine that produced a result, when the executor knows it (a remote worker). */
  host?: string;
  finishedAt: string | null;
  seconds: number | null;
  error: string | null;
}

/** The temporary table the updates pass through (per connection, never in the file). */
export const STAGING_SCHEMA = `CREATE TEMP TABLE IF NOT EXISTS trial_updates (
  id VARCHAR, status VARCHAR, attempts INTEGER, sets_start BOOLEAN, host VARCHAR, started_at VARCHAR,
  finished_at VARCHAR, seconds DOUBLE, error VARCHAR
)`;

const APPLY_UPDATES = `UPDATE trials SET
  status = u.status,
  attempts = trials.attempts + u.attempts,
  host = COALESCE(u.host, trials.host),
  started_at = CASE WHEN u.sets_start THEN u.started_at::TIMESTAMP ELSE trials.started_at END,
  finished_at = u.finished_at::TIMESTAMP,
  seconds = u.seconds,
  error = u.error
FROM trial_updates u WHERE trials.id = u.id`;

export class StagedWrites {
  readonly #updates = new Map<string, TrialUpdate>();
  /** Trial -> the rows that replace its stored metrics (the latest replacement wins, as it would in sequence). */
  readonly #metrics = new Map<string, readonly MetricRow[]>();

  get empty(): boolean {
    return this.#updates.size === 0 && this.#metrics.size === 0;
  }

  /** Folds an update into what is staged for the trial, with the effect of applying both in order. */
  update(id: string, next: TrialUpdate): void {
    const previous = this.#updates.get(id);
    this.#updates.set(id, {
      ...next,
      attempts: (previous?.attempts ?? 0) + next.attempts,
      ...(next.start ?? previous?.start ? { start: next.start ?? previous!.start! } : {}),
    });
  }

  replaceMetrics(id: string, rows: readonly MetricRow[]): void {
    this.#metrics.set(id, rows);
  }

  /** Applies everything staged on `c` (inside the caller's transaction) and forgets it. */
  async flush(c: DuckDBConnection): Promise<void> {
    if (this.#metrics.size > 0) {
      const ids = [...this.#metrics.keys()].map((id) => `'${id.replaceAll("'", "''")}'`).join(', ');
      await c.run(`DELETE FROM metrics WHERE trial IN (${ids})`);
      const appender = await c.createAppender('metrics');
      try {
        for (const [id, rows] of this.#metrics) {
          for (const row of rows) {
            appender.appendVarchar(id);
            appendTrialRow(appender, row);
          }
        }
      } finally {
        appender.closeSync();
      }
    }
    if (this.#updates.size > 0) {
      const appender = await c.createAppender('trial_updates');
      try {
        for (const [id, u] of this.#updates) {
          appender.appendVarchar(id);
          appender.appendVarchar(u.status);
          appender.appendInteger(u.attempts);
          appender.appendBoolean(u.start !== undefined);
          nullable(appender, u.start?.host ?? u.host, (v) => appender.appendVarchar(v));
          nullable(appender, u.start?.at, (v) => appender.appendVarchar(v));
          nullable(appender, u.finishedAt, (v) => appender.appendVarchar(v));
          nullable(appender, u.seconds, (v) => appender.appendDouble(v));
          nullable(appender, u.error, (v) => appender.appendVarchar(v));
          appender.endRow();
        }
      } finally {
        appender.closeSync();
      }
      await c.run(APPLY_UPDATES);
      await c.run('DELETE FROM trial_updates');
    }
    this.clear();
  }

  clear(): void {
    this.#updates.clear();
    this.#metrics.clear();
  }
}

function nullable<T>(appender: { appendNull(): void }, value: T | null | undefined, append: (value: T) => void): void {
  if (value === null || value === undefined) appender.appendNull();
  else append(value);
}

/** Appends one metric row's columns (split, layer, step, metric, value) and ends the row. */
function appendTrialRow(appender: DuckDBAppender, row: MetricRow): void {
  appender.appendVarchar(row.split);
  if (row.layer === null) appender.appendNull();
  else appender.appendInteger(row.layer);
  appender.appendInteger(row.step);
  appender.appendVarchar(row.metric);
  appender.appendDouble(row.value);
  appender.endRow();
}
