// Trimmed means as scipy.stats.trim_mean computes them: whole values cut from each end, no fractional weights.
import { describe, expect, it } from 'vitest';
import { trimMean } from '@clusterlens/stats';
import { relativeError, scipy } from './support/scipy-fixture.js';

describe('trimMean', () => {
  it('matches scipy.stats.trim_mean for n = 1..40 and proportions 0, 0.1, 0.25, 0.4', () => {
    for (const c of scipy.trimMeans) {
      const tolerance = Math.abs(c.trimMean) < 1e-3 ? 1e-12 / Math.abs(c.trimMean) : 1e-13;
      expect(relativeError(trimMean(c.values, c.proportion), c.trimMean), `n ${c.values.length}, p ${c.proportion}`)
        .toBeLessThanOrEqual(tolerance);
    }
  });

  it('cuts floor(proportion · n) values from each end', () => {
    // n = 8, 0.25: cut 2 from each end of 1..8 -> mean(3, 4, 5, 6) = 4.5.
    expect(trimMean([8, 1, 7, 2, 6, 3, 5, 4], 0.25)).toBe(4.5);
    // n = 6, 0.25: floor(1.5) = 1 -> mean(2, 3, 4, 100) = 27.25. A fractionally weighted middle 50% (3 values'
    // worth, 2 and 100 at weight 1/2) would give (1 + 3 + 4 + 50) / 3 = 19.33: SciPy and rliable do not weight.
    expect(trimMean([1, 2, 3, 4, 100, 1000], 0.25)).toBe(27.25);
    // n = 3, 0.25: floor(0.75) = 0 -> the plain mean.
    expect(trimMean([1, 2, 6], 0.25)).toBe(3);
  });

  it('rejects proportions outside [0, 0.5)', () => {
    expect(() => trimMean([1, 2, 3], 0.5)).toThrow(/proportion: expected a number in \[0, 0.5\)/);
    expect(() => trimMean([1, 2, 3], -0.1)).toThrow(/proportion/);
  });
});
