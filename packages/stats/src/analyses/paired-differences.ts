// Intervention against baseline, seed by seed (PROTOCOL section 7, C6 and C7): the difference of a per-trial
// outcome between two arms, paired on the seed (and any other fields that must agree).
import { groupBy } from '../rows/group-by.js';
import { describeKey } from '../rows/key-values.js';
import type { Cell, Row } from '../rows/row.js';
import { summarize, type Summary, type SummaryOptions } from '../summarize.js';

export interface PairedDifferencesOptions {
  /** The field naming the arm, e.g. 'intervention'. */
  by: string;
  /** The arm's value for the treatment, e.g. 'aux-loss'. */
  treatment: Cell;
  /** The arm's value for the control, e.g. 'none'. */
  control: Cell;
  /** Fields that must agree within a pair, e.g. ['seed'] or ['seed', 'layer', 'split']. */
  match: readonly string[];
  /** The field holding the outcome (default 'value'); null reads as NaN. */
  value?: string;
}

export interface Pair {
  /** The match fields' values. */
  key: Record<string, Cell>;
  treatment: number;
  control: number;
  /** treatment - control. */
  difference: number;
}

export interface PairedDifferences {
  /** Sorted by the match key. */
  pairs: Pair[];
  /** Match keys present in one arm only: those trials have no partner and are left out. */
  unmatchedTreatment: Record<string, Cell>[];
  unmatchedControl: Record<string, Cell>[];
}

function outcome(row: Row, field: string, key: Record<string, Cell>): number {
  const v = row[field];
  if (v === null || v === undefined) return NaN;
  if (typeof v !== 'number') throw new TypeError(`row ${describeKey(key)}: ${field} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Pairs each treatment row with the control row that has the same match fields. Rows of other arms are
 * ignored. Two rows of one arm with the same match key would make the pairing ambiguous: that is an error
 * naming the key (add the field that tells them apart to `match`, or reduce the rows to one per trial first).
 */
export function pairedDifferences(rows: readonly Row[], options: PairedDifferencesOptions): PairedDifferences {
  const { by, treatment, control, match, value = 'value' } = options;
  if (treatment === control) throw new RangeError(`treatment and control are both ${JSON.stringify(treatment)}`);
  if (match.includes(by)) throw new RangeError(`match must not include the arm field '${by}'`);
  const pairs: Pair[] = [];
  const unmatchedTreatment: Record<string, Cell>[] = [];
  const unmatchedControl: Record<string, Cell>[] = [];
  const arms = rows.filter((row) => row[by] === treatment || row[by] === control);
  for (const { key, rows: group } of groupBy(arms, match)) {
    const treated = group.filter((row) => row[by] === treatment);
    const controlled = group.filter((row) => row[by] === control);
    for (const [arm, armRows] of [[treatment, treated], [control, controlled]] as const) {
      if (armRows.length > 1) {
        throw new RangeError(
          `${armRows.length} rows with ${by} = ${JSON.stringify(arm)} and ${describeKey(key)}: pairing needs one per ` +
            'match key (add the field that tells them apart to match, or reduce to one outcome per trial first)',
        );
      }
    }
    if (treated.length === 0) unmatchedControl.push(key);
    else if (controlled.length === 0) unmatchedTreatment.push(key);
    else {
      const t = outcome(treated[0], value, key);
      const c = outcome(controlled[0], value, key);
      pairs.push({ key, treatment: t, control: c, difference: t - c });
    }
  }
  return { pairs, unmatchedTreatment, unmatchedControl };
}

/**
 * pairedDifferences, and the mean difference with its t and bootstrap intervals. A pair whose difference is
 * NaN follows nanPolicy (default: an error). Needs at least 2 pairs.
 */
export function summarizePairedDifferences(
  rows: readonly Row[],
  options: PairedDifferencesOptions & SummaryOptions,
): PairedDifferences & { summary: Summary } {
  const paired = pairedDifferences(rows, options);
  if (paired.pairs.length < 2) {
    throw new RangeError(
      `${options.by}: ${JSON.stringify(options.treatment)} vs ${JSON.stringify(options.control)} has ` +
        `${paired.pairs.length} matched pair(s); a paired comparison needs at least 2`,
    );
  }
  return { ...paired, summary: summarize(paired.pairs.map((p) => p.difference), options) };
}
