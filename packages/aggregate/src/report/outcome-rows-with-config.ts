// Per-trial outcomes with chosen config fields beside them, so they can be paired on those fields.
import type { Row } from '../rows/row.js';
import type { SweepData } from './load-sweep.js';
import { outcomesAsRows, type TrialOutcome } from './trial-outcomes.js';

export function outcomeRowsWithConfig(sweep: SweepData, outcomes: readonly TrialOutcome[], fields: readonly string[]): Row[] {
  const configOf = new Map(sweep.done.map((t) => [t.id, t.config]));
  return outcomesAsRows(outcomes).map((row) => {
    const config = configOf.get(row.trial as string) ?? {};
    const extra: Row = {};
    for (const field of fields) extra[field] = config[field] ?? null;
    return { ...extra, ...row };
  });
}
