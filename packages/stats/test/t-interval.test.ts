// The mean's Student-t interval against scipy.stats.t.interval and cases worked by hand.
import { describe, expect, it } from 'vitest';
import { meanTInterval } from '@clusterlens/stats';
import { relativeError, scipy } from './support/scipy-fixture.js';

describe('meanTInterval', () => {
  it('matches scipy.stats.t.interval(level, n - 1, mean, sem)', () => {
    for (const c of scipy.tIntervals) {
      const r = meanTInterval(c.values, { confidenceLevel: c.confidenceLevel });
      expect(relativeError(r.mean, c.mean)).toBeLessThanOrEqual(1e-14);
      expect(relativeError(r.sd, c.sd)).toBeLessThanOrEqual(1e-13);
      // SciPy's t quantile (cdflib) is good to ~5e-9 relative, so the half-width is compared at 1e-8.
      const halfWidth = (c.high - c.low) / 2;
      expect(Math.abs(r.low - c.low) / halfWidth, `n ${c.values.length}`).toBeLessThanOrEqual(1e-8);
      expect(Math.abs(r.high - c.high) / halfWidth, `n ${c.values.length}`).toBeLessThanOrEqual(1e-8);
    }
  });

  it('is 1 ± 12.706 for [0, 2] at 95% (one degree of freedom, sem = 1)', () => {
    // mean 1, sd √2, sem √2/√2 = 1; t(0.975, 1) = tan(0.475π) = 12.7062047361747.
    const r = meanTInterval([0, 2]);
    expect(r.degreesOfFreedom).toBe(1);
    expect(r.standardError).toBeCloseTo(1, 15);
    expect(r.low).toBeCloseTo(1 - 12.7062047361747, 12);
    expect(r.high).toBeCloseTo(1 + 12.7062047361747, 12);
  });

  it('is 2 ± 4.3027 / √3 for [1, 2, 3] at 95% (two degrees of freedom)', () => {
    // sd 1, sem 1/√3; t(0.975, 2) = 0.95 / sqrt(2 · 0.975 · 0.025) = 4.302652729749464.
    const half = 4.302652729749464 / Math.sqrt(3);
    const r = meanTInterval([1, 2, 3]);
    expect(r.low).toBeCloseTo(2 - half, 13);
    expect(r.high).toBeCloseTo(2 + half, 13);
  });

  it('collapses to the mean when every value is the same', () => {
    const r = meanTInterval([0.25, 0.25, 0.25]);
    expect([r.low, r.mean, r.high]).toEqual([0.25, 0.25, 0.25]);
  });

  it('needs two values and a level in (0, 1)', () => {
    expect(() => meanTInterval([1])).toThrow(/values: needs at least 2 values, got 1/);
    expect(() => meanTInterval([1, 2], { confidenceLevel: 95 })).toThrow(/confidenceLevel: expected a number strictly between 0 and 1/);
  });
});
