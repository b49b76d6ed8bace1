// DuckDB's JavaScript values turned into the cells of a metrics row.
import type { JS } from '@duckdb/node-api';
import type { Cell } from '../rows/row.js';

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
export function toNumber(value: JS, where: string): number | null {
  const cell = toCell(value, where);
  if (cell === null || typeof cell === 'number') return cell;
  const parsed = Number(cell);
  if (cell.trim() === '' || Number.isNaN(parsed)) throw new TypeError(`${where}: expected a number, got ${JSON.stringify(cell)}`);
  return parsed;
}
