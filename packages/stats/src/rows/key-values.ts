// Reading, comparing and naming the values of grouping keys.
import type { Cell, Row } from './row.js';

/** The values of `keys` in a row, a missing field as null. */
export function keyValues(row: Row, keys: readonly string[]): Cell[] {
  return keys.map((key) => {
    const value = row[key];
    return value === undefined ? null : value;
  });
}

/** A string identifying a tuple of cells; 1 and '1' stay distinct. */
export function encodeKey(values: readonly Cell[]): string {
  return JSON.stringify(values.map((v) => (typeof v === 'number' ? `n${v}` : v === null ? null : `s${v}`)));
}

function rank(value: Cell): number {
  return value === null ? 0 : typeof value === 'number' ? 1 : 2;
}

/** Orders cells: null first, then numbers ascending (NaN last among them), then strings by code unit. */
function compareCells(a: Cell, b: Cell): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
    return a - b;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

/** Orders tuples of cells lexicographically. */
export function compareKeys(a: readonly Cell[], b: readonly Cell[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareCells(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** `{layer: 3, split: "train"}`, for error messages. */
export function describeKey(key: Row): string {
  const parts = Object.entries(key).map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
  return `{${parts.join(', ')}}`;
}
