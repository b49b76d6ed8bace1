// portable_log, portable_logf and portable_cos against the C library's, over the ranges the engine uses and beyond:
// within a few ulp everywhere, special values exact. (The C library is the reference here only for accuracy; the
// portable functions exist because its bits differ between CPUs.)
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>

#include "check.hpp"
#include "clusterlens/portable_math.hpp"

using clusterlens::portable_cos;
using clusterlens::portable_log;
using clusterlens::portable_logf;

namespace {

// |got - want| in units of the last place of want (doubles); 0 for two equal infinities.
double ulps(double got, double want) {
  if (got == want) return 0.0;
  const double ulp = std::nextafter(std::fabs(want), std::numeric_limits<double>::infinity()) - std::fabs(want);
  return std::fabs(got - want) / ulp;
}

double worst_log_ulps() {
  double worst = 0.0;
  // Every decade from subnormals (where 1.0121 still moves x) to near the largest double, about 190 points each,
  // and a fine grid around 1.
  for (double x = 1e-320; x < 1e308; x *= 1.0121) worst = std::fmax(worst, ulps(portable_log(x), std::log(x)));
  for (int i = -100000; i <= 100000; i++) {
    const double x = 1.0 + i * 1e-6;
    if (x != 1.0) worst = std::fmax(worst, ulps(portable_log(x), std::log(x)));
  }
  return worst;
}

double worst_cos_ulps() {
  double worst = 0.0;
  for (int i = 0; i <= 2000000; i++) {
    const double x = 6.283185307179586 * i / 2000000.0;  // Box-Muller's 2 pi u and the schedule's pi t/T
    worst = std::fmax(worst, ulps(portable_cos(x), std::cos(x)));
  }
  // The doubles nearest the zeros and extrema of cos, and some large and negative arguments.
  for (int k = -40; k <= 40; k++) {
    const double x = k * 1.5707963267948966;
    for (double y : {std::nextafter(x, -1e9), x, std::nextafter(x, 1e9)}) worst = std::fmax(worst, ulps(portable_cos(y), std::cos(y)));
  }
  for (double x = 1.0; x < 1e6; x *= 1.37) worst = std::fmax(worst, std::fmax(ulps(portable_cos(x), std::cos(x)), ulps(portable_cos(-x), std::cos(-x))));
  return worst;
}

}  // namespace

int main() {
  const double inf = std::numeric_limits<double>::infinity();
  const double log_ulps = worst_log_ulps();
  std::printf("portable_log: worst %.2f ulp\n", log_ulps);
  check::that(log_ulps <= 2.0, "portable_log is within 2 ulp of the C library's log");
  check::that(portable_log(1.0) == 0.0, "log(1) is exactly 0");
  check::that(portable_log(0.0) == -inf && portable_log(-0.0) == -inf, "log(+-0) is -inf");
  check::that(std::isnan(portable_log(-1.0)) && std::isnan(portable_log(std::nan(""))), "log of a negative number or NaN is NaN");
  check::that(portable_log(inf) == inf, "log(inf) is inf");

  int logf_off = 0;
  for (float x = 1.0f; x < 1e30f; x *= 1.001f) {
    const float want = (float)std::log((double)x);
    if (portable_logf(x) != want && std::nextafter(portable_logf(x), want) != want) logf_off++;
  }
  check::that(logf_off == 0, "portable_logf is within 1 float ulp of log computed in double and rounded");

  const double cos_ulps = worst_cos_ulps();
  std::printf("portable_cos: worst %.2f ulp\n", cos_ulps);
  check::that(cos_ulps <= 2.0, "portable_cos is within 2 ulp of the C library's cos");
  check::that(portable_cos(0.0) == 1.0, "cos(0) is exactly 1");
  check::that(std::isnan(portable_cos(inf)) && std::isnan(portable_cos(std::nan(""))), "cos of inf or NaN is NaN");
  return check::finish("portable_math");
}
