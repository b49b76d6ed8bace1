// AdamW update and the global gradient norm used for clipping.
#include <cmath>

#include "simd_path.hpp"
#include "lane_sum.hpp"
#include "parallel.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

// Partial sums over fixed chunks, added in chunk order: the same bits for any thread count.
double sum_of_squares(const float* x, size_t n, int threads) {
  const size_t chunk = 1 << 14;
  const size_t n_chunks = (n + chunk - 1) / chunk;
  double total = 0.0;
#pragma omp parallel for num_threads(threads) schedule(static) ordered if (threads > 1)
  for (size_t ci = 0; ci < n_chunks; ci++) {
    size_t i0 = ci * chunk, i1 = i0 + chunk < n ? i0 + chunk : n;
    const double s = lane_sum<double>(i1 - i0, [&](size_t i) { return (double)x[i0 + i] * x[i0 + i]; });
#pragma omp ordered
    total += s;
  }
  return total;
}

// b^t by squaring in double: plain multiplications, the same bits on every machine (libm's pow may differ).
static double power(double b, int t) {
  double result = 1.0;
  for (; t > 0; t >>= 1, b *= b)
    if (t & 1) result *= b;
  return result;
}

// PyTorch AdamW: p *= 1 - lr*wd; m, v updated; p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)
void adamw_update(float* params, const float* grads, float* m, float* v, size_t n,
                  float lr, float beta1, float beta2, float eps, float weight_decay,
                  float grad_scale, int t, int threads) {
  const float bc1 = (float)(1.0 - power(beta1, t));
  const float bc2_sqrt = std::sqrt((float)(1.0 - power(beta2, t)));
  const float step_size = lr / bc1;
  const float decay = 1.0f - lr * weight_decay;
  parallel_chunks(n, 4096, threads, [&](size_t begin, size_t end) {
#pragma omp simd
    for (size_t i = begin; i < end; i++) {
      float g = grads[i] * grad_scale;
      m[i] = beta1 * m[i] + (1.0f - beta1) * g;
      v[i] = beta2 * v[i] + (1.0f - beta2) * g * g;
      float denom = std::sqrt(v[i]) / bc2_sqrt + eps;
      params[i] = params[i] * decay - step_size * m[i] / denom;
    }
  });
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
