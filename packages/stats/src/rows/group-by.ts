// Rows grouped by the values of some fields.
import { compareKeys, encodeKey, keyValues } from './key-values.js';
import type { Cell, Row } from './row.js';

export interface Group<R extends Row = Row> {
  /** The grouping fields and their values in this group (a missing field as null). */
  key: Record<string, Cell>;
  /** The group's rows, in input order. */
  rows: R[];
}

/**
 * One group per distinct combination of values of `keys`, sorted by those values (null first, numbers
 * ascending, then strings), so results built from groups (and the bootstrap samples they feed) do not depend
 * on the order rows were stored in. No keys: one group with every row.
 */
export function groupBy<R extends Row>(rows: readonly R[], keys: readonly string[]): Group<R>[] {
  if (!Array.isArray(rows)) throw new TypeError('rows: expected an array of rows');
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
    throw new TypeError('keys: expected an array of field names');
  }
  const groups = new Map<string, { values: Cell[]; rows: R[] }>();
  for (const row of rows) {
    const values = keyValues(row, keys);
    const id = encodeKey(values);
    let group = groups.get(id);
    if (!group) {
      group = { values, rows: [] };
      groups.set(id, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()]
    .sort((a, b) => compareKeys(a.values, b.values))
    .map(({ values, rows: groupRows }) => ({
      key: Object.fromEntries(keys.map((k, i) => [k, values[i]])),
      rows: groupRows,
    }));
}
