// Selecting rows by the values of their fields.
import type { Cell, Row } from './row.js';

/** Per field: the value it must have, any of several values, or a test. */
export type Where = Record<string, Cell | readonly Cell[] | ((value: Cell) => boolean)>;

/** The rows matching every condition of `where` (a missing field reads as null). */
export function filterRows<R extends Row>(rows: readonly R[], where: Where): R[] {
  const tests = Object.entries(where).map(([field, condition]): ((row: R) => boolean) => {
    const read = (row: R): Cell => (row[field] === undefined ? null : row[field]);
    if (typeof condition === 'function') return (row) => condition(read(row));
    if (Array.isArray(condition)) return (row) => condition.includes(read(row));
    return (row) => Object.is(read(row), condition) || read(row) === condition;
  });
  return rows.filter((row) => tests.every((test) => test(row)));
}
