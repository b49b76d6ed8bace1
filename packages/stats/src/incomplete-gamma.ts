// The regularized upper incomplete gamma function Q(a, x), which gives the normal distribution's tails
// (erfc(z) = Q(1/2, z²)) with relative precision far into them.
import { logGamma } from './log-gamma.js';

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 10_000;

/** Lower P(a, x) by its power series (for x < a + 1). */
function lowerSeries(a: number, x: number, logFront: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) return sum * Math.exp(logFront);
  }
  throw new Error(`incompleteGamma(a = ${a}, x = ${x}): series did not converge`);
}

/** Upper Q(a, x) by its continued fraction (for x >= a + 1), modified Lentz. */
function upperContinuedFraction(a: number, x: number, logFront: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) return Math.exp(logFront) * h;
  }
  throw new Error(`incompleteGamma(a = ${a}, x = ${x}): continued fraction did not converge`);
}

/** Q(a, x) = Γ(a, x) / Γ(a) for a > 0, x >= 0. `logGammaA` may be passed when ln Γ(a) is known exactly. */
export function upperIncompleteGamma(a: number, x: number, logGammaA = logGamma(a)): number {
  if (!(a > 0)) throw new RangeError(`upperIncompleteGamma: expected a > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`upperIncompleteGamma: expected x >= 0, got ${x}`);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logFront = -x + a * Math.log(x) - logGammaA;
  if (x < a + 1) return 1 - lowerSeries(a, x, logFront);
  return upperContinuedFraction(a, x, logFront);
}
