// The bootstrap distribution of a statistic: its value on resamples drawn with replacement.
import { Random } from '@clusterlens/schema';

import type { Statistic } from './statistic.js';

/**
 * `nResamples` values of `statistic`, each on n draws with replacement from `sample` (n = sample.length),
 * in the order drawn. Resample r takes the generator's draws r·n .. r·n + n - 1, so a seed fixes the result.
 */
export function bootstrapDistribution(
  sample: Float64Array,
  statistic: Statistic,
  { seed, nResamples }: { seed: number; nResamples: number },
): Float64Array {
  const random = new Random(seed);
  const n = sample.length;
  const scratch = new Float64Array(n);
  const distribution = new Float64Array(nResamples);
  for (let r = 0; r < nResamples; r++) {
    for (let i = 0; i < n; i++) scratch[i] = sample[random.int(n)];
    const value = statistic(scratch);
    if (!Number.isFinite(value)) {
      throw new RangeError(`statistic returned ${value} on bootstrap resample ${r}; it must be finite on every resample`);
    }
    distribution[r] = value;
  }
  return distribution;
}
