// A sweep store (one DuckDB file per sweep folder, written by @clusterlens/sweep; tables in @clusterlens/schema's
// STORE_DDL) read as metric rows with each trial's configuration joined in, as the list of its trials, and, for a
// report, both at once with each row labelled by its trial's condition.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

import type { DuckDBConnection, JS } from '@duckdb/node-api';

import { STORE_FILE, STORED_METRIC_COLUMNS } from '@clusterlens/schema';
import { orderSplits, type Cell, type MetricRecord } from '@clusterlens/stats';

import { configFields } from './config-fields.js';
import type { TrialInfo } from './trial-info.js';
import { readLiveSweep, storeIsLocked } from './live-sweep.js';
import { checkMetricColumns, flattenConfig, isMetricColumn, quoteIdentifier, toCell, toMetricRecord, withDuckDB } from './metrics.js';

export { CONFIG_COLLISION_PREFIX } from './config-fields.js';
export type { TrialInfo } from './trial-info.js';

// ------------------------------------------------------------------------------------------------ readSweep

export interface ReadSweepOptions {
  /** Keep only trials whose `status` is one of these (e.g. ['done']); default: every trial. */
  statuses?: readonly string[];
  /** Other columns of the trials table to join in under their own names (e.g. ['status']); default none. */
  trialColumns?: readonly string[];
  /** Table names (defaults 'trials' and 'metrics'). */
  trialsTable?: string;
  metricsTable?: string;
}

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

