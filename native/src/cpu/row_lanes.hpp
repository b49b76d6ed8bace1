// Rows in vector lanes: a tile of kLaneRows rows whose per-row sums (attention's scores and softmax, LayerNorm's
// means) run with one row per lane, so that a sequential sum over a row's elements becomes a vector sum over the tile,
// each lane doing the same additions in the same order as a row-at-a-time loop. The lanes are independent, so the
// vector width (one zmm on AVX-512, two ymm on AVX2, four xmm on baseline) changes nothing in the results.
// Internal linkage: compiled for each path's instruction set (simd_path.hpp); included after it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "transpose.hpp"

namespace clusterlens::cpu {

constexpr int kLaneRows = 16;

// A value per row of a tile, as lane_sum's partial sums (+= adds lane by lane).
struct RowLanes {
  float v[kLaneRows];
  RowLanes& operator+=(const RowLanes& o) {
    for (int r = 0; r < kLaneRows; r++) v[r] += o.v[r];
    return *this;
  }
};

// Per-thread scratch of n rows of kLaneRows floats, 64-byte aligned; grows once, then is reused by every call (one
// buffer per kernel source).
static inline float* lane_scratch(size_t n) {
  thread_local std::vector<float> buffer;
  const size_t floats = (n + 1) * kLaneRows;
  if (buffer.size() < floats) buffer.resize(floats);
  return (float*)(((uintptr_t)buffer.data() + 63) & ~(uintptr_t)63);
}

// x[i] lane r = src_r[i] * scale for i < n and r < rows (src_r at src + r stride), 0 for r >= rows: a tile's rows
// turned into lanes, by 8x8 register transposes for a whole tile of rows of 8k floats, element by element otherwise.
static inline void rows_to_lanes(float* x, const float* src, size_t stride, int rows, int n, float scale) {
#ifdef CLUSTERLENS_HAVE_SHUFFLE
  if (rows == kLaneRows && n % 8 == 0) {
    for (int r0 = 0; r0 < kLaneRows; r0 += 8)
      for (int i0 = 0; i0 < n; i0 += 8)
        transpose_8_columns<8>(x + i0 * kLaneRows + r0, kLaneRows, src + r0 * stride + i0, (long)stride);
    if (scale != 1.0f)
      for (int i = 0; i < n * kLaneRows; i++) x[i] *= scale;
    return;
  }
#endif
  for (int i = 0; i < n; i++)
    for (int r = 0; r < kLaneRows; r++) x[i * kLaneRows + r] = r < rows ? src[r * stride + i] * scale : 0.0f;
}

}  // namespace clusterlens::cpu
