// Labelings as dense ids: any integer label values, renumbered 0..count-1 in increasing value order
// (numpy.unique's order, which fixes the row/column order of contingency tables as in scikit-learn).

/** A labeling: one integer id per point; ids need not be contiguous or non-negative. */
export type Labels = Int32Array | readonly number[];

export interface DenseLabels {
  /** (n) dense id of each point, in [0, count). */
  ids: Int32Array;
  /** Number of distinct labels. */
  count: number;
  /** (count) the original label value of each dense id, increasing. */
  values: Float64Array;
}

/** Checks that labels is an integer labeling; `name` prefixes error messages. */
export function checkLabels(labels: Labels, name: string): void {
  if (!(labels instanceof Int32Array) && !Array.isArray(labels)) {
    throw new TypeError(`${name}: expected an Int32Array or an array of integers`);
  }
  if (labels instanceof Int32Array) return;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new TypeError(`${name}[${i}]: expected an integer label, got ${String(v)}`);
    }
  }
}

/** Renumbers labels to dense ids in increasing label order. */
export function denseLabels(labels: Labels, name = 'labels'): DenseLabels {
  checkLabels(labels, name);
  const n = labels.length;
  const ids = new Int32Array(n);
  if (n === 0) return { ids, count: 0, values: new Float64Array(0) };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min + 1;
  if (range <= Math.max(1 << 20, 2 * n)) {
    // Direct table over [min, max]: O(n + range).
    const slot = new Int32Array(range).fill(-1);
    for (let i = 0; i < n; i++) slot[labels[i] - min] = 0;
    let count = 0;
    for (let v = 0; v < range; v++) if (slot[v] === 0) slot[v] = count++;
    const values = new Float64Array(count);
    for (let v = 0; v < range; v++) if (slot[v] >= 0) values[slot[v]] = v + min;
    for (let i = 0; i < n; i++) ids[i] = slot[labels[i] - min];
    return { ids, count, values };
  }
  // Sparse label values: sort the distinct values.
  const sorted = Float64Array.from(labels as ArrayLike<number>).sort();
  let count = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[count++] = sorted[i];
  const values = sorted.slice(0, count);
  const index = new Map<number, number>();
  values.forEach((v, i) => index.set(v, i));
  for (let i = 0; i < n; i++) ids[i] = index.get(labels[i])!;
  return { ids, count, values };
}
