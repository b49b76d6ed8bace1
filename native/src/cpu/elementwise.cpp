// Elementwise kernels: GELU and the residual sum.
#include "simd_path.hpp"
#include "fastmath.hpp"
#include "parallel.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

namespace {
constexpr float kGeluScale = 0.7978845608028654f;  // sqrt(2 / pi)
constexpr float kGeluCubic = 0.044715f;
constexpr size_t kChunk = 4096;
}  // namespace

// out = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
void gelu_forward(float* out, const float* inp, size_t n, int threads) {
  parallel_chunks(n, kChunk, threads, [&](size_t begin, size_t end) {
#pragma omp simd
    for (size_t i = begin; i < end; i++) {
      float x = inp[i];
      out[i] = 0.5f * x * (1.0f + fast_tanh(kGeluScale * (x + kGeluCubic * x * x * x)));
    }
  });
}

void gelu_backward(float* dinp, const float* inp, const float* dout, size_t n, int threads) {
  parallel_chunks(n, kChunk, threads, [&](size_t begin, size_t end) {
#pragma omp simd
    for (size_t i = begin; i < end; i++) {
      float x = inp[i];
      float th = fast_tanh(kGeluScale * (x + kGeluCubic * x * x * x));
      float sech2 = 1.0f - th * th;
      float local = 0.5f * (1.0f + th) + 0.5f * x * sech2 * kGeluScale * (1.0f + 3.0f * kGeluCubic * x * x);
      dinp[i] = local * dout[i];
    }
  });
}

void residual_forward(float* out, const float* a, const float* b, size_t n, int threads) {
  parallel_chunks(n, kChunk, threads, [&](size_t begin, size_t end) {
#pragma omp simd
    for (size_t i = begin; i < end; i++) out[i] = a[i] + b[i];
  });
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
