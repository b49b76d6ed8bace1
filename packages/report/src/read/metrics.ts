// Metric rows from a Parquet, CSV or DuckDB file, through DuckDB's built-in readers (no extension downloads): one
// short-lived DuckDB session per read, DuckDB's values turned into cells, trial configs flattened into fields, and
// the checks that make a record a metric row.
import { extname } from 'node:path';

import { DuckDBInstance, type DuckDBConnection, type JS } from '@duckdb/node-api';

import { METRIC_COLUMNS, STORED_METRIC_COLUMNS } from '@clusterlens/schema';
import type { Cell, MetricRecord } from '@clusterlens/stats';

// ------------------------------------------------------------------------------------------------ DuckDB session

/**
 * Runs `use` on a connection to `database` (':memory:' for reading Parquet or CSV files, or a .duckdb file,
 * opened read-only so that reading never changes a store), then closes both: no file stays locked afterwards.
 */
export async function withDuckDB<T>(database: string, use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const options: Record<string, string> = database === ':memory:' ? {} : { access_mode: 'READ_ONLY' };
  const instance = await DuckDBInstance.create(database, options);
  try {
    const connection = await instance.connect();
    try {
      return await use(connection);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** A double-quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// ------------------------------------------------------------------------------------------------ cells

/**
 * A cell from any column: numbers (BIGINT and HUGEINT included, when exact as a double) stay numbers,
 * booleans become 'true' / 'false' (a row holds strings, numbers and null only), dates ISO strings, and
 * anything else (lists, structs, blobs) its JSON text.
 */
export function toCell(value: JS, where: string): Cell {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') {
    const number = Number(value);
    if (!Number.isSafeInteger(number)) throw new RangeError(`${where}: ${value} does not fit a double exactly`);
    return number;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

/** A number cell: integer columns come back as bigint or number. */
function toNumber(value: JS, where: string): number | null {
  const cell = toCell(value, where);
  if (cell === null || typeof cell === 'number') return cell;
  const parsed = Number(cell);
  if (cell.trim() === '' || Number.isNaN(parsed)) throw new TypeError(`${where}: expected a number, got ${JSON.stringify(cell)}`);
  return parsed;
}

// ------------------------------------------------------------------------------------------------ configs

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A trial's configuration (nested JSON) as flat row fields: { model: { nLayer: 5 } } -> { 'model.nLayer': 5 }.
 * Nested objects become dotted paths; numbers, strings and null stay as they are; booleans become
 * 'true' / 'false' and arrays their JSON text (a row holds strings, numbers and null only). Two paths that
 * flatten to the same name (a literal 'a.b' next to { a: { b } }) are an error.
 */
export function flattenConfig(config: unknown, where = 'config'): Record<string, Cell> {
  if (!isPlainObject(config)) throw new TypeError(`${where}: expected a JSON object, got ${JSON.stringify(config)}`);
  const flat: Record<string, Cell> = {};
  const visit = (value: Record<string, unknown>, prefix: string): void => {
    for (const [name, child] of Object.entries(value)) {
      const path = prefix === '' ? name : `${prefix}.${name}`;
      if (isPlainObject(child)) {
        visit(child, path);
        continue;
      }
      if (Object.hasOwn(flat, path)) throw new RangeError(`${where}: two fields flatten to '${path}'`);
      flat[path] =
        child === null || typeof child === 'number' || typeof child === 'string'
          ? child
          : typeof child === 'boolean'
            ? String(child)
            : JSON.stringify(child);
    }
  };
  visit(config, '');
  return flat;
}

// ------------------------------------------------------------------------------------------------ metric records

/** Whether a column is one of the stored metric columns (trial, split, layer, step, metric, value). */
export function isMetricColumn(column: string): boolean {
  return (STORED_METRIC_COLUMNS as readonly string[]).includes(column);
}

/**
 * Throws unless every metric column is present, naming the missing ones and those present. A store's table needs
 * the trial column (`STORED_METRIC_COLUMNS`); one trial's table (`METRIC_COLUMNS`, what `clusterlens train` and
 * `probe` write) may do without it.
 */
export function checkMetricColumns(columns: readonly string[], source: string, options: { trialOptional?: boolean } = {}): void {
  const missing = STORED_METRIC_COLUMNS.filter((c) => !columns.includes(c) && !(c === 'trial' && options.trialOptional));
  if (missing.length > 0) {
    const needs = options.trialOptional ? `${METRIC_COLUMNS.join(', ')}, and trial unless it holds one trial` : STORED_METRIC_COLUMNS.join(', ');
    throw new RangeError(
      `${source}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(a metrics table needs ${needs}; it has ${columns.join(', ')})`,
    );
  }
}

/**
 * A record read from a table checked and typed: the six metric columns (layer an integer or null, step an
 * integer, value a number with NULL read as NaN, i.e. not measured), then every other column as a cell under its
 * own name.
 */
export function toMetricRecord(record: Record<string, JS>, where: string): MetricRecord {
  const layer = toNumber(record.layer, `${where} layer`);
  if (layer !== null && !Number.isInteger(layer)) throw new TypeError(`${where} layer: expected an integer, got ${layer}`);
  const step = toNumber(record.step, `${where} step`);
  if (step === null || !Number.isInteger(step)) throw new TypeError(`${where} step: expected an integer, got ${String(step)}`);
  const trial = toCell(record.trial, `${where} trial`);
  const split = toCell(record.split, `${where} split`);
  const metric = toCell(record.metric, `${where} metric`);
  if (trial === null || split === null || metric === null) {
    throw new TypeError(`${where}: trial, split and metric must not be NULL`);
  }
  const row: MetricRecord = {
    trial: String(trial),
    split: String(split),
    layer,
    step,
    metric: String(metric),
    value: toNumber(record.value, `${where} value`) ?? NaN,
  };
  for (const [column, value] of Object.entries(record)) {
    if (!isMetricColumn(column)) row[column] = toCell(value, `${where} ${column}`);
  }
  return row;
}

// ------------------------------------------------------------------------------------------------ readMetrics

export type TableFormat = 'parquet' | 'csv' | 'duckdb';

export interface ReadMetricsOptions {
  /** Default: from the extension (.parquet, .csv / .csv.gz / .tsv, .duckdb / .db). */
  format?: TableFormat;
  /** For a DuckDB file: the table to read (default 'metrics'). */
  table?: string;
  /** The trial of a table without a trial column, i.e. one trial's metrics (default: the file's path as given). */
  trial?: string;
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
 * columns, which are kept under their own names), in the table's order. A table without a trial column holds one
 * trial's metrics (the files of `clusterlens train` and `probe`): its rows get `options.trial`, by default the
 * file's path. A DuckDB file is opened read-only; one that another process is writing (a running sweep) is locked
 * by DuckDB and fails with its lock error.
 */
export async function readMetrics(file: string, options: ReadMetricsOptions = {}): Promise<MetricRecord[]> {
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
    const columns = reader.columnNames();
    checkMetricColumns(columns, source, { trialOptional: true });
    const trial = columns.includes('trial') ? undefined : (options.trial ?? file);
    return reader.getRowObjectsJS().map((record, i) => toMetricRecord(trial === undefined ? record : { trial, ...record }, `${source} row ${i + 1}:`));
  });
}
