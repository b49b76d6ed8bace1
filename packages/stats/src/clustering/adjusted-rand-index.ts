// Adjusted Rand Index, scikit-learn's adjusted_rand_score.
import { contingency } from './contingency.js';
import type { Labels } from './labels.js';
import { pairConfusion } from './pair-confusion.js';

/**
 * ARI of labelsPred against labelsTrue (symmetric). 1.0 when no pair is split differently by the
 * two labelings (identical partitions, both a single cluster, both all singletons, empty input).
 * The products of pair counts (up to ~1e28 for 1e7 points) are exact BigInts, rounded to double
 * once each, as Python's int arithmetic in scikit-learn does.
 */
export function adjustedRandIndex(labelsTrue: Labels, labelsPred: Labels): number {
  const { tp, fp, fn, tn } = pairConfusion(contingency(labelsTrue, labelsPred));
  if (fn === 0n && fp === 0n) return 1.0;
  const numerator = tp * tn - fn * fp;
  const denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  return (2.0 * Number(numerator)) / Number(denominator);
}
