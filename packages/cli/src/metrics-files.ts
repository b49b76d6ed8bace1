// Metric tables on disk: CSV for people and spreadsheets, Parquet (written by DuckDB) for analysis tools.
import { rename, writeFile } from 'node:fs/promises';

import { DuckDBInstance } from '@duckdb/node-api';

import type { MetricRow } from '@clusterlens/experiment';
import { appendTrialRow } from '@clusterlens/sweep';

const COLUMNS = ['split', 'layer', 'step', 'metric', 'value'] as const;

export function metricsCsv(rows: MetricRow[]): string {
  const lines = rows.map((r) => [r.split, r.layer ?? '', r.step, r.metric, Number.isNaN(r.value) ? 'NaN' : r.value].join(','));
  return [COLUMNS.join(','), ...lines].join('\n') + '\n';
}

/** Writes to a temporary name first, so a crash never leaves a half-written table behind. */
async function atomically(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${file}.tmp`;
  await write(tmp);
  await rename(tmp, file);
}

export async function writeMetricsCsv(file: string, rows: MetricRow[]): Promise<void> {
  await atomically(file, (tmp) => writeFile(tmp, metricsCsv(rows)));
}

export async function writeMetricsParquet(file: string, rows: MetricRow[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run('CREATE TABLE metrics (split VARCHAR, layer INTEGER, step INTEGER, metric VARCHAR, value DOUBLE)');
    const appender = await connection.createAppender('metrics');
    for (const row of rows) appendTrialRow(appender, row);
    appender.closeSync();
    await atomically(file, async (tmp) => {
      await connection.run(`COPY metrics TO '${tmp.replaceAll("'", "''")}' (FORMAT PARQUET)`);
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
