// Adjusted mutual information, scikit-learn's adjusted_mutual_info_score (arithmetic mean).
import { contingency } from './contingency.js';
import { expectedMutualInfo } from './expected-mutual-info.js';
import type { Labels } from './labels.js';
import { entropyOfCounts, mutualInfo } from './mutual-info.js';

const EPS = 2.220446049250313e-16;

/**
 * AMI = (MI - EMI) / (mean(H(labelsTrue), H(labelsPred)) - EMI), symmetric. 1.0 when both labelings
 * are a single cluster (or empty). As in scikit-learn 1.2, a denominator of magnitude below machine
 * epsilon is replaced by +-eps (so identical all-singleton labelings score 0, not 1).
 */
export function adjustedMutualInfo(labelsTrue: Labels, labelsPred: Labels): number {
  const table = contingency(labelsTrue, labelsPred);
  if ((table.rows === 1 && table.cols === 1) || (table.rows === 0 && table.cols === 0)) return 1.0;
  const mi = mutualInfo(table);
  const emi = expectedMutualInfo(table);
  const normalizer = (entropyOfCounts(table.rowSums) + entropyOfCounts(table.colSums)) / 2;
  let denominator = normalizer - emi;
  denominator = denominator < 0 ? Math.min(denominator, -EPS) : Math.max(denominator, EPS);
  return (mi - emi) / denominator;
}
