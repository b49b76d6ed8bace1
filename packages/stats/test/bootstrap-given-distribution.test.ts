// With the bootstrap distribution given explicitly, the interval is deterministic: every method's endpoints,
// z0, a and the standard error equal what SciPy 1.11's own code (_bca_interval, np.percentile) computes.
import { describe, expect, it } from 'vitest';
import { intervalFromDistribution } from '@clusterlens/stats';
import { relativeError, scipy } from './support/scipy-fixture.js';
import { STATISTICS } from './support/statistics.js';

describe('intervalFromDistribution against SciPy on the same distribution', () => {
  scipy.bootstrapGivenDistribution.forEach((c, i) => {
    it(`case ${i}: ${c.statistic} of ${c.sample.length} values, ${c.distribution.length} bootstrap values, level ${c.confidenceLevel}`, () => {
      const sample = Float64Array.from(c.sample);
      const options = { statistic: STATISTICS[c.statistic], confidenceLevel: c.confidenceLevel };
      const bca = intervalFromDistribution(sample, c.distribution, { ...options, method: 'bca' });
      expect(relativeError(bca.estimate, c.estimate)).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(bca.biasCorrection! - c.biasCorrection)).toBeLessThanOrEqual(1e-14);
      expect(relativeError(bca.acceleration!, c.acceleration)).toBeLessThanOrEqual(1e-11);
      expect(relativeError(bca.levels[0], c.bcaLevels[0])).toBeLessThanOrEqual(1e-12);
      expect(relativeError(bca.levels[1], c.bcaLevels[1])).toBeLessThanOrEqual(1e-12);
      expect(relativeError(bca.low, c.bca[0])).toBeLessThanOrEqual(1e-12);
      expect(relativeError(bca.high, c.bca[1])).toBeLessThanOrEqual(1e-12);
      expect(relativeError(bca.standardError, c.standardError)).toBeLessThanOrEqual(1e-12);

      const percentile = intervalFromDistribution(sample, c.distribution, { ...options, method: 'percentile' });
      expect([percentile.low, percentile.high]).toEqual(c.percentile);

      const basic = intervalFromDistribution(sample, c.distribution, { ...options, method: 'basic' });
      expect(relativeError(basic.low, c.basic[0])).toBeLessThanOrEqual(1e-14);
      expect(relativeError(basic.high, c.basic[1])).toBeLessThanOrEqual(1e-14);
    });
  });
});
