// Purity of a clustering.
import { contingency } from './contingency.js';
import type { Labels } from './labels.js';

/**
 * Purity of labelsPred (clusters) with respect to labelsTrue (classes): the fraction of points
 * that belong to the majority class of their cluster, sum_j max_i n_ij / n. Not symmetric.
 * NaN for empty labelings.
 */
export function purity(labelsTrue: Labels, labelsPred: Labels): number {
  const table = contingency(labelsTrue, labelsPred);
  const best = new Float64Array(table.cols);
  for (let c = 0; c < table.cellCount.length; c++) {
    const col = table.cellCol[c];
    if (table.cellCount[c] > best[col]) best[col] = table.cellCount[c];
  }
  let total = 0;
  for (const v of best) total += v;
  return total / table.n;
}
