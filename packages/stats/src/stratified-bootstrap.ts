// rliable's stratified bootstrap: runs are resampled with replacement within each stratum (task), never across
// strata, and several samples (algorithms) are resampled independently of each other.
import { checkSeed, Random } from '@clusterlens/schema';

import { percentileOfSorted } from './percentile.js';
import { probabilityOfImprovementOf } from './probability-of-improvement.js';
import { checkLevel, checkPositiveInteger, type NanPolicyOption } from './sample-checks.js';
import { varianceOf } from './sample-moments.js';
import { checkStrata, type Strata } from './strata.js';
import { interquartileMeanOf } from './trim-mean.js';

export const STRATIFIED_BOOTSTRAP_DEFAULTS = {
  /** rliable's get_interval_estimates default. */
  nResamples: 50000,
  confidenceLevel: 0.95,
};

export interface StratifiedBootstrapOptions extends NanPolicyOption {
  /** Seeds the resampling. Required. */
  seed: number;
  nResamples?: number;
  confidenceLevel?: number;
}

/** A percentile interval (rliable's default method, the one its paper reports). */
export interface StratifiedInterval {
  estimate: number;
  low: number;
  high: number;
  confidenceLevel: number;
  nResamples: number;
  /** Standard deviation (ddof = 1) of the bootstrap distribution. */
  standardError: number;
}

/** A statistic of one or more samples, each given as its strata (scratch arrays it may reorder). */
export type StratifiedStatistic = (samples: Float64Array[][]) => number;

/**
 * Percentile interval of `statistic` over `samples` (each a list of strata of run scores). Every resample
 * redraws, for each sample in order, each stratum's runs with replacement from that stratum (the draws in
 * that order from a generator seeded with `seed`).
 */
export function stratifiedBootstrapInterval(
  samples: readonly Strata[],
  statistic: StratifiedStatistic,
  options: StratifiedBootstrapOptions,
): StratifiedInterval {
  const {
    seed,
    nResamples = STRATIFIED_BOOTSTRAP_DEFAULTS.nResamples,
    confidenceLevel = STRATIFIED_BOOTSTRAP_DEFAULTS.confidenceLevel,
  } = options;
  checkSeed(seed);
  checkPositiveInteger(nResamples, 'nResamples');
  if (nResamples < 2) throw new RangeError(`nResamples: needs at least 2, got ${nResamples}`);
  checkLevel(confidenceLevel, 'confidenceLevel');
  if (!Array.isArray(samples) || samples.length === 0) throw new RangeError('samples: needs at least one sample');
  const data = samples.map((strata, s) => checkStrata(strata, `samples[${s}]`, options.nanPolicy));
  const estimate = statistic(data.map((strata) => strata.map((stratum) => Float64Array.from(stratum))));

  const random = new Random(seed);
  const scratch = data.map((strata) => strata.map((stratum) => new Float64Array(stratum.length)));
  const distribution = new Float64Array(nResamples);
  for (let r = 0; r < nResamples; r++) {
    for (let s = 0; s < data.length; s++) {
      for (let m = 0; m < data[s].length; m++) {
        const source = data[s][m];
        const target = scratch[s][m];
        for (let i = 0; i < source.length; i++) target[i] = source[random.int(source.length)];
      }
    }
    const value = statistic(scratch);
    if (!Number.isFinite(value)) throw new RangeError(`statistic returned ${value} on bootstrap resample ${r}`);
    distribution[r] = value;
  }
  distribution.sort();
  const alpha = (1 - confidenceLevel) / 2;
  return {
    estimate,
    low: percentileOfSorted(distribution, alpha * 100),
    high: percentileOfSorted(distribution, (1 - alpha) * 100),
    confidenceLevel,
    nResamples,
    standardError: Math.sqrt(varianceOf(distribution)),
  };
}

/** IQM over all runs of all strata with its stratified bootstrap interval (rliable's IQM with 95% CIs). */
export function interquartileMeanInterval(strata: Strata, options: StratifiedBootstrapOptions): StratifiedInterval {
  return stratifiedBootstrapInterval([strata], ([resampled]) => interquartileMeanOf(resampled), options);
}

/**
 * P(X > Y) averaged over strata, with its stratified bootstrap interval; X's and Y's runs are resampled
 * independently (rliable's StratifiedIndependentBootstrap), so X and Y need not have the same runs.
 */
export function probabilityOfImprovementInterval(
  x: Strata,
  y: Strata,
  options: StratifiedBootstrapOptions,
): StratifiedInterval {
  if (Array.isArray(x) && Array.isArray(y) && x.length !== y.length) {
    throw new RangeError(`x has ${x.length} strata and y has ${y.length}: both need the same strata, in the same order`);
  }
  return stratifiedBootstrapInterval([x, y], ([xs, ys]) => probabilityOfImprovementOf(xs, ys), options);
}
