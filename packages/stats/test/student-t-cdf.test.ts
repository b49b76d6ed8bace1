// Student's t CDF against 40-digit values and SciPy's t.cdf (cephes stdtr).
import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTPdf } from '@clusterlens/stats';
import { relativeError, scipy } from './support/scipy-fixture.js';

describe('studentTCdf', () => {
  it('matches the 40-digit values to 1e-13 relative, far tails included', () => {
    for (const { df, t, exact } of scipy.tCdfs) {
      expect(relativeError(studentTCdf(t, df), exact), `df ${df}, t ${t}`).toBeLessThanOrEqual(1e-13);
    }
  });

  it("matches SciPy's t.cdf to 1e-12 relative", () => {
    for (const { df, t, cdf } of scipy.tCdfs) {
      expect(relativeError(studentTCdf(t, df), cdf), `df ${df}, t ${t}`).toBeLessThanOrEqual(1e-12);
    }
  });

  it('has the Cauchy density at one degree of freedom', () => {
    for (const t of [-3, 0, 0.5, 10]) expect(relativeError(studentTPdf(t, 1), 1 / (Math.PI * (1 + t * t)))).toBeLessThan(1e-14);
  });
});
