// Normalized mutual information, scikit-learn's normalized_mutual_info_score (arithmetic mean).
import { contingency } from './contingency.js';
import type { Labels } from './labels.js';
import { entropyOfCounts, mutualInfo } from './mutual-info.js';

/**
 * NMI = MI / ((H(labelsTrue) + H(labelsPred)) / 2). Symmetric. 1.0 when both labelings are a single
 * cluster (or empty); 0.0 when the mutual information is 0 otherwise.
 */
export function normalizedMutualInfo(labelsTrue: Labels, labelsPred: Labels): number {
  const table = contingency(labelsTrue, labelsPred);
  if ((table.rows === 1 && table.cols === 1) || (table.rows === 0 && table.cols === 0)) return 1.0;
  const mi = mutualInfo(table);
  if (mi === 0) return 0.0;
  const normalizer = (entropyOfCounts(table.rowSums) + entropyOfCounts(table.colSums)) / 2;
  return mi / normalizer;
}
