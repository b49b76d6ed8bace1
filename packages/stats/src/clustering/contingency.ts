// The contingency table of two labelings, kept sparse: the metrics only visit non-zero cells.
import { denseLabels, type Labels } from './labels.js';

/**
 * Largest labeling the metrics accept: n^2 < 2^53, so every pair count (at most n^2) and every
 * partial sum of them is an exact double. Products of pair counts, which are larger, use BigInt.
 */
export const MAX_POINTS = 94_906_265;

export interface Contingency {
  /** Points. */
  n: number;
  /** Distinct labels of the first labeling (rows) and of the second (columns). */
  rows: number;
  cols: number;
  /** (rows) points per row label, (cols) points per column label, in increasing label order. */
  rowSums: Float64Array;
  colSums: Float64Array;
  /**
   * Non-zero cells as (row, column, count), ordered by column then row: the order in which
   * scikit-learn's mutual_info_score visits them (scipy.sparse.find on its sparse table).
   */
  cellRow: Int32Array;
  cellCol: Int32Array;
  cellCount: Float64Array;
}

/** Contingency table of labelsTrue (rows) against labelsPred (columns). */
export function contingency(labelsTrue: Labels, labelsPred: Labels): Contingency {
  const a = denseLabels(labelsTrue, 'labelsTrue');
  const b = denseLabels(labelsPred, 'labelsPred');
  const n = a.ids.length;
  if (b.ids.length !== n) {
    throw new RangeError(`labelsPred: expected ${n} labels (the length of labelsTrue), got ${b.ids.length}`);
  }
  if (n > MAX_POINTS) throw new RangeError(`labelsTrue: at most ${MAX_POINTS} points are supported, got ${n}`);
  const rows = a.count;
  const cols = b.count;
  const rowSums = new Float64Array(rows);
  const colSums = new Float64Array(cols);
  for (let i = 0; i < n; i++) {
    rowSums[a.ids[i]]++;
    colSums[b.ids[i]]++;
  }

  let cellRow: Int32Array;
  let cellCol: Int32Array;
  let cellCount: Float64Array;
  if (rows * cols <= Math.max(1 << 20, 2 * n)) {
    // Dense counts, column-major so that a scan is already in the cell order.
    const table = new Int32Array(rows * cols);
    for (let i = 0; i < n; i++) table[b.ids[i] * rows + a.ids[i]]++;
    let nonzero = 0;
    for (let c = 0; c < table.length; c++) if (table[c] !== 0) nonzero++;
    cellRow = new Int32Array(nonzero);
    cellCol = new Int32Array(nonzero);
    cellCount = new Float64Array(nonzero);
    let k = 0;
    for (let c = 0; c < table.length; c++) {
      if (table[c] === 0) continue;
      cellCol[k] = Math.floor(c / rows);
      cellRow[k] = c % rows;
      cellCount[k++] = table[c];
    }
  } else {
    // Many labels on both sides: hash the occupied cells. Keys col * rows + row < n^2 < 2^53.
    const cells = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = b.ids[i] * rows + a.ids[i];
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    const keys = Float64Array.from(cells.keys()).sort();
    cellRow = new Int32Array(keys.length);
    cellCol = new Int32Array(keys.length);
    cellCount = new Float64Array(keys.length);
    keys.forEach((key, k) => {
      cellCol[k] = Math.floor(key / rows);
      cellRow[k] = key % rows;
      cellCount[k] = cells.get(key)!;
    });
  }
  return { n, rows, cols, rowSums, colSums, cellRow, cellCol, cellCount };
}
