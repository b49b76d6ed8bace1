// The regularized incomplete beta function I_x(a, b), which gives Student's t distribution.
import { logBeta } from './log-gamma.js';

const EPSILON = 1e-16;
const TINY = 1e-300;
// Convergence takes O(sqrt(max(a, b))) terms; 1e5 degrees of freedom need about a thousand.
const MAX_TERMS = 100_000;

/**
 * Continued fraction for I_x(a, b) (Numerical Recipes' betacf, modified Lentz), which converges quickly for
 * x < (a + 1) / (a + b + 2).
 */
function continuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) return h;
  }
  throw new Error(`incompleteBeta(a = ${a}, b = ${b}, x = ${x}): continued fraction did not converge`);
}

/**
 * I_x(a, b) for a, b > 0 and x in [0, 1]. `y` is 1 - x, passed separately when the caller has it more
 * precisely than 1 - x rounds (the t distribution near 0, where x = ν / (ν + t²) is close to 1).
 */
export function incompleteBeta(a: number, b: number, x: number, y = 1 - x): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incompleteBeta: expected a, b > 0, got a = ${a}, b = ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incompleteBeta: expected x in [0, 1], got ${x}`);
  if (x === 0) return 0;
  if (y === 0) return 1;
  // With a or b large (many degrees of freedom) the logs are multiplied by it, so each is taken from whichever
  // of x and y is the small, precisely known one.
  const logX = x > 0.5 ? Math.log1p(-y) : Math.log(x);
  const logY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const logFront = a * logX + b * logY - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * continuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * continuedFraction(b, a, y)) / b;
}
