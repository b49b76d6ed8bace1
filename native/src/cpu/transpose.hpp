// 8-column transposes in registers, for packing (matmul.cpp) and attention's key and value slices (attention.cpp).
// Internal linkage: each kernel source compiles it for its own instruction set (simd_path.hpp). Where the compiler
// lacks __builtin_shufflevector, CLUSTERLENS_HAVE_SHUFFLE stays undefined and callers keep their scalar loops.
#pragma once

#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define CLUSTERLENS_HAVE_SHUFFLE 1
#endif
#endif

#ifdef CLUSTERLENS_HAVE_SHUFFLE
namespace clusterlens::cpu {

typedef float v8 __attribute__((vector_size(8 * sizeof(float))));
typedef float v8u __attribute__((vector_size(8 * sizeof(float)), aligned(sizeof(float)), may_alias));

// dst[k*W + l] = src[l*stride + k] for l < R, k in 0..7: one 8x8 transpose in registers (the unpack / shuffle /
// lane-swap network), so a block costs 8 loads, 24 shuffles and 8 stores instead of 8 R scalar moves. With R < 8
// rows (the 6-row panels of AVX2's A), rows R..7 repeat row R-1 (nothing past the matrix is read) and each 8-float
// store runs 8 - W floats into the next k's row, which the next store overwrites: rows are stored in increasing k,
// and the last one's spill lands past dst[8 W - 1], where the caller keeps writable space. Only moves: the same
// bits on every path.
template <int R>
static inline void transpose_8_columns(float* dst, long W, const float* src, long stride) {
  static_assert(R >= 1 && R <= 8, "one to eight rows");
  v8 r[8];
  for (int i = 0; i < 8; i++) r[i] = *(const v8u*)(src + (i < R ? i : R - 1) * stride);  // r[i] = row i, k 0..7
  v8 t[8], s[8], o[8];
  for (int i = 0; i < 4; i++) {  // interleave row pairs: t = (r0 k0, r1 k0, r0 k1, r1 k1 | same for k4,k5)
    t[2 * i] = __builtin_shufflevector(r[2 * i], r[2 * i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
    t[2 * i + 1] = __builtin_shufflevector(r[2 * i], r[2 * i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
  }
  for (int h = 0; h < 2; h++) {  // four rows per k: s[4h + j] holds k = j and k = j + 4 of rows 4h..4h+3
    v8 a0 = t[4 * h], a1 = t[4 * h + 1], b0 = t[4 * h + 2], b1 = t[4 * h + 3];
    s[4 * h + 0] = __builtin_shufflevector(a0, b0, 0, 1, 8, 9, 4, 5, 12, 13);
    s[4 * h + 1] = __builtin_shufflevector(a0, b0, 2, 3, 10, 11, 6, 7, 14, 15);
    s[4 * h + 2] = __builtin_shufflevector(a1, b1, 0, 1, 8, 9, 4, 5, 12, 13);
    s[4 * h + 3] = __builtin_shufflevector(a1, b1, 2, 3, 10, 11, 6, 7, 14, 15);
  }
  for (int j = 0; j < 4; j++) {  // join the 128-bit halves of rows 0-3 and 4-7: o[k] = column k
    o[j] = __builtin_shufflevector(s[j], s[4 + j], 0, 1, 2, 3, 8, 9, 10, 11);
    o[j + 4] = __builtin_shufflevector(s[j], s[4 + j], 4, 5, 6, 7, 12, 13, 14, 15);
  }
  for (int k = 0; k < 8; k++) *(v8u*)(dst + k * W) = o[k];
}

}  // namespace clusterlens::cpu
#endif
