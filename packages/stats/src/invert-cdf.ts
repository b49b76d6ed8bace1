// Quantiles of a continuous distribution symmetric about 0, by Newton's method kept inside a bracket.

/**
 * The t < 0 with cdf(t) = p, for 0 < p < 0.5. Newton steps use the density; a step that leaves the
 * bracket [lo, hi] (cdf(lo) < p < cdf(hi)) is replaced by bisection, so heavy tails (where Newton alone
 * crawls) and flat regions (density underflow) still converge. Returns -Infinity when p is below every
 * representable t's cdf.
 */
export function lowerQuantile(
  cdf: (t: number) => number,
  pdf: (t: number) => number,
  p: number,
  guess: number,
): number {
  let hi = 0;
  let lo = -1;
  while (cdf(lo) >= p) {
    hi = lo;
    lo *= 2;
    if (!Number.isFinite(lo)) return -Infinity;
  }
  let t = guess > lo && guess < hi ? guess : (lo + hi) / 2;
  for (let iteration = 0; iteration < 500; iteration++) {
    const f = cdf(t) - p;
    if (f === 0) return t;
    if (f < 0) lo = t;
    else hi = t;
    const density = pdf(t);
    let next = density > 0 ? t - f / density : NaN;
    if (!(next > lo && next < hi)) next = lo / 2 + hi / 2;
    if (Math.abs(next - t) <= 2 * Number.EPSILON * Math.abs(next) || next === lo || next === hi) return next;
    t = next;
  }
  return t;
}
