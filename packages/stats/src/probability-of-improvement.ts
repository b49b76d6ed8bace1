// rliable's average probability of improvement P(X > Y) (Agarwal et al., 2021, section 4.3).
import { mannWhitneyUInPlace } from './mann-whitney-u.js';
import type { NanPolicyOption } from './sample-checks.js';
import { checkStrata, type Strata } from './strata.js';

/** P(X_m > Y_m) of each stratum m of checked strata (no input checks; the arrays are reordered). */
function improvementByStratumOf(x: readonly Float64Array[], y: readonly Float64Array[]): number[] {
  return x.map((xm, m) => mannWhitneyUInPlace(xm, y[m]) / (xm.length * y[m].length));
}

/** The average over strata of improvementByStratumOf (no input checks). */
export function probabilityOfImprovementOf(x: readonly Float64Array[], y: readonly Float64Array[]): number {
  const byStratum = improvementByStratumOf(x, y);
  let sum = 0;
  for (const p of byStratum) sum += p;
  return sum / byStratum.length;
}

function checkPair(x: Strata, y: Strata, options: NanPolicyOption): [Float64Array[], Float64Array[]] {
  const xs = checkStrata(x, 'x', options.nanPolicy);
  const ys = checkStrata(y, 'y', options.nanPolicy);
  if (xs.length !== ys.length) {
    throw new RangeError(`x has ${xs.length} strata and y has ${ys.length}: both need the same strata, in the same order`);
  }
  return [xs, ys];
}

/**
 * P(X_m > Y_m) for each stratum m: the probability that a run of X scores higher than a run of Y, ties
 * counting 1/2, i.e. U / (n_x n_y) with U the Mann-Whitney statistic of X's runs against Y's. Strata may
 * have different numbers of runs, and X and Y different numbers of runs in a stratum. rliable returns 1/2
 * when both arrays are identical, which this formula gives as well.
 */
export function improvementByStratum(x: Strata, y: Strata, options: NanPolicyOption = {}): number[] {
  return improvementByStratumOf(...checkPair(x, y, options));
}

/** rliable's probability_of_improvement: the per-stratum P(X_m > Y_m) averaged over strata. */
export function probabilityOfImprovement(x: Strata, y: Strata, options: NanPolicyOption = {}): number {
  return probabilityOfImprovementOf(...checkPair(x, y, options));
}
