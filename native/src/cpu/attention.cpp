// Fused causal self-attention with an online softmax (one pass over keys, no (T,T) buffers).
#include <cmath>

#include "clusterlens/kernels.hpp"
#include "fastmath.hpp"

namespace clusterlens::cpu {

namespace {

inline float dot(const float* a, const float* b, int n) {
  float s = 0.0f;
#pragma omp simd reduction(+ : s)
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

// y += alpha * x
inline void axpy(float* y, float alpha, const float* x, int n) {
#pragma omp simd
  for (int i = 0; i < n; i++) y[i] += alpha * x[i];
}

inline void scale_in_place(float* y, float alpha, int n) {
#pragma omp simd
  for (int i = 0; i < n; i++) y[i] *= alpha;
}

}  // namespace

// qkv (B,T,3C) -> out (B,T,C), lse (B,NH,T). Each (b, h) pair is one independent task.
void attention_forward(float* out, float* lse, const float* qkv, int B, int T, int C, int NH, int threads) {
  const int hs = C / NH;
  const float scale = 1.0f / std::sqrt((float)hs);
  const size_t row = (size_t)3 * C;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int bh = 0; bh < B * NH; bh++) {
    const int b = bh / NH, h = bh % NH;
    const float* base = qkv + (size_t)b * T * row + (size_t)h * hs;
    for (int t = 0; t < T; t++) {
      const float* q = base + t * row;
      float* acc = out + ((size_t)b * T + t) * C + (size_t)h * hs;  // the output row doubles as accumulator
      for (int i = 0; i < hs; i++) acc[i] = 0.0f;
      float running_max = -INFINITY, denom = 0.0f;
      for (int s = 0; s <= t; s++) {
        const float* k = base + s * row + C;
        const float* v = base + s * row + 2 * C;
        float score = dot(q, k, hs) * scale;
        if (score > running_max) {
          // A new maximum rescales what has been accumulated so far.
          float correction = fast_exp(running_max - score);
          denom *= correction;
          scale_in_place(acc, correction, hs);
          running_max = score;
        }
        float p = fast_exp(score - running_max);
        denom += p;
        axpy(acc, p, v, hs);
      }
      scale_in_place(acc, 1.0f / denom, hs);
      lse[(size_t)bh * T + t] = running_max + std::log(denom);
    }
  }
}

// Recomputes p[t,s] = exp(q_t.k_s * scale - lse_t) and accumulates into dqkv (B,T,3C).
// With dp = dout_t.v_s and D_t = dout_t.out_t, the softmax gradient is ds = p * (dp - D_t).
void attention_backward(float* dqkv, const float* dout, const float* qkv, const float* out,
                        const float* lse, int B, int T, int C, int NH, int threads) {
  const int hs = C / NH;
  const float scale = 1.0f / std::sqrt((float)hs);
  const size_t row = (size_t)3 * C;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int bh = 0; bh < B * NH; bh++) {
    const int b = bh / NH, h = bh % NH;
    const float* base = qkv + (size_t)b * T * row + (size_t)h * hs;
    float* dbase = dqkv + (size_t)b * T * row + (size_t)h * hs;
    for (int t = 0; t < T; t++) {
      const float* q = base + t * row;
      float* dq = dbase + t * row;
      const float* dy = dout + ((size_t)b * T + t) * C + (size_t)h * hs;
      const float* y = out + ((size_t)b * T + t) * C + (size_t)h * hs;
      const float row_lse = lse[(size_t)bh * T + t];
      const float D = dot(dy, y, hs);
      for (int s = 0; s <= t; s++) {
        const float* k = base + s * row + C;
        const float* v = base + s * row + 2 * C;
        float* dk = dbase + s * row + C;
        float* dv = dbase + s * row + 2 * C;
        float p = fast_exp(dot(q, k, hs) * scale - row_lse);
        float ds = p * (dot(dy, v, hs) - D) * scale;
        axpy(dq, ds, k, hs);
        axpy(dk, ds, q, hs);
        axpy(dv, p, dy, hs);
      }
    }
  }
}

}  // namespace clusterlens::cpu
