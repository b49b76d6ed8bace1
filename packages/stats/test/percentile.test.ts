// Percentiles as numpy.percentile (linear interpolation) computes them.
import { describe, expect, it } from 'vitest';
import { percentile } from '@clusterlens/stats';
import { scipy } from './support/scipy-fixture.js';

describe('percentile', () => {
  it('equals numpy.percentile bit for bit', () => {
    for (const c of scipy.percentiles) {
      c.qs.forEach((q, i) => expect(percentile(c.values, q), `n ${c.values.length}, q ${q}`).toBe(c.percentiles[i]));
    }
  });

  it('interpolates between order statistics: the 2.5th of 1..100 is 1 + 0.025 · 99', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 2.5)).toBeCloseTo(3.475, 13);
    expect(percentile(values, 97.5)).toBeCloseTo(97.525, 13);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(100);
  });

  it('rejects empty input, NaN and q outside [0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(/values\[1\] is NaN/);
    expect(() => percentile([1, 2], 101)).toThrow(/q in \[0, 100\]/);
  });
});
