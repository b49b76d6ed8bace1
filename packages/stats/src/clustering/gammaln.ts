// log Gamma(x) for integer x >= 1, as scipy.special.gammaln (Cephes lgam) computes it, which
// scikit-learn's expected mutual information uses: below 13 the log of the exact factorial, above
// it Stirling's series with Cephes' coefficients.

const LS2PI = 0.91893853320467274178; // log(sqrt(2 pi))
const STIRLING = [
  8.11614167470508450300e-4, -5.95061904284301438324e-4, 7.93650340457716943945e-4, -2.77777777730099687205e-3,
  8.33333333333331927722e-2,
];

// (m-1)! for m = 0..12, exact in double
const FACTORIAL_BELOW_13 = (() => {
  const f = new Float64Array(13);
  f[1] = 1;
  for (let m = 2; m < 13; m++) f[m] = f[m - 1] * (m - 1);
  return f;
})();

/** log Gamma(x) = log((x-1)!) for integer x >= 1. */
export function gammalnInt(x: number): number {
  if (x < 13) return Math.log(FACTORIAL_BELOW_13[x]);
  let q = (x - 0.5) * Math.log(x) - x + LS2PI;
  if (x > 1e8) return q;
  const p = 1 / (x * x);
  if (x >= 1000) {
    q += ((7.9365079365079365079365e-4 * p - 2.7777777777777777777778e-3) * p + 0.0833333333333333333333) / x;
  } else {
    let poly = STIRLING[0];
    for (let i = 1; i < STIRLING.length; i++) poly = poly * p + STIRLING[i];
    q += poly / x;
  }
  return q;
}
