// Holm's step-down correction for multiple comparisons (Holm 1979), as statsmodels' multipletests(method='holm').

/**
 * Holm-adjusted p-values, in the order given: sort the m p-values ascending, multiply the i-th smallest (i from 1)
 * by m - i + 1, carry the running maximum forward so the adjusted values keep the raw order, and cap at 1.
 * A comparison is significant at family-wise error rate α when its adjusted p-value is <= α, which is Holm's
 * procedure: reject while p_(i) <= α / (m - i + 1). Ties keep their input order (the result does not depend on it).
 * Each p-value must lie in [0, 1]; NaN is an error (a comparison without a p-value is not part of the family).
 */
export function holm(pValues: ArrayLike<number>): Float64Array {
  if (pValues === null || typeof pValues !== 'object' || typeof pValues.length !== 'number') throw new TypeError('pValues: expected an array of numbers');
  const p = Float64Array.from({ length: pValues.length }, (_, i) => {
    const value = pValues[i];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new RangeError(`pValues[${i}]: expected a probability in [0, 1], got ${String(value)}`);
    }
    return value;
  });
  const m = p.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  const adjusted = new Float64Array(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[index]));
    adjusted[index] = running;
  });
  return adjusted;
}
