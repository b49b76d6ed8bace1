// The statistics the SciPy fixtures bootstrap, by name.
import type { Statistic } from '@clusterlens/stats';

function meanOf(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** numpy.std(x, ddof=1). */
function sdOf(x: Float64Array): number {
  const m = meanOf(x);
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

export const STATISTICS: Record<'mean' | 'std', Statistic> = { mean: meanOf, std: sdOf };
