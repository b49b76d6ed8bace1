// A seed fixes a bootstrap interval; different seeds give different resamples.
import { describe, expect, it } from 'vitest';
import { bootstrapDistribution, bootstrapInterval, intervalFromDistribution } from '@clusterlens/stats';

const values = [0.61, 0.55, 0.72, 0.58, 0.66, 0.49, 0.7];

describe('bootstrap determinism', () => {
  it('gives the identical interval for the same seed', () => {
    const a = bootstrapInterval(values, { seed: 11, nResamples: 2000 });
    const b = bootstrapInterval(values, { seed: 11, nResamples: 2000 });
    expect(a).toEqual(b);
  });

  it('gives a different interval for a different seed', () => {
    const a = bootstrapInterval(values, { seed: 11, nResamples: 2000 });
    const b = bootstrapInterval(values, { seed: 12, nResamples: 2000 });
    expect([a.low, a.high]).not.toEqual([b.low, b.high]);
  });

  it('is the interval of the seeded bootstrap distribution (BCa and the mean by default, as SciPy)', () => {
    const sample = Float64Array.from(values);
    const meanOf = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const distribution = bootstrapDistribution(sample, meanOf, { seed: 5, nResamples: 999 });
    const direct = bootstrapInterval(values, { seed: 5, nResamples: 999 });
    expect(direct.method).toBe('bca');
    expect(direct).toEqual(intervalFromDistribution(sample, distribution, { method: 'bca' }));
  });

  it('requires an explicit seed and a valid resample count', () => {
    expect(() => bootstrapInterval(values, {} as { seed: number })).toThrow(/seed: expected a non-negative integer/);
    expect(() => bootstrapInterval(values, { seed: 1, nResamples: 0 })).toThrow(/nResamples: expected a positive integer/);
    expect(() => bootstrapInterval(values, { seed: 1, method: 'bc' as 'bca' })).toThrow(/method: expected/);
  });

  it('rejects a statistic that is not finite on some resample', () => {
    expect(() => bootstrapInterval([1, 2, 3], { seed: 1, statistic: () => Number.NaN })).toThrow(/statistic returned NaN/);
  });
});
