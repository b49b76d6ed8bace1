// Metric rows from a Parquet, CSV or DuckDB file, through DuckDB's built-in readers (no extension downloads).
import { extname } from 'node:path';
import type { MetricRow } from '../rows/row.js';
import { quoteIdentifier, withDuckDB } from './duckdb-session.js';
import { checkMetricColumns, metricRowFromRecord } from './metric-row-from-record.js';

export type TableFormat = 'parquet' | 'csv' | 'duckdb';

export interface ReadMetricsOptions {
  /** Default: from the extension (.parquet, .csv / .csv.gz / .tsv, .duckdb / .db). */
  format?: TableFormat;
  /** For a DuckDB file: the table to read (default 'metrics'). */
  table?: string;
}

/** The format a file name implies. */
export function formatOf(file: string): TableFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.csv') || lower.endsWith('.csv.gz') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.duckdb') || lower.endsWith('.db')) return 'duckdb';
  throw new RangeError(
    `${file}: cannot tell the format from the extension '${extname(file)}'; pass format: 'parquet', 'csv' or 'duckdb'`,
  );
}

/**
 * Every row of a metrics table (columns trial, split, layer, step, metric, value, plus any configuration
 * columns, which are kept under their own names), in the table's order. A DuckDB file is opened read-only;
 * one that another process is writing (a running sweep) is locked by DuckDB and fails with its lock error.
 */
export async function readMetrics(file: string, options: ReadMetricsOptions = {}): Promise<MetricRow[]> {
  if (typeof file !== 'string' || file === '') throw new TypeError('file: expected a path');
  const format = options.format ?? formatOf(file);
  if (format !== 'parquet' && format !== 'csv' && format !== 'duckdb') {
    throw new RangeError(`format: expected 'parquet', 'csv' or 'duckdb', got ${String(format)}`);
  }
  const table = options.table ?? 'metrics';
  const database = format === 'duckdb' ? file : ':memory:';
  return withDuckDB(database, async (connection) => {
    const reader =
      format === 'parquet'
        ? await connection.runAndReadAll('SELECT * FROM read_parquet($1)', [file])
        : format === 'csv'
          ? await connection.runAndReadAll('SELECT * FROM read_csv($1)', [file])
          : await connection.runAndReadAll(`SELECT * FROM ${quoteIdentifier(table)}`);
    const source = format === 'duckdb' ? `${file} (table ${table})` : file;
    checkMetricColumns(reader.columnNames(), source);
    return reader.getRowObjectsJS().map((record, i) => metricRowFromRecord(record, `${source} row ${i + 1}:`));
  });
}
