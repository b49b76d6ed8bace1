// The percentile levels of the bias-corrected and accelerated (BCa) interval, as scipy.stats.bootstrap
// (SciPy 1.11, _bca_interval) computes them, after Efron & Tibshirani (1993), sections 14.3 and 15.4.
import { normalCdf, normalQuantile } from './normal-distribution.js';

export interface BcaLevels {
  /** z0 = Φ⁻¹(fraction of bootstrap values below the estimate, ties counting 1/2). */
  biasCorrection: number;
  /** a = Σ U³ / (6 (Σ U²)^(3/2)), U the jackknife deviations; 0 when the jackknife values are all equal. */
  acceleration: number;
  /** The lower and upper percentile levels, in (0, 1); NaN when z0 is infinite (see README). */
  levels: [number, number];
}

/** z0, a and the adjusted levels for a two-sided interval of the given confidence level. */
export function bcaLevels(
  estimate: number,
  distribution: ArrayLike<number>,
  jackknife: ArrayLike<number>,
  confidenceLevel: number,
): BcaLevels {
  const b = distribution.length;
  let below = 0;
  let belowOrEqual = 0;
  for (let i = 0; i < b; i++) {
    if (distribution[i] < estimate) below++;
    if (distribution[i] <= estimate) belowOrEqual++;
  }
  const biasCorrection = normalQuantile((below + belowOrEqual) / (2 * b));

  // SciPy scales the deviations by (n - 1) and the sums by n³ and n²; the factors cancel, but keeping them
  // keeps the rounding the same.
  const n = jackknife.length;
  let jackknifeMean = 0;
  let allEqual = true;
  for (let i = 0; i < n; i++) {
    jackknifeMean += jackknife[i];
    if (jackknife[i] !== jackknife[0]) allEqual = false;
  }
  jackknifeMean /= n;
  let cubes = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const u = (n - 1) * (jackknifeMean - jackknife[i]);
    cubes += u * u * u;
    squares += u * u;
  }
  // All jackknife values equal (a constant sample, say): SciPy divides 0 by 0 and returns NaN, or, when their
  // mean rounds one ulp off, a meaningless ±1/(6√n). No skewness is the natural reading, and it leaves the
  // interval of a degenerate distribution at that single value.
  const acceleration = allEqual ? 0 : ((1 / 6) * (cubes / n ** 3)) / (squares / n ** 2) ** (3 / 2);

  const alpha = (1 - confidenceLevel) / 2;
  const zAlpha = normalQuantile(alpha);
  const level = (z: number): number => {
    const shifted = biasCorrection + z;
    return normalCdf(biasCorrection + shifted / (1 - acceleration * shifted));
  };
  return { biasCorrection, acceleration, levels: [level(zAlpha), level(-zAlpha)] };
}
