// Pair counts of two labelings, as scikit-learn's pair_confusion_matrix: over ORDERED pairs of
// distinct points (each unordered pair counted twice), with labelsTrue as the reference.
import type { Contingency } from './contingency.js';

export interface PairConfusion {
  /** Pairs together in both labelings. */
  tp: bigint;
  /** Pairs together in labelsPred only. */
  fp: bigint;
  /** Pairs together in labelsTrue only. */
  fn: bigint;
  /** Pairs apart in both. */
  tn: bigint;
}

export function pairConfusion(table: Contingency): PairConfusion {
  const { n, cellRow, cellCol, cellCount, rowSums, colSums } = table;
  // Every partial sum below is an integer <= n^2 < 2^53 (contingency() enforces MAX_POINTS): exact.
  let sumSquares = 0;
  let withCol = 0; // sum over cells of n_ij * (points in column j)
  let withRow = 0; // sum over cells of n_ij * (points in row i)
  for (let c = 0; c < cellCount.length; c++) {
    const v = cellCount[c];
    sumSquares += v * v;
    withCol += v * colSums[cellCol[c]];
    withRow += v * rowSums[cellRow[c]];
  }
  const tp = BigInt(sumSquares - n);
  const fp = BigInt(withCol - sumSquares);
  const fn = BigInt(withRow - sumSquares);
  const tn = BigInt(n) * BigInt(n) - fp - fn - BigInt(sumSquares);
  return { tp, fp, fn, tn };
}
