// Expected mutual information of two labelings under the hypergeometric (permutation) model, as
// scikit-learn's _expected_mutual_info_fast.expected_mutual_information:
//
//   EMI = sum_ij sum_{nij = max(1, a_i + b_j - N)}^{min(a_i, b_j)}
//           nij/N * log(N nij / (a_i b_j)) * P(nij | a_i, b_j, N)
//
// with the hypergeometric probability P computed in log space from log-gamma. The terms are the
// same expressions in the same order as scikit-learn's loop. One shortcut: for long ranges of nij
// only the terms where exp(log P) does not underflow to 0 are visited (P is log-concave in nij, so
// they form one interval around the mode, found by bisection); the skipped terms are exactly 0 in
// scikit-learn too, so the sum is unchanged, and the cost per cell drops from O(min(a_i, b_j)) to
// O(sqrt(N)).
import type { Contingency } from './contingency.js';
import { gammalnInt } from './gammaln.js';

const SHORT_RANGE = 256; // visit every nij below this many terms

/** EMI of a contingency table; skipUnderflow = false visits every term as scikit-learn does (tests). */
export function expectedMutualInfo(table: Contingency, skipUnderflow = true): number {
  const { rows: R, cols: C, rowSums: a, colSums: b } = table;
  if (R === 1 || C === 1) return 0;
  const N = table.n;
  const logN = Math.log(N);
  const glnN = gammalnInt(N + 1);
  const logA = a.map(Math.log);
  const logB = b.map(Math.log);
  const glnA = a.map((v) => gammalnInt(v + 1));
  const glnB = b.map((v) => gammalnInt(v + 1));
  const glnNa = a.map((v) => gammalnInt(N - v + 1));
  const glnNb = b.map((v) => gammalnInt(N - v + 1));

  let emi = 0;
  for (let i = 0; i < R; i++) {
    const ai = a[i];
    for (let j = 0; j < C; j++) {
      const bj = b[j];
      // log P(nij): the same expression, in the same order, as scikit-learn's `gln`
      const gln = (nij: number) =>
        glnA[i] + glnB[j] + glnNa[i] + glnNb[j] - glnN - gammalnInt(nij + 1) - gammalnInt(ai - nij + 1) -
        gammalnInt(bj - nij + 1) - gammalnInt(N - ai - bj + nij + 1);
      let lo = Math.max(ai - N + bj, 1);
      let hi = Math.min(ai, bj); // inclusive
      if (skipUnderflow && hi - lo + 1 > SHORT_RANGE) [lo, hi] = nonzeroRange(gln, lo, hi, ai, bj, N);
      for (let nij = lo; nij <= hi; nij++) {
        const term1 = nij / N;
        const term2 = logN + Math.log(nij) - logA[i] - logB[j];
        const term3 = Math.exp(gln(nij));
        emi += term1 * term2 * term3;
      }
    }
  }
  return emi;
}

// The interval of nij in [lo, hi] where exp(gln(nij)) > 0, by bisection on each side of the mode.
function nonzeroRange(gln: (nij: number) => number, lo: number, hi: number, a: number, b: number, N: number): [number, number] {
  const mode = Math.min(hi, Math.max(lo, Math.floor(((a + 1) * (b + 1)) / (N + 2))));
  const positive = (nij: number) => Math.exp(gln(nij)) > 0;
  if (!positive(mode)) return [lo, hi]; // cannot happen for a probability mass function; stay exact
  // first positive in [lo, mode]
  let left = lo;
  let right = mode;
  while (left < right) {
    const mid = Math.floor((left + right) / 2);
    if (positive(mid)) right = mid;
    else left = mid + 1;
  }
  const first = left;
  // last positive in [mode, hi]
  left = mode;
  right = hi;
  while (left < right) {
    const mid = Math.ceil((left + right) / 2);
    if (positive(mid)) left = mid;
    else right = mid - 1;
  }
  return [first, left];
}
