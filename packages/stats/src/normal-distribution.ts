// The standard normal distribution: Φ (scipy.special.ndtr), its density and its inverse (ndtri).
import { lowerQuantile } from './invert-cdf.js';
import { upperIncompleteGamma } from './incomplete-gamma.js';

const LOG_SQRT_PI = 0.5723649429247001; // ln Γ(1/2)
const INV_SQRT_2PI = 0.3989422804014327;

/** Φ(z). The tail is erfc(|z|/√2)/2 = Q(1/2, z²/2)/2, relatively precise down to the smallest doubles. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const tail = 0.5 * upperIncompleteGamma(0.5, (z * z) / 2, LOG_SQRT_PI);
  return z < 0 ? tail : 1 - tail;
}

/** Standard normal density. */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-(z * z) / 2);
}

/** Starting point: Abramowitz & Stegun 26.2.23 (error below 4.5e-4), for 0 < p <= 0.5. */
function roughLowerQuantile(p: number): number {
  const t = Math.sqrt(-2 * Math.log(p));
  return -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
}

/** Φ⁻¹(p); -Infinity at 0, Infinity at 1, NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -normalQuantile(1 - p);
  return lowerQuantile(normalCdf, normalPdf, p, roughLowerQuantile(p));
}
