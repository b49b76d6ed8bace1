// BCa and percentile intervals for bootstrap distributions written out by hand, with z0 and a worked out
// from their definitions (Efron & Tibshirani 1993, 14.14 and 14.15).
import { describe, expect, it } from 'vitest';
import { bcaLevels, bootstrapInterval, intervalFromDistribution, normalCdf } from '@clusterlens/stats';

const Z975 = 1.959963984540054; // Φ⁻¹(0.975)
const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('bootstrap intervals worked by hand', () => {
  it('BCa equals the percentile interval when z0 = 0 and a = 0', () => {
    // Estimate 50.5 sits exactly in the middle of 1..100: 50 values below, none equal, so z0 = Φ⁻¹(1/2) = 0.
    // Jackknife means of [49.5, 50.5, 51.5] are 51, 50.5, 50: symmetric, Σ U³ = 0, so a = 0.
    // Both endpoints are then the 2.5th and 97.5th percentiles: 1 + 0.025 · 99 and 1 + 0.975 · 99.
    const sample = Float64Array.from([49.5, 50.5, 51.5]);
    const bca = intervalFromDistribution(sample, oneToHundred, { method: 'bca' });
    expect(bca.biasCorrection).toBe(0);
    expect(bca.acceleration).toBe(0);
    expect(bca.low).toBeCloseTo(3.475, 12);
    expect(bca.high).toBeCloseTo(97.525, 12);
    const percentile = intervalFromDistribution(sample, oneToHundred, { method: 'percentile' });
    expect(percentile.low).toBeCloseTo(3.475, 12);
    expect(percentile.high).toBeCloseTo(97.525, 12);
  });

  it('basic reflects the percentile endpoints about the estimate', () => {
    // 2 · 50.5 - 97.525 = 3.475 and 2 · 50.5 - 3.475 = 97.525; at 90%: 1 + 0.05 · 99 = 5.95, 1 + 0.95 · 99 = 95.05.
    const sample = Float64Array.from([49.5, 50.5, 51.5]);
    const basic = intervalFromDistribution(sample, oneToHundred, { method: 'basic', confidenceLevel: 0.9 });
    expect(basic.low).toBeCloseTo(101 - 95.05, 12);
    expect(basic.high).toBeCloseTo(101 - 5.95, 12);
  });

  it('has acceleration √5/20 for the mean of [0, 0, 0, 0, 1], which shifts the interval up', () => {
    // Jackknife means: 1/4 (leaving out a 0, four times) and 0 (leaving out the 1); their mean is 1/5.
    // Deviations (mean - value): -1/20 four times, 1/5 once. Σ d³ = 4(-1/8000) + 1/125 = 3/400;
    // Σ d² = 4/400 + 1/25 = 1/20; a = (3/400) / (6 (1/20)^{3/2}) = √5/20 ≈ 0.1118.
    // The distribution 0.2 + (k - 50)/100, k = 0..100 is symmetric about the estimate 0.2 (one value equal,
    // 50 below), so z0 = 0 and the levels are Φ(±z / (1 ∓ a z)) ≈ 0.0539 and 0.9940, read off at index 100·level:
    // 0.2 + (100·level - 50)/100 = level - 0.3.
    const sample = Float64Array.from([0, 0, 0, 0, 1]);
    const distribution = Array.from({ length: 101 }, (_, k) => 0.2 + (k - 50) / 100);
    const a = Math.sqrt(5) / 20;
    const bca = intervalFromDistribution(sample, distribution, { method: 'bca' });
    expect(bca.biasCorrection).toBe(0);
    expect(bca.acceleration).toBeCloseTo(a, 15);
    const lowLevel = normalCdf(-Z975 / (1 + a * Z975));
    const highLevel = normalCdf(Z975 / (1 - a * Z975));
    expect(lowLevel).toBeCloseTo(0.05395, 5);
    expect(highLevel).toBeCloseTo(0.99396, 5);
    expect(bca.levels[0]).toBeCloseTo(lowLevel, 14);
    expect(bca.levels[1]).toBeCloseTo(highLevel, 14);
    expect(bca.low).toBeCloseTo(lowLevel - 0.3, 12);
    expect(bca.high).toBeCloseTo(highLevel - 0.3, 12);
    const percentile = intervalFromDistribution(sample, distribution, { method: 'percentile' });
    expect(bca.low).toBeGreaterThan(percentile.low);
    expect(bca.high).toBeGreaterThan(percentile.high);
  });

  it('counts ties with the estimate as half below when estimating z0', () => {
    // [1, 2, 2, 3] around 2: (1 below + 3 at or below) / 8 = 1/2, z0 = 0.
    // [1, 1, 1, 3] around 2: (3 + 3) / 8 = 3/4, z0 = Φ⁻¹(0.75) = 0.6744897501960817.
    expect(bcaLevels(2, [1, 2, 2, 3], [0, 1], 0.95).biasCorrection).toBe(0);
    expect(bcaLevels(2, [1, 1, 1, 3], [0, 1], 0.95).biasCorrection).toBeCloseTo(0.6744897501960817, 15);
  });

  it('gives the single value of a degenerate distribution instead of 0/0', () => {
    // A constant sample: every jackknife value is equal, SciPy's a = 0/0; here a = 0 and the interval is [c, c].
    const sample = Float64Array.from([0.5, 0.5, 0.5]);
    const bca = intervalFromDistribution(sample, [0.5, 0.5, 0.5, 0.5], { method: 'bca' });
    expect(bca.acceleration).toBe(0);
    expect([bca.low, bca.high]).toEqual([0.5, 0.5]);
    // The same through resampling, where the mean of three 0.7s rounds to 0.7000000000000001 everywhere.
    const resampled = bootstrapInterval([0.7, 0.7, 0.7], { seed: 1, nResamples: 100 });
    expect([resampled.low, resampled.high]).toEqual([resampled.estimate, resampled.estimate]);
  });

  it('reports NaN endpoints with a note when the estimate is outside the bootstrap distribution', () => {
    // Every bootstrap value above the estimate: z0 = Φ⁻¹(0) = -∞, and BCa is undefined (SciPy: NaN too).
    const bca = intervalFromDistribution(Float64Array.from([0, 1, 5]), [3, 4, 5], { method: 'bca' });
    expect(bca.low).toBeNaN();
    expect(bca.note).toMatch(/use method 'percentile'/);
  });
});
