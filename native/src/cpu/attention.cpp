// Fused causal self-attention with an online softmax over blocks of keys (FlashAttention style): one pass
// over the keys, no (T,T) buffers. Per (batch, head) the keys and values are first transposed to (hs,T) so
// that scores for a block of keys come from vector FMAs instead of one horizontal dot product per key.
#include <cmath>
#include <vector>

#include "clusterlens/portable_math.hpp"
#include "simd_path.hpp"
#include "fastmath.hpp"
#include "lane_sum.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

namespace {

constexpr int kKeyBlock = 16;  // keys per online-softmax step; fixed, so results never depend on threads

inline float dot(const float* a, const float* b, int n) {
  return lane_sum<float>(n, [&](int i) { return a[i] * b[i]; });
}

// y += alpha * x
inline void axpy(float* y, float alpha, const float* x, int n) {
#pragma omp simd
  for (int i = 0; i < n; i++) y[i] += alpha * x[i];
}

// out (n) = sum_i a[i] * mt[i, s0 .. s0+n), with mt (hs, T) row-major: a block of dot products a . m[s]
inline void block_dots(float* out, const float* a, float a_scale, const float* mt, int T, int s0, int n, int hs) {
  for (int j = 0; j < n; j++) out[j] = 0.0f;
  for (int i = 0; i < hs; i++) {
    const float ai = a[i] * a_scale;
    const float* row = mt + (size_t)i * T + s0;
#pragma omp simd
    for (int j = 0; j < n; j++) out[j] += ai * row[j];
  }
}

// dst (hs, T) = the hs-wide slice at `offset` of every row of src (T, row_stride), transposed
inline void transpose_slice(float* dst, const float* src, size_t row_stride, int T, int hs) {
  for (int s = 0; s < T; s++)
    for (int i = 0; i < hs; i++) dst[(size_t)i * T + s] = src[s * row_stride + i];
}

// Per-thread scratch for the transposed keys and values; grows once, then is reused by every call.
float* scratch(size_t n) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < n) buffer.resize(n);
  return buffer.data();
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
    float* kt = scratch((size_t)hs * T);
    transpose_slice(kt, base + C, row, T, hs);
    float scores[kKeyBlock];
    for (int t = 0; t < T; t++) {
      const float* q = base + t * row;
      float* acc = out + ((size_t)b * T + t) * C + (size_t)h * hs;  // the output row doubles as accumulator
      for (int i = 0; i < hs; i++) acc[i] = 0.0f;
      float running_max = -INFINITY, denom = 0.0f;
      for (int s0 = 0; s0 <= t; s0 += kKeyBlock) {
        const int n = t + 1 - s0 < kKeyBlock ? t + 1 - s0 : kKeyBlock;
        block_dots(scores, q, scale, kt, T, s0, n, hs);
        float block_max = scores[0];
        for (int j = 1; j < n; j++) block_max = scores[j] > block_max ? scores[j] : block_max;
        if (block_max > running_max) {
          // A new maximum rescales what has been accumulated so far.
          const float correction = fast_exp(running_max - block_max);
          denom *= correction;
          for (int i = 0; i < hs; i++) acc[i] *= correction;
          running_max = block_max;
        }
        for (int j = 0; j < n; j++) {
          scores[j] = fast_exp(scores[j] - running_max);
          denom += scores[j];
        }
        for (int j = 0; j < n; j++) axpy(acc, scores[j], base + (s0 + j) * row + 2 * C, hs);
      }
      const float inv = 1.0f / denom;
      for (int i = 0; i < hs; i++) acc[i] *= inv;
      lse[(size_t)bh * T + t] = running_max + portable_logf(denom);
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
    float* kt = scratch((size_t)2 * hs * T);
    float* vt = kt + (size_t)hs * T;
    transpose_slice(kt, base + C, row, T, hs);
    transpose_slice(vt, base + 2 * C, row, T, hs);
    float p[kKeyBlock], ds[kKeyBlock];
    for (int t = 0; t < T; t++) {
      const float* q = base + t * row;
      float* dq = dbase + t * row;
      const float* dy = dout + ((size_t)b * T + t) * C + (size_t)h * hs;
      const float* y = out + ((size_t)b * T + t) * C + (size_t)h * hs;
      const float row_lse = lse[(size_t)bh * T + t];
      const float D = dot(dy, y, hs);
      for (int s0 = 0; s0 <= t; s0 += kKeyBlock) {
        const int n = t + 1 - s0 < kKeyBlock ? t + 1 - s0 : kKeyBlock;
        block_dots(p, q, scale, kt, T, s0, n, hs);
        block_dots(ds, dy, 1.0f, vt, T, s0, n, hs);
        for (int j = 0; j < n; j++) {
          p[j] = fast_exp(p[j] - row_lse);
          ds[j] = p[j] * (ds[j] - D) * scale;
        }
        for (int j = 0; j < n; j++) {
          const int s = s0 + j;
          axpy(dq, ds[j], base + s * row + C, hs);
          axpy(dbase + s * row + C, ds[j], q, hs);
          axpy(dbase + s * row + 2 * C, p[j], dy, hs);
        }
      }
    }
  }
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
