// The results store of a sweep: one DuckDB file per sweep folder, written only by the coordinator, read by the
// report and by anyone with DuckDB, pandas or polars. Its tables are declared once, here.

/** `<sweep folder>/sweep.duckdb`. */
export const STORE_FILE = 'sweep.duckdb';

export const TRIAL_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

/** The columns of one trial's metrics table, in order (a `MetricRow`). */
export const METRIC_COLUMNS = ['split', 'layer', 'step', 'metric', 'value'] as const;
/** The columns of the store's metrics table, which holds every trial's rows (a `StoredMetricRow`). */
export const STORED_METRIC_COLUMNS = ['trial', ...METRIC_COLUMNS] as const;

const COLUMN_TYPES: Record<(typeof STORED_METRIC_COLUMNS)[number], string> = {
  trial: 'VARCHAR NOT NULL',
  split: 'VARCHAR NOT NULL',
  layer: 'INTEGER',
  step: 'INTEGER NOT NULL',
  metric: 'VARCHAR NOT NULL',
  value: 'DOUBLE',
};

/** `CREATE TABLE` for a metrics table: one trial's (`withTrial: false`) or the store's. */
export function metricsTableDdl(table: string, options: { withTrial: boolean; ifNotExists?: boolean }): string {
  const columns = options.withTrial ? STORED_METRIC_COLUMNS : METRIC_COLUMNS;
  return `CREATE TABLE ${options.ifNotExists ? 'IF NOT EXISTS ' : ''}${table} (${columns.map((c) => `${c} ${COLUMN_TYPES[c]}`).join(', ')})`;
}

/** A row of the store's `trials` table as programs read it; timestamps are UTC, as 'YYYY-MM-DD HH:MM:SS.mmm'. */
export interface TrialRow {
  id: string;
  label: string;
  intervention: string;
  seed: number;
  config: unknown;
  /** Swept config path -> this trial's value. */
  axes: Record<string, unknown>;
  status: TrialStatus;
  /** Times the trial was started, over every run of the sweep. */
  attempts: number;
  host: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  seconds: number | null;
  error: string | null;
  /** The code version the trial's id was computed with (null in stores written before it was recorded). */
  codeVersion: string | null;
}

/** The store's tables. `trials` holds one row per planned trial; timestamps are UTC. */
export const STORE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS trials (
    id VARCHAR PRIMARY KEY,
    label VARCHAR NOT NULL,
    intervention VARCHAR NOT NULL,
    seed BIGINT NOT NULL,
    config JSON NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN (${TRIAL_STATUSES.map((s) => `'${s}'`).join(', ')})),
    attempts INTEGER NOT NULL,
    host VARCHAR,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    seconds DOUBLE,
    error VARCHAR,
    axes JSON NOT NULL,
    code_version VARCHAR
  )`,
  // No index on trial: appends stay fast, and rows arrive grouped by trial, so zone maps prune the scans.
  metricsTableDdl('metrics', { withTrial: true, ifNotExists: true }),
  // Stores written before trials recorded their code version.
  'ALTER TABLE trials ADD COLUMN IF NOT EXISTS code_version VARCHAR',
];
