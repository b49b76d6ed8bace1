// Student's t quantiles against 40-digit values, SciPy, and the closed forms for 1, 2 and 4 degrees of freedom.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '@clusterlens/stats';
import { relativeError, scipy } from './support/scipy-fixture.js';

describe('studentTQuantile', () => {
  it('matches the 40-digit mpmath quantiles to 1e-14 (1e-12 at 1e5 degrees of freedom)', () => {
    expect(scipy.tQuantiles.length).toBeGreaterThan(200);
    for (const { df, p, exact } of scipy.tQuantiles) {
      const q = studentTQuantile(p, df);
      // Near 1e5 degrees of freedom the continued fraction needs ~1000 terms; rounding accumulates to ~4e-13.
      const tolerance = df > 1000 ? 1e-12 : 1e-14;
      if (exact === 0) expect(q).toBe(0);
      else expect(relativeError(q, exact), `df ${df}, p ${p}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it("agrees with SciPy's t.ppf within that function's own accuracy", () => {
    // scipy 1.11's t.ppf is special.stdtrit: cdflib's root finder, which stops at a relative tolerance of
    // about 1e-8 (measured here: up to 4.6e-9 off the 40-digit values for p in [0.001, 0.999]). Its far-tail
    // values are off by more, so only the range confidence intervals use is compared.
    for (const { df, p, q: scipyQ, exact } of scipy.tQuantiles) {
      if (p < 1e-3 || p > 0.999 || exact === 0) continue;
      expect(relativeError(studentTQuantile(p, df), scipyQ), `df ${df}, p ${p}`).toBeLessThanOrEqual(1e-8);
    }
  });

  it('equals the closed forms for 1, 2 and 4 degrees of freedom', () => {
    for (const p of [1e-9, 0.005, 0.025, 0.1, 0.3, 0.45]) {
      // ν = 1 (Cauchy): tan(π(p - 1/2)) = -cot(πp).
      expect(relativeError(studentTQuantile(p, 1), -1 / Math.tan(Math.PI * p))).toBeLessThanOrEqual(1e-15);
      // ν = 2: (2p - 1) / sqrt(2p(1 - p)).
      expect(relativeError(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)))).toBeLessThanOrEqual(1e-15);
      // ν = 4: -sqrt(4 cos(acos(√α) / 3) / √α - 4), α = 4p(1 - p) (Shaw, 2006).
      const alpha = 4 * p * (1 - p);
      const q4 = -Math.sqrt((4 / Math.sqrt(alpha)) * Math.cos(Math.acos(Math.sqrt(alpha)) / 3) - 4);
      expect(relativeError(studentTQuantile(p, 4), q4)).toBeLessThanOrEqual(1e-13);
    }
    // The textbook table value t(0.975, 1) = 12.706.
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062047361747, 12);
  });

  it('is antisymmetric about p = 1/2 and inverts the CDF', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        (p, df) => {
          const q = studentTQuantile(p, df);
          // 1 - p rounds, and far out the quantile magnifies that: compare relatively.
          expect(Math.abs(studentTQuantile(1 - p, df) + q)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(q)));
          expect(relativeError(studentTCdf(q, df), p)).toBeLessThanOrEqual(1e-12);
        },
      ),
    );
  });

  it('gives the infinite endpoints at 0 and 1 and NaN outside [0, 1]', () => {
    expect(studentTQuantile(0, 5)).toBe(-Infinity);
    expect(studentTQuantile(1, 5)).toBe(Infinity);
    expect(studentTQuantile(0.5, 5)).toBe(0);
    expect(studentTQuantile(1.5, 5)).toBeNaN();
    expect(studentTQuantile(Number.NaN, 5)).toBeNaN();
    expect(() => studentTQuantile(0.3, 0)).toThrow(/degrees of freedom: expected a number > 0/);
  });
});
