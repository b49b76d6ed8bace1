// A paired comparison as a statistic row, through the library's summarizePairedDifferences: pairs whose
// difference is undefined (NaN) are left out and counted, and fewer than 2 pairs give no interval.
import { pairedDifferences, summarizePairedDifferences, type PairedDifferencesOptions } from '../../analyses/paired-differences.js';
import type { Row } from '../../rows/row.js';
import { statisticFromSummary, type StatisticOptions, type StatisticRow } from './claim.js';

export interface PairedStatistic {
  statistic: StatisticRow | null;
  /** Pairs left out because one side was undefined (NaN). */
  undefinedPairs: number;
  /** Units present in one arm only. */
  unmatched: number;
}

export function pairedStatistic(
  name: string,
  rows: readonly Row[],
  pairing: PairedDifferencesOptions,
  options: StatisticOptions,
): PairedStatistic {
  const all = pairedDifferences(rows, pairing);
  const unmatched = all.unmatchedTreatment.length + all.unmatchedControl.length;
  const defined = all.pairs.filter((p) => Number.isFinite(p.difference));
  const undefinedPairs = all.pairs.length - defined.length;
  if (defined.length === 0) return { statistic: null, undefinedPairs, unmatched };
  if (defined.length === 1) {
    const only = defined[0].difference;
    return {
      statistic: { statistic: name, n: 1, estimate: only, tLow: null, tHigh: null, bootstrapLow: null, bootstrapHigh: null },
      undefinedPairs,
      unmatched,
    };
  }
  const { summary } = summarizePairedDifferences(rows, {
    ...pairing,
    seed: options.seed,
    confidenceLevel: options.confidenceLevel,
    nResamples: options.nResamples,
    nanPolicy: 'omit',
  });
  return { statistic: statisticFromSummary(name, summary), undefinedPairs, unmatched };
}
