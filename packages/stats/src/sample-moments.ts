// Mean, variance and standard deviation of a sample (two-pass, so a large common offset costs no precision).
import { checkSample, type NanPolicyOption } from './sample-checks.js';

/** Mean of checked values (no input checks: the bootstrap calls it on every resample). */
export function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Variance with `ddof` delta degrees of freedom, of checked values. */
export function varianceOf(values: ArrayLike<number>, ddof = 1): number {
  const m = meanOf(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) * (values[i] - m);
  return sum / (values.length - ddof);
}

/** Arithmetic mean. */
export function mean(values: ArrayLike<number>, options: NanPolicyOption = {}): number {
  return meanOf(checkSample(values, 'values', { nanPolicy: options.nanPolicy }));
}

/** Sample variance (ddof = 1, numpy.var(x, ddof=1)); needs two values. */
export function variance(values: ArrayLike<number>, options: NanPolicyOption = {}): number {
  return varianceOf(checkSample(values, 'values', { nanPolicy: options.nanPolicy, minLength: 2 }));
}

/** Sample standard deviation (ddof = 1, numpy.std(x, ddof=1)); needs two values. */
export function standardDeviation(values: ArrayLike<number>, options: NanPolicyOption = {}): number {
  return Math.sqrt(variance(values, options));
}