/** A trial's config column (JSON text, or NULL for none) parsed. */
function parseConfigText(id: string, config: JS, file: string): unknown {
  if (config === null) return {};
  try {
    return JSON.parse(String(config));
  } catch (error) {
    throw new TypeError(`${file}: trial ${id}: config is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Rows of the `metrics` table, each with its trial's `config` JSON flattened into fields (seed,
 * intervention, model.nLayer, ...) and the chosen trials columns. Tables: trials(id, config JSON, status, ...)
 * and metrics(trial, split, layer, step, metric, value). A metric row whose trial is not in `trials` is an
 * error (the store is inconsistent); metric rows of trials left out by `statuses` are skipped.
 */
export async function readSweep(file: string, options: ReadSweepOptions = {}): Promise<MetricRecord[]> {
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
      const fields = configFields(parseConfigText(id, record.config, file), `${file}: trial ${id}: config`);
      for (const column of trialColumns) {
        if (Object.hasOwn(fields, column) || isMetricColumn(column)) {
          throw new RangeError(`${file}: trials column '${column}' has the name of a config field or metric column`);
        }
        fields[column] = toCell(record[column], `${file}: trial ${id}: ${column}`);
      }
      fieldsOf.set(id, fields);
    }

    const columns = STORED_METRIC_COLUMNS.map(quoteIdentifier).join(', ');
    const metricsReader = await connection.runAndReadAll(`SELECT ${columns} FROM ${quoteIdentifier(metricsTable)}`);
    const rows: MetricRecord[] = [];
    const orphans = new Set<string>();
    metricsReader.getRowObjectsJS().forEach((record, i) => {
      const row = toMetricRecord(record, `${file} (table ${metricsTable}) row ${i + 1}:`);
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

// ------------------------------------------------------------------------------------------------ readTrials


/** Columns of @clusterlens/sweep's trials table that are read when present: a store with only id and config still reads. */
const OPTIONAL = ['label', 'intervention', 'seed', 'status', 'attempts', 'seconds', 'error', 'axes', 'code_version'] as const;

function parseJson(text: Cell, where: string): unknown {
  if (text === null) return {};
  try {
    return JSON.parse(String(text));
  } catch (error) {
    throw new TypeError(`${where}: not valid JSON (${(error as Error).message})`);
  }
}

/** Every trial, in the order the sweep added them (DuckDB's rowid), whatever its status. */
export async function readTrials(file: string, table = 'trials'): Promise<TrialInfo[]> {
  return withDuckDB(file, async (connection) => {
    const columnsReader = await connection.runAndReadAll(
      'SELECT column_name FROM information_schema.columns WHERE table_name = $1',
      [table],
    );
    const available = new Set(columnsReader.getRowObjectsJS().map((r) => String(r.column_name)));
    if (!available.has('id') || !available.has('config')) {
      throw new RangeError(`${file}: table ${table} needs columns id and config (is this a clusterlens sweep store?)`);
    }
    const optional = OPTIONAL.filter((c) => available.has(c));
    const select = [
      'CAST(id AS VARCHAR) AS id',
      'CAST(config AS VARCHAR) AS config',
      ...optional.map((c) => (c === 'axes' ? 'CAST(axes AS VARCHAR) AS axes' : c === 'seed' ? 'CAST(seed AS DOUBLE) AS seed' : quoteIdentifier(c))),
    ].join(', ');
    const reader = await connection.runAndReadAll(`SELECT ${select} FROM ${quoteIdentifier(table)} ORDER BY rowid`);
    return reader.getRowObjectsJS().map((record) => {
      const id = String(record.id);
      const where = `${file}: trial ${id}`;
      const cell = (name: string) => (record[name] === undefined ? null : toCell(record[name], `${where}: ${name}`));
      const config = flattenConfig(parseJson(cell('config'), `${where}: config`), `${where}: config`);
      const intervention = cell('intervention') ?? config.intervention ?? 'default';
      const seed = cell('seed') ?? config.seed ?? null;
      const axes = parseJson(cell('axes'), `${where}: axes`);
      const codeVersion = cell('code_version');
      return {
        id,
        label: String(cell('label') ?? id),
        intervention: String(intervention),
        seed: typeof seed === 'number' ? seed : seed === null ? null : Number(seed),
        status: String(cell('status') ?? 'done'),
        attempts: cell('attempts') as number | null,
        seconds: cell('seconds') as number | null,
        error: cell('error') as string | null,
        codeVersion: codeVersion === null ? null : String(codeVersion),
        axes: axes !== null && typeof axes === 'object' && !Array.isArray(axes) ? (axes as Record<string, unknown>) : {},
        config,
      };
    });
  });
}

// ------------------------------------------------------------------------------------------------ conditions

// A condition is what seeds are repeats of: one intervention at one point of the swept axes. Statistics across
// seeds are computed per condition, never across conditions.

function formatAxisValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** 'output' or 'output optimizer.lr=0.002': the trial's label without its seed. */
export function conditionOf(trial: Pick<TrialInfo, 'intervention' | 'axes'>): string {
  const axes = Object.entries(trial.axes).map(([path, value]) => `${path}=${formatAxisValue(value)}`);
  return [trial.intervention, ...axes].join(' ');
}

/** Interventions in the order the sweep added them. */
function interventionsOf(trials: readonly TrialInfo[]): string[] {
  return [...new Set(trials.map((t) => t.intervention))];
}

/** Conditions in the order the sweep added them. */
function conditionsOf(trials: readonly TrialInfo[]): string[] {
  return [...new Set(trials.map(conditionOf))];
}

/** Names that mean "no intervention", in order of preference, when the user names no baseline. */
const BASELINE_NAMES = ['baseline', 'none', 'control', 'default'];

/** The baseline intervention: the one asked for, else a conventional name, else the first the sweep added. */
export function chooseBaseline(interventions: readonly string[], requested?: string): string {
  if (requested !== undefined) {
    if (!interventions.includes(requested)) {
      throw new RangeError(`baseline: no intervention named '${requested}' in this sweep (it has ${interventions.join(', ')})`);
    }
    return requested;
  }
  return BASELINE_NAMES.find((name) => interventions.includes(name)) ?? interventions[0];
}

// ------------------------------------------------------------------------------------------------ loadSweep

/** A sweep folder read once for a report. */
export interface SweepData {
  dir: string;
  /** The folder's name, used as the report's title. */
  name: string;
  store: string;
  /** Every trial, whatever its status, in the order the sweep added them. */
  trials: TrialInfo[];
  /** Trials with status 'done': the only ones whose metrics are used. */
  done: TrialInfo[];
  /** Metric rows of the done trials, with intervention, seed and condition fields set from the trials table. */
  rows: MetricRecord[];
  interventions: string[];
  conditions: string[];
  seeds: number[];
  splits: string[];
  /** Config paths that the sweep's axes vary (the seed excluded). */
  axisPaths: string[];
  /** Set while the sweep's coordinator runs: the data is its status snapshot of this time (ISO 8601). */
  running?: { updatedAt: string };
}

/**
 * The trials of `<sweepDir>/sweep.duckdb` and the metric rows of the finished ones, each labelled with its condition.
 * While a coordinator runs (and holds the store), they come from its status snapshot and the trials' metrics files.
 */
export async function loadSweep(sweepDir: string): Promise<SweepData> {
  const dir = resolve(sweepDir);
  const store = join(dir, STORE_FILE);
  if (!existsSync(store)) {
    throw new Error(`${store}: no sweep store here; run the sweep first (clusterlens sweep run <spec.yaml> --out ${sweepDir})`);
  }
  let trials: TrialInfo[];
  let readRows: () => Promise<MetricRecord[]>;
  let running: SweepData['running'];
  try {
    trials = await readTrials(store);
    readRows = () => readSweep(store);
  } catch (error) {
    if (!storeIsLocked(error)) throw error;
    const live = await readLiveSweep(dir);
    trials = live.trials;
    readRows = async () => live.rows;
    running = { updatedAt: live.updatedAt };
  }
  const done = trials.filter((t) => t.status === 'done');
  if (done.length === 0) {
    const statuses = [...new Set(trials.map((t) => t.status))].join(', ') || 'no trials at all';
    throw new Error(`${store}: no finished trials to report on (statuses: ${statuses})`);
  }
  const doneById = new Map(done.map((t) => [t.id, t]));
  const rows: MetricRecord[] = [];
  for (const row of await readRows()) {
    const trial = doneById.get(row.trial);
    if (!trial) continue;
    row.intervention = trial.intervention;
    row.seed = trial.seed;
    row.condition = conditionOf(trial);
    rows.push(row);
  }
  if (rows.length === 0) throw new Error(`${store}: the finished trials have no metric rows`);
  const seeds = [...new Set(done.map((t) => t.seed).filter((s): s is number => s !== null))].sort((a, b) => a - b);
  const axisPaths = [...new Set(done.flatMap((t) => Object.keys(t.axes)))].sort();
  return {
    dir,
    name: basename(dir),
    store,
    trials,
    done,
    rows,
    interventions: interventionsOf(done),
    conditions: conditionsOf(done),
    seeds,
    splits: orderSplits(rows.map((r) => r.split)),
    axisPaths,
    ...(running ? { running } : {}),
  };
}
