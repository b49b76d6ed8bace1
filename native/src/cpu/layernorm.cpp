// LayerNorm over the channel dimension.
#include <cmath>

#include "simd_path.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

// out (N,C) = (inp - mean) * rstd * weight + bias; mean (N), rstd (N) kept for the backward pass
void layernorm_forward(float* out, float* mean, float* rstd, const float* inp,
                       const float* weight, const float* bias, int N, int C, float eps, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int i = 0; i < N; i++) {
    const float* x = inp + (size_t)i * C;
    float m = 0.0f;
    for (int c = 0; c < C; c++) m += x[c];
    m /= C;
    float var = 0.0f;
    for (int c = 0; c < C; c++) {
      float d = x[c] - m;
      var += d * d;
    }
    var /= C;
    float s = 1.0f / std::sqrt(var + eps);
    float* o = out + (size_t)i * C;
    for (int c = 0; c < C; c++) o[c] = (x[c] - m) * s * weight[c] + bias[c];
    mean[i] = m;
    rstd[i] = s;
  }
}

// Two passes so that no thread writes shared state: rows in parallel for dinp, then channels in
// parallel for dweight/dbias (each channel sums its rows in order, independent of thread count).
void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout,
                        const float* inp, const float* weight, const float* mean, const float* rstd,
                        int N, int C, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int i = 0; i < N; i++) {
    const float* d = dout + (size_t)i * C;
    const float* x = inp + (size_t)i * C;
    float m = mean[i], s = rstd[i];
    // dnorm = dout * weight; dx = s * (dnorm - mean(dnorm) - norm * mean(dnorm * norm))
    float dnorm_mean = 0.0f, dnorm_norm_mean = 0.0f;
    for (int c = 0; c < C; c++) {
      float norm = (x[c] - m) * s;
      float dnorm = d[c] * weight[c];
      dnorm_mean += dnorm;
      dnorm_norm_mean += dnorm * norm;
    }
    dnorm_mean /= C;
    dnorm_norm_mean /= C;
    float* dx = dinp + (size_t)i * C;
    for (int c = 0; c < C; c++) {
      float norm = (x[c] - m) * s;
      float dnorm = d[c] * weight[c];
      dx[c] += s * (dnorm - dnorm_mean - norm * dnorm_norm_mean);
    }
  }
  const int chunk = 16;
  const int n_chunks = (C + chunk - 1) / chunk;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int ci = 0; ci < n_chunks; ci++) {
    int c0 = ci * chunk, c1 = c0 + chunk < C ? c0 + chunk : C;
    float dw[16] = {0}, db[16] = {0};
    for (int i = 0; i < N; i++) {
      const float* d = dout + (size_t)i * C;
      const float* x = inp + (size_t)i * C;
      for (int c = c0; c < c1; c++) {
        dw[c - c0] += d[c] * (x[c] - mean[i]) * rstd[i];
        db[c - c0] += d[c];
      }
    }
    for (int c = c0; c < c1; c++) {
      dweight[c] += dw[c - c0];
      dbias[c] += db[c - c0];
    }
  }
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
