// The trials table of a sweep store, whatever its vintage: @clusterlens/sweep's columns (label, intervention,
// seed, status, axes, timing) are used when present; a store with only id and config still reads.
import { toCell } from '../read/cells.js';
import { quoteIdentifier, withDuckDB } from '../read/duckdb-session.js';
import { flattenConfig } from '../read/flatten-config.js';
import type { Cell } from '../rows/row.js';

export interface TrialInfo {
  id: string;
  label: string;
  /** The trials table's intervention; else the config's 'intervention' field; else 'default'. */
  intervention: string;
  /** The trials table's seed; else the config's 'seed' field; else null. */
  seed: number | null;
  status: string;
  attempts: number | null;
  seconds: number | null;
  error: string | null;
  /** Swept axis values (config path -> value), from the axes column; {} when absent. */
  axes: Record<string, unknown>;
  /** The config, flattened to dotted paths. */
  config: Record<string, Cell>;
}

const OPTIONAL = ['label', 'intervention', 'seed', 'status', 'attempts', 'seconds', 'error', 'axes'] as const;

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
      return {
        id,
        label: String(cell('label') ?? id),
        intervention: String(intervention),
        seed: typeof seed === 'number' ? seed : seed === null ? null : Number(seed),
        status: String(cell('status') ?? 'done'),
        attempts: cell('attempts') as number | null,
        seconds: cell('seconds') as number | null,
        error: cell('error') as string | null,
        axes: axes !== null && typeof axes === 'object' && !Array.isArray(axes) ? (axes as Record<string, unknown>) : {},
        config,
      };
    });
  });
}
