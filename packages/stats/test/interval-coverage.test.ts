// Do 95% intervals of a mean cover the true mean 95% of the time at the seed counts people use? A seeded simulation
// (deterministic): samples of n = 5 values. The Student-t interval holds its level on normal data; on skewed
// (lognormal) data it undercovers somewhat, which is printed, not asserted. The BCa bootstrap undercovers at n = 5
// even on normal data (its resampling cannot see tails that five values do not show): that is why verdicts in
// @clusterlens/report are decided with t-tests, and BCa intervals are only shown beside them.
import { describe, expect, it } from 'vitest';
import { Random } from '@clusterlens/schema';
import { bootstrapInterval, meanTInterval } from '@clusterlens/stats';

const N = 5;
const LEVEL = 0.95;

/** The share of `repeats` samples (drawn by `draw`) whose interval (from `interval`) contains `truth`. */
function coverage(repeats: number, seed: number, draw: (random: Random) => number, truth: number, interval: (sample: number[], i: number) => { low: number; high: number }): number {
  const random = new Random(seed);
  let covered = 0;
  for (let i = 0; i < repeats; i++) {
    const sample = Array.from({ length: N }, () => draw(random));
    const { low, high } = interval(sample, i);
    if (low <= truth && truth <= high) covered++;
  }
  return covered / repeats;
}

const normal = (random: Random) => 0.6 + 0.1 * random.normal();
// Lognormal(0, 1): mean e^(1/2).
const lognormal = (random: Random) => Math.exp(random.normal());
const tInterval = (sample: number[]) => meanTInterval(sample, { confidenceLevel: LEVEL });
const bca = (sample: number[], i: number) => bootstrapInterval(sample, { seed: i, nResamples: 999, confidenceLevel: LEVEL });

describe(`coverage of nominal ${LEVEL * 100}% intervals of the mean at n = ${N}`, () => {
  it('t-interval on normal data: at least 93% in 4000 samples', () => {
    const covered = coverage(4000, 1, normal, 0.6, tInterval);
    console.log(`t-interval coverage, normal data, n = ${N}: ${(covered * 100).toFixed(1)}%`);
    // Binomial sd at 95% over 4000 samples is 0.34 points: 93% is six of them below.
    expect(covered).toBeGreaterThanOrEqual(0.93);
  });

  it('t-interval on lognormal data: measured and printed (skewed data undercover; no level asserted)', () => {
    const covered = coverage(4000, 2, lognormal, Math.exp(0.5), tInterval);
    console.log(`t-interval coverage, lognormal(0, 1) data, n = ${N}: ${(covered * 100).toFixed(1)}%`);
    expect(covered).toBeGreaterThan(0);
    expect(covered).toBeLessThanOrEqual(1);
  });

  it('BCa bootstrap on normal data undercovers: below the t-interval on the same samples', () => {
    const repeats = 1000;
    const t = coverage(repeats, 3, normal, 0.6, tInterval);
    const b = coverage(repeats, 3, normal, 0.6, bca);
    console.log(`same ${repeats} normal samples, n = ${N}: t-interval ${(t * 100).toFixed(1)}%, BCa (999 resamples) ${(b * 100).toFixed(1)}%`);
    expect(b).toBeLessThan(t);
    // Far below: the shortfall is not noise (binomial sd about 1.2 points at 1000 samples).
    expect(b).toBeLessThan(0.9);
  });
});
