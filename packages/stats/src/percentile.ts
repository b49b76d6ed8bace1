// numpy.percentile(values, q) with its default 'linear' method (Hyndman & Fan type 7), operation for
// operation as NumPy 1.24 computes it, so bootstrap endpoints match SciPy's to the last bit or so.

/** The q-th percentile (q in [0, 100]) of values sorted in increasing order. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile: empty values');
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile: expected q in [0, 100], got ${q}`);
  const quantile = q / 100;
  const virtualIndex = (n - 1) * quantile;
  if (virtualIndex >= n - 1) return sorted[n - 1];
  const previous = Math.floor(virtualIndex);
  const a = sorted[previous];
  const b = sorted[previous + 1];
  const gamma = virtualIndex - previous;
  // numpy's _lerp: from the nearer end, so that gamma near 1 lands exactly on b.
  const difference = b - a;
  return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
}

/** The q-th percentile (q in [0, 100]) of values in any order. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++) {
    if (Number.isNaN(sorted[i])) throw new RangeError(`percentile: values[${i}] is NaN`);
  }
  return percentileOfSorted(sorted.sort(), q);
}
