// acc + b * a in every lane of a vector, rounded once (a fused multiply-add), the same on every instruction-set
// path: an FMA instruction on AVX2 and AVX-512, the C library's correctly rounded fmaf on baseline x86-64 (which has
// no FMA instruction, and where it is a function call: slower, the same bits). The compiler never contracts a
// multiply and an add by itself (-ffp-contract=off, CMakeLists.txt): a fused multiply-add is written out where one is
// wanted, here, so that every path computes the same operations.
// Internal linkage: compiled for each path's instruction set (simd_path.hpp); included after it.
#pragma once

namespace clusterlens::cpu {

template <typename V>
static inline V fused_multiply_add(V b, float a, V acc) {
#if defined(CLUSTERLENS_PATH_AVX512)
  if constexpr (sizeof(V) == 64) return (V)_mm512_fmadd_ps((__m512)b, _mm512_set1_ps(a), (__m512)acc);
#endif
#if defined(CLUSTERLENS_PATH_AVX2) || defined(CLUSTERLENS_PATH_AVX512)
  if constexpr (sizeof(V) == 32) return (V)_mm256_fmadd_ps((__m256)b, _mm256_set1_ps(a), (__m256)acc);
#endif
  for (int l = 0; l < (int)(sizeof(V) / sizeof(float)); l++) acc[l] = __builtin_fmaf(b[l], a, acc[l]);
  return acc;
}

}  // namespace clusterlens::cpu
