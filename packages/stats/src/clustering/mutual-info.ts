// Mutual information and entropy in nats, computed as scikit-learn's mutual_info_score and entropy
// compute them (same terms, same order, numpy's summation) so that results agree to the last bits.
import type { Contingency } from './contingency.js';
import { numpySum } from './numpy-sum.js';

const EPS = 2.220446049250313e-16; // np.finfo(float64).eps

/** Mutual information of the two labelings of a contingency table (0 if either has one label). */
export function mutualInfo(table: Contingency): number {
  const { rows, cols, rowSums, colSums, cellRow, cellCol, cellCount } = table;
  if (rows === 1 || cols === 1) return 0;
  let total = 0;
  for (const v of rowSums) total += v;
  const logTotal = Math.log(total);
  // log(pi.sum()) + log(pj.sum()): both sums equal n
  const terms = new Float64Array(cellCount.length);
  for (let c = 0; c < cellCount.length; c++) {
    const v = cellCount[c];
    const p = v / total;
    const outer = rowSums[cellRow[c]] * colSums[cellCol[c]]; // <= n^2 < 2^53: exact
    const logOuter = -Math.log(outer) + logTotal + logTotal;
    const term = p * (Math.log(v) - logTotal) + p * logOuter;
    terms[c] = Math.abs(term) < EPS ? 0 : term;
  }
  return Math.max(0, numpySum(terms));
}

/** Entropy of a labeling given its label counts in increasing label order (0 for one label). */
export function entropyOfCounts(counts: Float64Array): number {
  if (counts.length === 0) return 1.0; // scikit-learn's value for an empty labeling
  if (counts.length === 1) return 0;
  let total = 0;
  for (const v of counts) total += v;
  const logTotal = Math.log(total);
  const terms = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) terms[i] = (counts[i] / total) * (Math.log(counts[i]) - logTotal);
  return -numpySum(terms);
}
