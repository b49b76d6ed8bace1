// Leave-one-out (jackknife) values of a statistic, which estimate the BCa acceleration.
import type { Statistic } from './statistic.js';

/** statistic(sample without element i) for each i, in order. */
export function jackknifeValues(sample: Float64Array, statistic: Statistic): Float64Array {
  const n = sample.length;
  const values = new Float64Array(n);
  const scratch = new Float64Array(n - 1);
  for (let left = 0; left < n; left++) {
    for (let i = 0, j = 0; i < n; i++) if (i !== left) scratch[j++] = sample[i];
    values[left] = statistic(scratch);
  }
  return values;
}
