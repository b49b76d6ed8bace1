// Trimmed means, and the interquartile mean of rliable (Agarwal et al., 2021).
import { checkSample, type NanPolicyOption } from './sample-checks.js';
import { meanOf } from './sample-moments.js';
import { checkStrata, concatenateStrata, type Strata } from './strata.js';

/** Mean after cutting floor(proportion · n) values from each end of sorted values (no input checks). */
function trimMeanOfSorted(sorted: Float64Array, proportion: number): number {
  const n = sorted.length;
  const cut = Math.trunc(proportion * n);
  return meanOf(sorted.subarray(cut, n - cut));
}

/**
 * scipy.stats.trim_mean(values, proportion): cut floor(proportion · n) values from each end and average the
 * rest. Whole values only, no fractional weighting at the boundaries: for n not a multiple of
 * 1 / proportion, a little more than the middle 1 - 2·proportion of the values is averaged.
 */
export function trimMean(values: ArrayLike<number>, proportion: number, options: NanPolicyOption = {}): number {
  if (typeof proportion !== 'number' || !(proportion >= 0 && proportion < 0.5)) {
    throw new RangeError(`proportion: expected a number in [0, 0.5), got ${String(proportion)}`);
  }
  const sample = checkSample(values, 'values', { nanPolicy: options.nanPolicy });
  return trimMeanOfSorted(sample.sort(), proportion);
}

/** IQM of checked strata (no input checks: the stratified bootstrap calls it on every resample). */
export function interquartileMeanOf(strata: readonly Float64Array[]): number {
  return trimMeanOfSorted(concatenateStrata(strata).sort(), 0.25);
}

/**
 * Interquartile mean (IQM) over all runs of all strata, rliable's aggregate_iqm:
 * scipy.stats.trim_mean(scores, proportiontocut=0.25, axis=None) on the flattened (runs × tasks) scores.
 * For a single list of values pass `[values]`.
 */
export function interquartileMean(strata: Strata, options: NanPolicyOption = {}): number {
  return interquartileMeanOf(checkStrata(strata, 'strata', options.nanPolicy));
}
