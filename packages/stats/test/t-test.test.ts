// One-sample t-tests (one- and two-sided) against closed forms and scipy.stats.ttest_1samp, and the equivalence test
// (two one-sided tests) against its definition.
import { describe, expect, it } from 'vitest';
import { equivalenceTTest, meanTInterval, oneSampleTTest } from '@clusterlens/stats';

describe('oneSampleTTest', () => {
  it('matches closed forms at one and two degrees of freedom', () => {
    // [0, 2]: mean 1, sem 1, t = 1, df 1 (Cauchy): P(T >= 1) = 1/2 - atan(1)/π = 1/4.
    expect(oneSampleTTest([0, 2], { alternative: 'greater' }).pValue).toBeCloseTo(0.25, 14);
    // [1, 2, 3]: mean 2, sem 1/√3, t = 2√3, df 2: P(T >= t) = 1/2 - t / (2√(2 + t²)) = 1/2 - √(3/14).
    const r = oneSampleTTest([1, 2, 3], { alternative: 'greater' });
    expect(r.t).toBeCloseTo(2 * Math.sqrt(3), 13);
    expect(r.pValue).toBeCloseTo(0.5 - Math.sqrt(3 / 14), 14);
    expect(r.degreesOfFreedom).toBe(2);
  });

  it('matches scipy.stats.ttest_1samp(values, popmean, alternative=...)', () => {
    const values = [0.31, 0.25, 0.42, 0.18, 0.29];
    // scipy 1.17: statistic 2.2860022860034284; p 0.04211364067443914 (greater), 0.08422728134887827 (two-sided),
    // 0.9578863593255609 (less).
    const cases = [
      ['greater', 0.04211364067443914],
      ['two-sided', 0.08422728134887827],
      ['less', 0.9578863593255609],
    ] as const;
    for (const [alternative, p] of cases) {
      const r = oneSampleTTest(values, { nullValue: 0.2, alternative });
      expect(r.t).toBeCloseTo(2.2860022860034284, 12);
      expect(Math.abs(r.pValue - p) / p, alternative).toBeLessThan(1e-10);
    }
    // ttest_1samp([-0.02, 0.01, 0.03, -0.01, 0.0, 0.02], 0.05, alternative='less'): -5.891883036371795, 0.001001170720566632.
    const less = oneSampleTTest([-0.02, 0.01, 0.03, -0.01, 0.0, 0.02], { nullValue: 0.05, alternative: 'less' });
    expect(less.t).toBeCloseTo(-5.891883036371795, 12);
    expect(Math.abs(less.pValue - 0.001001170720566632) / 0.001001170720566632).toBeLessThan(1e-10);
  });

  it('agrees with the t-interval: one-sided p <= α/2 exactly when the (1 - α) interval excludes μ0 on that side', () => {
    const values = [0.31, 0.25, 0.42, 0.18, 0.29];
    for (const nullValue of [0.1, 0.15, 0.2, 0.22, 0.3]) {
      const interval = meanTInterval(values, { confidenceLevel: 0.9 });
      const p = oneSampleTTest(values, { nullValue, alternative: 'greater' }).pValue;
      expect(p <= 0.05, `μ0 ${nullValue}`).toBe(interval.low > nullValue);
    }
  });

  it('decides without spread: +∞ / -∞ / 0 for a mean above, below or at μ0', () => {
    expect(oneSampleTTest([0.5, 0.5], { alternative: 'greater', nullValue: 0.2 }).pValue).toBe(0);
    expect(oneSampleTTest([0.1, 0.1], { alternative: 'greater', nullValue: 0.2 }).pValue).toBe(1);
    expect(oneSampleTTest([0.2, 0.2], { alternative: 'greater', nullValue: 0.2 }).pValue).toBe(0.5);
    expect(oneSampleTTest([0.2, 0.2], { nullValue: 0.2 }).pValue).toBe(1);
  });

  it('needs two values and a known alternative', () => {
    expect(() => oneSampleTTest([1])).toThrow(/values: needs at least 2 values, got 1/);
    expect(() => oneSampleTTest([1, 2], { alternative: 'bigger' as never })).toThrow(/alternative: expected 'greater', 'less' or 'two-sided'/);
    expect(oneSampleTTest([1, NaN, 2, 4], { nanPolicy: 'omit' }).n).toBe(3);
  });
});

describe('equivalenceTTest', () => {
  it('is the larger p of the two one-sided tests, and shows equivalence when the (1 - 2α) interval lies inside the margin', () => {
    const values = [0.01, -0.02, 0.015, 0.0, 0.005];
    const r = equivalenceTTest(values, { low: -0.05, high: 0.05 });
    expect(r.pValue).toBe(Math.max(r.lower.pValue, r.upper.pValue));
    expect(r.lower.alternative).toBe('greater');
    expect(r.upper.alternative).toBe('less');
    const interval = meanTInterval(values, { confidenceLevel: 0.9 });
    expect(r.pValue <= 0.05).toBe(interval.low > -0.05 && interval.high < 0.05);
    expect(r.pValue).toBeLessThan(0.05);
  });

  it('does not show equivalence for a large change (a late collapse), however consistent', () => {
    expect(equivalenceTTest([-0.4, -0.42, -0.38, -0.41, -0.39], { low: -0.05, high: 0.05 }).pValue).toBeGreaterThan(0.99);
  });

  it('needs low < high', () => {
    expect(() => equivalenceTTest([1, 2], { low: 0.1, high: 0.1 })).toThrow(/equivalence margin: expected finite low < high/);
  });
});
