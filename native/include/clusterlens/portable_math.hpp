// log and cos with the same bits on every x86-64 machine. The C library's are not: glibc picks an implementation
// of log, logf and cos by CPU (with FMA or without), so a CPU without FMA could round one of them differently and
// change a trial's numbers. These use only IEEE additions, multiplications, divisions and exact scaling (frexp),
// in a fixed order (the engine is compiled with -ffp-contract=off, so no FMA is formed), so every CPU computes the
// same bits. Accuracy: within about 1 ulp of the exact value for doubles; logf rounds a double result.
#pragma once
#include <cmath>
#include <limits>

namespace clusterlens {

// ln(x). log(0) = -inf, log(x < 0) = NaN, log(inf) = inf, log(NaN) = NaN.
inline double portable_log(double x) {
  if (!(x > 0.0)) return x == 0.0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  if (x == std::numeric_limits<double>::infinity()) return x;
  // x = m 2^e with m in [sqrt(1/2), sqrt(2)); frexp and ldexp only move the exponent, exactly.
  int e = 0;
  double m = std::frexp(x, &e);  // m in [1/2, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    e -= 1;
  }
  // With f = m - 1 (exact) and s = f / (2 + f), |s| <= 0.1716: ln(m) = 2 atanh(s) = 2s + s R, R = 2s^2/3 + 2s^4/5 +
  // ... + 2s^22/23 (the remainder below 1e-19), computed as f - (f^2/2 - s (f^2/2 + R)) (fdlibm's arrangement):
  // f is exact and every rounded term is small next to it.
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  double series = 2.0 / 23.0;
  for (int k = 21; k >= 3; k -= 2) series = 2.0 / k + z * series;
  const double R = z * series;
  const double hfsq = 0.5 * f * f;
  // e ln2 in two parts: ln2_hi has 32 significant bits, so e * ln2_hi is exact for |e| < 2^21.
  const double ln2_hi = 6.93147180369123816490e-01;
  const double ln2_lo = 1.90821492927058770002e-10;
  return e * ln2_hi + (f - (hfsq - (s * (hfsq + R) + e * ln2_lo)));
}

inline float portable_logf(float x) { return (float)portable_log((double)x); }

// cos(x) for |x| up to about 1e6 (the engine's arguments are in [0, 2 pi]); cos(inf) = cos(NaN) = NaN.
inline double portable_cos(double x) {
  if (!std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  // x = k pi/2 + r, |r| <= pi/4, pi/2 in three parts (Cody-Waite, fdlibm's constants): the first two have 33
  // significant bits, so k times them is exact and, near a zero of cos, both subtractions are exact too; r then
  // keeps its relative accuracy even where cos(x) is tiny.
  const double pio2_1 = 1.57079632673412561417e+00;
  const double pio2_2 = 6.07710050630396597660e-11;
  const double pio2_2t = 2.02226624879595063154e-21;
  const double k = std::nearbyint(x * 0.63661977236758134308);  // x * 2/pi, to the nearest integer
  const double r = ((x - k * pio2_1) - k * pio2_2) - k * pio2_2t;
  const double r2 = r * r;
  // Taylor series on |r| <= pi/4 to r^20 and r^21: the remainder is below 1e-22.
  double c = 1.0, sn = 1.0;
  for (int n = 20; n >= 2; n -= 2) c = 1.0 - r2 / (double)(n * (n - 1)) * c;       // 1 - r^2/2 (1 - r^2/12 (...))
  for (int n = 21; n >= 3; n -= 2) sn = 1.0 - r2 / (double)(n * (n - 1)) * sn;     // 1 - r^2/6 (1 - r^2/20 (...))
  const double cos_r = c, sin_r = r * sn;
  switch (((long long)k % 4 + 4) % 4) {
    case 0: return cos_r;
    case 1: return -sin_r;
    case 2: return -cos_r;
    default: return sin_r;
  }
}

}  // namespace clusterlens
