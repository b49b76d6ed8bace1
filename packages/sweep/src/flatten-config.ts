// Trial configs (nested JSON) as typed columns of an exported trials table: { model: { nLayer: 5 } } becomes a BIGINT
// column "config.model.nLayer", so pandas, polars and DuckDB filter and group on config fields without parsing JSON.
import { isPlainObject } from './json.js';

/** Column types: numbers (BIGINT when every value is an integer), booleans, strings, else the value's JSON text. */
export type FlatColumnType = 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR' | 'JSON';

export interface FlatColumn {
  /** 'config.' + the dotted path. */
  name: string;
  /** Keys from the config's root to the field. */
  path: string[];
  type: FlatColumnType;
}

export const FLAT_COLUMN_PREFIX = 'config.';

function leafType(value: unknown): FlatColumnType | null {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'BIGINT' : 'DOUBLE';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'string') return 'VARCHAR';
  return 'JSON';
}

/** The type that holds values of both types: integers widen to DOUBLE, anything else mixed is JSON text. */
function widen(a: FlatColumnType | null, b: FlatColumnType | null): FlatColumnType | null {
  if (a === null || a === b) return b ?? a;
  if (b === null) return a;
  const numbers = new Set(['BIGINT', 'DOUBLE']);
  return numbers.has(a) && numbers.has(b) ? 'DOUBLE' : 'JSON';
}

/** The columns of every leaf field in any of the configs, in the order first met; a path absent from a config is null there. */
export function flatColumns(configs: readonly unknown[]): FlatColumn[] {
  const columns = new Map<string, { path: string[]; type: FlatColumnType | null }>();
  const visit = (value: Record<string, unknown>, path: string[]): void => {
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (isPlainObject(child)) {
        visit(child, childPath);
        continue;
      }
      const name = FLAT_COLUMN_PREFIX + childPath.join('.');
      const seen = columns.get(name);
      if (seen && seen.path.join('\u0000') !== childPath.join('\u0000')) {
        throw new RangeError(`config fields ${JSON.stringify(seen.path)} and ${JSON.stringify(childPath)} both flatten to '${name}'; export without --flatten`);
      }
      columns.set(name, { path: childPath, type: widen(seen?.type ?? null, leafType(child)) });
    }
  };
  configs.forEach((config) => {
    if (isPlainObject(config)) visit(config, []);
  });
  // A field that is null in every config has no type to infer; its JSON text ('null') says what it holds.
  return [...columns].map(([name, { path, type }]) => ({ name, path, type: type ?? 'JSON' }));
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** `<expression> AS "config.<path>"`, the column read from the JSON column `config`. */
export function flatColumnSql(column: FlatColumn): string {
  const jsonPath = sqlString('$' + column.path.map((key) => `."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(''));
  const value =
    column.type === 'VARCHAR'
      ? `json_extract_string(config, ${jsonPath})`
      : column.type === 'JSON'
        ? `CAST(json_extract(config, ${jsonPath}) AS VARCHAR)`
        : `CAST(json_extract(config, ${jsonPath}) AS ${column.type})`;
  return `${value} AS ${quoteIdentifier(column.name)}`;
}
