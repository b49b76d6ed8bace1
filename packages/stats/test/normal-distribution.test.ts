// Φ and Φ⁻¹ against SciPy's ndtr and ndtri.
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '@clusterlens/stats';
import { relativeError, scipy } from './support/scipy-fixture.js';

describe('normal distribution', () => {
  it('normalCdf matches scipy.special.ndtr to 2e-13 relative, down to 1e-300', () => {
    for (const { z, cdf } of scipy.normalCdfs) expect(relativeError(normalCdf(z), cdf), `z ${z}`).toBeLessThanOrEqual(2e-13);
  });

  it('normalQuantile matches scipy.special.ndtri to 1e-14 relative', () => {
    for (const { p, q } of scipy.normalQuantiles) {
      if (q === 0) expect(normalQuantile(p)).toBe(0);
      else expect(relativeError(normalQuantile(p), q), `p ${p}`).toBeLessThanOrEqual(1e-14);
    }
  });

  it('gives the infinite endpoints at 0 and 1 and NaN outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});
