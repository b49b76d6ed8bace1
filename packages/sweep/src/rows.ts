// Checks a trial function's result before it reaches the store, so a wrong row names the trial and the field
// instead of surfacing later as a DuckDB type error in the middle of a batch.
import type { MetricRow } from '@clusterlens/schema';

import type { MemberRows } from './trial-function.js';

/** Returns the rows as plain MetricRow objects, or throws naming the first bad field (`rows[3].layer: ...`). */
export function checkRows(result: unknown): MetricRow[] {
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) throw new TypeError(`the trial function must resolve { rows: [...] }, got ${describe(result)}`);
  return rows.map((row: Record<string, unknown>, i) => {
    const where = `rows[${i}]`;
    if (typeof row !== 'object' || row === null) throw new TypeError(`${where}: expected { split, layer, step, metric, value }, got ${describe(row)}`);
    const { split, layer = null, step, metric, value } = row;
    if (typeof split !== 'string') throw new TypeError(`${where}.split: expected a string, got ${describe(split)}`);
    if (layer !== null && !isInt32(layer)) throw new TypeError(`${where}.layer: expected an integer or null, got ${describe(layer)}`);
    if (!isInt32(step)) throw new TypeError(`${where}.step: expected an integer, got ${describe(step)}`);
    if (typeof metric !== 'string') throw new TypeError(`${where}.metric: expected a string, got ${describe(metric)}`);
    if (typeof value !== 'number') throw new TypeError(`${where}.value: expected a number, got ${describe(value)}`);
    return { split, layer: layer as number | null, step: step as number, metric, value };
  });
}

/**
 * A trial function's or an ensemble function's result, checked: `{ rows }`, or `{ members: [{ trialId, rows }] }`
 * (then `rows` is empty).
 */
export function checkResult(result: unknown): { rows: MetricRow[]; members?: MemberRows[] } {
  const members = (result as { members?: unknown } | null)?.members;
  if (members === undefined) return { rows: checkRows(result) };
  if (!Array.isArray(members)) throw new TypeError(`the ensemble function must resolve { members: [...] }, got ${describe(result)}`);
  const checked = members.map((member: { trialId?: unknown }, i) => {
    if (typeof member?.trialId !== 'string') throw new TypeError(`members[${i}].trialId: expected a string, got ${describe(member?.trialId)}`);
    try {
      return { trialId: member.trialId, rows: checkRows(member) };
    } catch (error) {
      throw new TypeError(`members[${i}] (${member.trialId}): ${(error as Error).message}`);
    }
  });
  return { rows: [], members: checked };
}

function isInt32(value: unknown): boolean {
  return Number.isInteger(value) && Math.abs(value as number) < 2 ** 31;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
