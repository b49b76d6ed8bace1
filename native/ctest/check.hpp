// Minimal assertion helpers shared by the ctest programs.
#pragma once
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace check {

inline int failures = 0;

// max |a - b| / max(1, |b|) over all elements
inline double max_rel_diff(const float* a, const float* b, size_t n) {
  double worst = 0;
  for (size_t i = 0; i < n; i++) {
    double d = std::fabs((double)a[i] - (double)b[i]) / std::fmax(1.0, std::fabs((double)b[i]));
    if (!(d <= worst)) worst = d;  // also catches NaN
  }
  return worst;
}

inline void close(const char* what, const float* got, const float* want, size_t n, double tol) {
  double d = max_rel_diff(got, want, n);
  if (!(d <= tol)) {
    std::printf("FAIL %s: max relative difference %.3g > %.3g\n", what, d, tol);
    failures++;
  }
}

// ||got - want|| / ||want|| over n values (2-norms, in double): the CUDA engine's agreement with the CPU engine.
inline double relative_error_norm(const float* got, const float* want, size_t n) {
  double diff = 0, norm = 0;
  for (size_t i = 0; i < n; i++) {
    const double d = (double)got[i] - want[i];
    diff += d * d;
    norm += (double)want[i] * want[i];
  }
  return std::sqrt(diff) / std::fmax(std::sqrt(norm), 1e-30);
}

// A relative error at most tol, printed either way (the margins are what a GPU run is read for).
inline void within(const std::string& what, double error, double tol) {
  if (!(error <= tol)) {
    std::printf("FAIL %s: relative error %.3g > %.3g\n", what.c_str(), error, tol);
    failures++;
  } else {
    std::printf("  %-44s %.2e\n", what.c_str(), error);
  }
}

inline void that(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL %s\n", what);
    failures++;
  }
}

inline int finish(const char* suite) {
  if (failures) std::printf("%s: %d failure(s)\n", suite, failures);
  else std::printf("%s: ok\n", suite);
  return failures ? 1 : 0;
}

// Deterministic uniform values in [-1, 1) for test inputs.
inline std::vector<float> random_vector(size_t n, unsigned seed) {
  std::vector<float> v(n);
  unsigned long long s = seed * 0x9E3779B97F4A7C15ull + 1;
  for (auto& x : v) {
    s ^= s << 13; s ^= s >> 7; s ^= s << 17;
    x = (float)((s >> 40) * (1.0 / (1ull << 24))) * 2.0f - 1.0f;
  }
  return v;
}

}  // namespace check
