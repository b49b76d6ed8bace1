// The value axis of the figures with intervals: it spans the means, not the intervals. With few seeds a t-interval
// can run far outside a metric's range (ARI <= 1) and squash every curve into a thin strip; the marks that draw
// intervals are clipped to the plotted range instead.
import { specNumber } from './spec-numbers.js';

/**
 * [min(0, lowest mean), highest mean + 5% of the range]: 0 included so that small values read as small, and a
 * little headroom so the highest curve does not run along the frame.
 */
export function meanDomain(means: readonly number[]): [number, number] {
  const finite = means.filter((m) => Number.isFinite(m));
  const low = Math.min(0, ...finite);
  const highest = Math.max(...finite, low + 1e-9);
  return [specNumber(low)!, specNumber(highest + 0.05 * (highest - low))!];
}
