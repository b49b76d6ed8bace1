// Full bootstrap intervals (our generator) against scipy.stats.bootstrap (NumPy's generator): the same
// resampling scheme, so they must agree within Monte Carlo error.
//
// Tolerance. The fixture ran SciPy with the same number of resamples B under R = 40 seeds and recorded the
// mean m and the standard deviation s of each endpoint. Our endpoint is one more draw of the same random
// variable, so ours - m has standard deviation s·sqrt(1 + 1/R). Five of those is a false alarm with
// probability below 1e-6 per comparison (the endpoint's sampling distribution is close to normal at B =
// 20000), while using the percentile method in place of BCa would be caught (last test).
import { describe, expect, it } from 'vitest';
import { bootstrapInterval } from '@clusterlens/stats';
import { scipy } from './support/scipy-fixture.js';
import { STATISTICS } from './support/statistics.js';

const tolerance = (sd: number, repeats: number) => 5 * sd * Math.sqrt(1 + 1 / repeats);

describe('bootstrapInterval against scipy.stats.bootstrap', () => {
  for (const c of scipy.bootstrapMonteCarlo) {
    it(`${c.method} ${c.confidenceLevel}: ${c.statistic} of ${c.name}`, () => {
      const r = bootstrapInterval(c.sample, {
        seed: 7,
        statistic: STATISTICS[c.statistic],
        nResamples: c.nResamples,
        method: c.method,
        confidenceLevel: c.confidenceLevel,
      });
      expect(Math.abs(r.low - c.lowMean)).toBeLessThanOrEqual(tolerance(c.lowSd, c.repeats));
      expect(Math.abs(r.high - c.highMean)).toBeLessThanOrEqual(tolerance(c.highSd, c.repeats));
    });
  }

  it('tells BCa from percentile in these cases: the tolerance is tight enough to matter', () => {
    let distinguishable = 0;
    for (const c of scipy.bootstrapMonteCarlo.filter((x) => x.method === 'bca' && x.confidenceLevel === 0.95)) {
      const percentile = scipy.bootstrapMonteCarlo.find(
        (x) => x.method === 'percentile' && x.name === c.name && x.statistic === c.statistic,
      )!;
      if (Math.abs(percentile.lowMean - c.lowMean) > 2 * tolerance(c.lowSd, c.repeats)) distinguishable++;
    }
    expect(distinguishable).toBeGreaterThanOrEqual(3);
  });
});
