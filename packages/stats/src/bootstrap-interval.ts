// Bootstrap confidence intervals of a one-sample statistic, as scipy.stats.bootstrap defines them.
import { checkSeed } from '@clusterlens/schema';

import { bcaLevels } from './bca-levels.js';
import { bootstrapDistribution } from './bootstrap-distribution.js';
import { jackknifeValues } from './jackknife.js';
import { percentileOfSorted } from './percentile.js';
import { checkLevel, checkPositiveInteger, checkSample, type NanPolicyOption } from './sample-checks.js';
import { meanOf, varianceOf } from './sample-moments.js';
import type { Statistic } from './statistic.js';

/**
 * - 'percentile': the α/2 and 1 - α/2 percentiles of the bootstrap distribution;
 * - 'basic': 2·estimate minus those (the reverse percentile interval);
 * - 'bca': bias-corrected and accelerated percentiles (jackknife acceleration).
 */
export type BootstrapMethod = 'percentile' | 'basic' | 'bca';

export const BOOTSTRAP_DEFAULTS = {
  /** scipy.stats.bootstrap's default. */
  nResamples: 9999,
  confidenceLevel: 0.95,
  /** scipy.stats.bootstrap's default. */
  method: 'bca' as BootstrapMethod,
};

export interface BootstrapOptions extends NanPolicyOption {
  /** Seeds the resampling; the same seed, data and options give the same interval. Required. */
  seed: number;
  /** The statistic (default: the mean). */
  statistic?: Statistic;
  nResamples?: number;
  confidenceLevel?: number;
  method?: BootstrapMethod;
}

export interface BootstrapInterval {
  /** The statistic on the data. */
  estimate: number;
  low: number;
  high: number;
  method: BootstrapMethod;
  confidenceLevel: number;
  nResamples: number;
  /** Standard deviation (ddof = 1) of the bootstrap distribution, scipy's standard_error. */
  standardError: number;
  /** The percentile levels (in [0, 1]) the endpoints were read at. */
  levels: [number, number];
  /** BCa only: z0. */
  biasCorrection?: number;
  /** BCa only: a. */
  acceleration?: number;
  /** Why an endpoint is NaN, when one is. */
  note?: string;
}

/**
 * The interval from a bootstrap distribution already drawn (the deterministic half of `bootstrapInterval`,
 * exposed so that a distribution given explicitly can be checked against textbook and SciPy values).
 */
export function intervalFromDistribution(
  sample: Float64Array,
  distribution: ArrayLike<number>,
  {
    statistic = meanOf,
    method = BOOTSTRAP_DEFAULTS.method,
    confidenceLevel = BOOTSTRAP_DEFAULTS.confidenceLevel,
  }: { statistic?: Statistic; method?: BootstrapMethod; confidenceLevel?: number } = {},
): BootstrapInterval {
  checkLevel(confidenceLevel, 'confidenceLevel');
  if (method !== 'percentile' && method !== 'basic' && method !== 'bca') {
    throw new RangeError(`method: expected 'percentile', 'basic' or 'bca', got ${String(method)}`);
  }
  if (distribution.length < 2) throw new RangeError('distribution: needs at least 2 bootstrap values');
  const estimate = statistic(Float64Array.from(sample));
  const sorted = Float64Array.from(distribution).sort();
  const standardError = Math.sqrt(varianceOf(sorted));
  const alpha = (1 - confidenceLevel) / 2;
  const common = { estimate, method, confidenceLevel, nResamples: distribution.length, standardError };

  if (method !== 'bca') {
    const low = percentileOfSorted(sorted, alpha * 100);
    const high = percentileOfSorted(sorted, (1 - alpha) * 100);
    const levels: [number, number] = [alpha, 1 - alpha];
    if (method === 'percentile') return { ...common, low, high, levels };
    return { ...common, low: 2 * estimate - high, high: 2 * estimate - low, levels };
  }

  const bca = bcaLevels(estimate, distribution, jackknifeValues(sample, statistic), confidenceLevel);
  const at = (level: number): number => (Number.isNaN(level) ? NaN : percentileOfSorted(sorted, level * 100));
  const result: BootstrapInterval = {
    ...common,
    low: at(bca.levels[0]),
    high: at(bca.levels[1]),
    levels: bca.levels,
    biasCorrection: bca.biasCorrection,
    acceleration: bca.acceleration,
  };
  if (Number.isNaN(result.low) || Number.isNaN(result.high)) {
    result.note =
      'BCa is undefined here: the estimate lies outside the bootstrap distribution (infinite bias correction), ' +
      "as SciPy also reports; use method 'percentile'";
  }
  return result;
}

/**
 * A bootstrap confidence interval of `statistic` (default: the mean) over `values`: `nResamples` resamples
 * with replacement drawn from a generator seeded with `seed`, then the method's percentiles (numpy's linear
 * interpolation). Needs at least 2 values, as SciPy does.
 */
export function bootstrapInterval(values: ArrayLike<number>, options: BootstrapOptions): BootstrapInterval {
  const { seed, statistic = meanOf, nResamples = BOOTSTRAP_DEFAULTS.nResamples } = options;
  checkSeed(seed);
  checkPositiveInteger(nResamples, 'nResamples');
  if (nResamples < 2) throw new RangeError(`nResamples: needs at least 2, got ${nResamples}`);
  const sample = checkSample(values, 'values', { nanPolicy: options.nanPolicy, minLength: 2 });
  const distribution = bootstrapDistribution(sample, statistic, { seed, nResamples });
  return intervalFromDistribution(sample, distribution, {
    statistic,
    method: options.method,
    confidenceLevel: options.confidenceLevel,
  });
}
