// A sweep store (one DuckDB file per sweep, written by @clusterlens/sweep) read as metric rows with each
// trial's configuration joined in as columns.
import type { DuckDBConnection, JS } from '@duckdb/node-api';
import { METRIC_COLUMNS, type Cell, type MetricRow } from '../rows/row.js';
import { toCell } from './cells.js';
import { quoteIdentifier, withDuckDB } from './duckdb-session.js';
import { flattenConfig } from './flatten-config.js';
import { checkMetricColumns, metricRowFromRecord } from './metric-row-from-record.js';

export interface ReadSweepOptions {
  /** Keep only trials whose `status` is one of these (e.g. ['done']); default: every trial. */
  statuses?: readonly string[];
  /** Other columns of the trials table to join in under their own names (e.g. ['status']); default none. */
  trialColumns?: readonly string[];
  /** Table names (defaults 'trials' and 'metrics'). */
  trialsTable?: string;
  metricsTable?: string;
}

/** Configuration fields named like a metric column are renamed 'config.<name>' so neither hides the other. */
export const CONFIG_COLLISION_PREFIX = 'config.';

/** Column name -> DuckDB type of a table, in column order. */
async function tableColumns(connection: DuckDBConnection, table: string, file: string): Promise<Map<string, string>> {
  const reader = await connection.runAndReadAll(
    'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
    [table],
  );
  const columns = new Map(reader.getRowObjectsJS().map((r) => [String(r.column_name), String(r.data_type)]));
  if (columns.size === 0) throw new RangeError(`${file}: no table '${table}' (is this a clusterlens sweep store?)`);
  return columns;
}

/** The config column as JSON text: JSON and VARCHAR hold it already; a STRUCT or MAP is converted. */
function configAsJsonText(type: string): string {
  return type === 'JSON' || type === 'VARCHAR' ? 'CAST(config AS VARCHAR)' : 'CAST(to_json(config) AS VARCHAR)';
}

function configFields(id: string, config: JS, file: string): Record<string, Cell> {
  let parsed: unknown;
  if (config === null) parsed = {};
  else {
    try {
      parsed = JSON.parse(String(config));
    } catch (error) {
      throw new TypeError(`${file}: trial ${id}: config is not valid JSON (${(error as Error).message})`);
    }
  }
  const flat = flattenConfig(parsed, `${file}: trial ${id}: config`);
  const renamed: Record<string, Cell> = {};
  for (const [name, value] of Object.entries(flat)) {
    const target = (METRIC_COLUMNS as readonly string[]).includes(name) ? CONFIG_COLLISION_PREFIX + name : name;
    renamed[target] = value;
  }
  return renamed;
}

/**
 * Rows of the `metrics` table, each with its trial's `config` JSON flattened into fields (seed,
 * intervention, model.nLayer, ...) and the chosen trials columns. Tables: trials(id, config JSON, status, ...)
 * and metrics(trial, split, layer, step, metric, value). A metric row whose trial is not in `trials` is an
 * error (the store is inconsistent); metric rows of trials left out by `statuses` are skipped.
 */
export async function readSweep(file: string, options: ReadSweepOptions = {}): Promise<MetricRow[]> {
  if (typeof file !== 'string' || file === '') throw new TypeError('file: expected a path');
  const { statuses, trialColumns = [], trialsTable = 'trials', metricsTable = 'metrics' } = options;
  return withDuckDB(file, async (connection) => {
    const available = await tableColumns(connection, trialsTable, file);
    for (const needed of ['id', 'config', ...(statuses ? ['status'] : []), ...trialColumns]) {
      if (!available.has(needed)) {
        throw new RangeError(`${file}: table ${trialsTable} has no column '${needed}' (it has ${[...available.keys()].join(', ')})`);
      }
    }
    const metricColumns = await tableColumns(connection, metricsTable, file);
    checkMetricColumns([...metricColumns.keys()], `${file} (table ${metricsTable})`);

    const extra = trialColumns.map((c) => `, ${quoteIdentifier(c)}`).join('');
    const status = statuses ? ', status' : '';
    const config = configAsJsonText(available.get('config')!);
    const trialsReader = await connection.runAndReadAll(
      `SELECT CAST(id AS VARCHAR) AS id, ${config} AS config${status}${extra} FROM ${quoteIdentifier(trialsTable)}`,
    );
    const fieldsOf = new Map<string, Record<string, Cell> | null>();
    for (const record of trialsReader.getRowObjectsJS()) {
      const id = String(record.id);
      if (statuses && !statuses.includes(String(record.status))) {
        fieldsOf.set(id, null);
        continue;
      }
      const fields = configFields(id, record.config, file);
      for (const column of trialColumns) {
        if (Object.hasOwn(fields, column) || (METRIC_COLUMNS as readonly string[]).includes(column)) {
          throw new RangeError(`${file}: trials column '${column}' has the name of a config field or metric column`);
        }
        fields[column] = toCell(record[column], `${file}: trial ${id}: ${column}`);
      }
      fieldsOf.set(id, fields);
    }

    const columns = METRIC_COLUMNS.map(quoteIdentifier).join(', ');
    const metricsReader = await connection.runAndReadAll(`SELECT ${columns} FROM ${quoteIdentifier(metricsTable)}`);
    const rows: MetricRow[] = [];
    const orphans = new Set<string>();
    metricsReader.getRowObjectsJS().forEach((record, i) => {
      const row = metricRowFromRecord(record, `${file} (table ${metricsTable}) row ${i + 1}:`);
      const fields = fieldsOf.get(row.trial);
      if (fields === undefined) orphans.add(row.trial);
      else if (fields !== null) rows.push({ ...row, ...fields });
    });
    if (orphans.size > 0) {
      const listed = [...orphans].slice(0, 5).join(', ');
      throw new RangeError(
        `${file}: ${orphans.size} trial id(s) in ${metricsTable} are missing from ${trialsTable}: ${listed}` +
          (orphans.size > 5 ? ', ...' : ''),
      );
    }
    return rows;
  });
}
