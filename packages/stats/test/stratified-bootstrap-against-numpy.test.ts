// Stratified bootstrap intervals of the IQM and of P(X > Y) against a NumPy implementation of rliable's
// StratifiedBootstrap and StratifiedIndependentBootstrap (the same scheme, another generator): they must agree
// within Monte Carlo error. Tolerance as in bootstrap-against-scipy.test.ts: five standard deviations of
// (ours - mean of R reference runs), s·sqrt(1 + 1/R).
import { describe, expect, it } from 'vitest';
import { interquartileMeanInterval, probabilityOfImprovementInterval } from '@clusterlens/stats';
import { scipy } from './support/scipy-fixture.js';

const tolerance = (sd: number, repeats: number) => 5 * sd * Math.sqrt(1 + 1 / repeats);

describe('stratified bootstrap against the NumPy reference', () => {
  for (const c of scipy.stratifiedMonteCarlo) {
    it(c.kind, () => {
      const options = { seed: 3, nResamples: c.nResamples, confidenceLevel: c.confidenceLevel };
      const r =
        c.kind === 'iqm'
          ? interquartileMeanInterval(c.strata!, options)
          : probabilityOfImprovementInterval(c.x!, c.y!, options);
      expect(Math.abs(r.estimate - c.estimate)).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(r.low - c.lowMean)).toBeLessThanOrEqual(tolerance(c.lowSd, c.repeats));
      expect(Math.abs(r.high - c.highMean)).toBeLessThanOrEqual(tolerance(c.highSd, c.repeats));
    });
  }
});
