// Sums whose order does not depend on the vector width: lane j of kLanes partial sums takes the terms j, j + kLanes,
// j + 2 kLanes, ...; then the lanes combine pairwise (8 + 8, 4 + 4, 2 + 2, 1 + 1). Every instruction-set path runs
// these operations in this order (one 16-float vector on AVX-512, two on AVX2, four on SSE), so every path gives the
// same bits, where `#pragma omp simd reduction` would split the sum by the path's own vector width.
#pragma once
#include <cstddef>

namespace clusterlens::cpu {

constexpr int kLanes = 16;

// sum over i in [0, n) of term(i). Internal linkage: compiled for each path's instruction set (simd_path.hpp).
template <typename T, typename Index, typename Term>
static inline T lane_sum(Index n, Term term) {
  T part[kLanes] = {};
  Index i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; j++) part[j] += term(i + j);
  for (int j = 0; i + j < n; j++) part[j] += term(i + j);
  for (int width = kLanes / 2; width > 0; width /= 2)
    for (int j = 0; j < width; j++) part[j] += part[j + width];
  return part[0];
}

}  // namespace clusterlens::cpu
