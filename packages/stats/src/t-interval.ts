// The mean with its Student-t confidence interval (scipy.stats.t.interval(level, n - 1, mean, sem)).
import { checkLevel, checkSample, type NanPolicyOption } from './sample-checks.js';
import { meanOf, varianceOf } from './sample-moments.js';
import { studentTQuantile } from './student-t-distribution.js';

export interface TIntervalOptions extends NanPolicyOption {
  /** Default 0.95. */
  confidenceLevel?: number;
}

export interface MeanTInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (ddof = 1). */
  sd: number;
  /** sd / √n. */
  standardError: number;
  /** n - 1. */
  degreesOfFreedom: number;
  confidenceLevel: number;
  low: number;
  high: number;
}

/**
 * mean ± t(1 - α/2, n - 1) · sd / √n, which assumes the values are independent draws from a normal
 * distribution (across seeds, the usual working assumption). Needs at least 2 values.
 */
export function meanTInterval(values: ArrayLike<number>, options: TIntervalOptions = {}): MeanTInterval {
  const { confidenceLevel = 0.95 } = options;
  checkLevel(confidenceLevel, 'confidenceLevel');
  const sample = checkSample(values, 'values', { nanPolicy: options.nanPolicy, minLength: 2 });
  const n = sample.length;
  const mean = meanOf(sample);
  const sd = Math.sqrt(varianceOf(sample));
  const standardError = sd / Math.sqrt(n);
  const alpha = (1 - confidenceLevel) / 2;
  const degreesOfFreedom = n - 1;
  return {
    n,
    mean,
    sd,
    standardError,
    degreesOfFreedom,
    confidenceLevel,
    low: mean + studentTQuantile(alpha, degreesOfFreedom) * standardError,
    high: mean + studentTQuantile(1 - alpha, degreesOfFreedom) * standardError,
  };
}
