// Fused causal self-attention with an online softmax over blocks of keys (FlashAttention style): one pass
// over the keys, no (T,T) buffers. Per (batch, head) the keys and values are first transposed to (hs,T) so
// that scores for a block of keys come from vector FMAs instead of one horizontal dot product per key.
#include <cmath>
#include <vector>

#include "clusterlens/portable_math.hpp"
#include "simd_path.hpp"
#include "fastmath.hpp"
#include "lane_sum.hpp"
#include "transpose.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

namespace {

constexpr int kKeyBlock = 16;  // keys per online-softmax step; fixed, so results never depend on threads

inline float dot(const float* a, const float* b, int n) {
  return lane_sum<float>(n, [&](int i) { return a[i] * b[i]; });
}

// y (N) += w[0] x_0 + w[w_stride] x_1 + ... (count rows x_j = rows + j * row_stride), added one row at a time in
// increasing j (y = y + w_j x_j, rounded after the product and after the sum), with y held in registers (N is
// fixed) rather than read and written back for every row.
template <int N>
inline void accumulate_rows_fixed(float* y, const float* w, long w_stride, const float* rows, long row_stride, int count) {
  float acc[N];
  for (int i = 0; i < N; i++) acc[i] = y[i];
  for (int j = 0; j < count; j++) {
    const float a = w[j * w_stride];
    const float* x = rows + j * row_stride;
#pragma omp simd
    for (int i = 0; i < N; i++) acc[i] += a * x[i];
  }
  for (int i = 0; i < N; i++) y[i] = acc[i];
}

// The same over n floats: 32-float slices, then 16, 8 and 1; each element's sum is the same whatever its slice.
inline void accumulate_rows(float* y, const float* w, long w_stride, const float* rows, long row_stride, int count, int n) {
  int i = 0;
  for (; i + 32 <= n; i += 32) accumulate_rows_fixed<32>(y + i, w, w_stride, rows + i, row_stride, count);
  for (; i + 16 <= n; i += 16) accumulate_rows_fixed<16>(y + i, w, w_stride, rows + i, row_stride, count);
  for (; i + 8 <= n; i += 8) accumulate_rows_fixed<8>(y + i, w, w_stride, rows + i, row_stride, count);
  for (; i < n; i++) accumulate_rows_fixed<1>(y + i, w, w_stride, rows + i, row_stride, count);
}

// out (N) = sum_i a[i] * mt[i, s0 .. s0+N), i increasing, with the N sums in registers
template <int N>
inline void block_dots_fixed(float* out, const float* a, float a_scale, const float* mt, int T, int s0, int hs) {
  float acc[N] = {};
  for (int i = 0; i < hs; i++) {
    const float ai = a[i] * a_scale;
    const float* row = mt + (size_t)i * T + s0;
#pragma omp simd
    for (int j = 0; j < N; j++) acc[j] += ai * row[j];
  }
  for (int j = 0; j < N; j++) out[j] = acc[j];
}

// out (n) = sum_i a[i] * mt[i, s0 .. s0+n), with mt (hs, T) row-major: a block of dot products a . m[s]
inline void block_dots(float* out, const float* a, float a_scale, const float* mt, int T, int s0, int n, int hs) {
  if (n == kKeyBlock) return block_dots_fixed<kKeyBlock>(out, a, a_scale, mt, T, s0, hs);
  for (int j = 0; j < n; j++) out[j] = 0.0f;
  for (int i = 0; i < hs; i++) {
    const float ai = a[i] * a_scale;
    const float* row = mt + (size_t)i * T + s0;
#pragma omp simd
    for (int j = 0; j < n; j++) out[j] += ai * row[j];
  }
}

// dst (hs, T) = the hs-wide slice at `offset` of every row of src (T, row_stride), transposed: by 8x8 blocks in
// registers where T and hs allow, element by element otherwise (the same bits either way: only moves).
inline void transpose_slice(float* dst, const float* src, size_t row_stride, int T, int hs) {
#ifdef CLUSTERLENS_HAVE_SHUFFLE
  if (T % 8 == 0 && hs % 8 == 0) {
    for (int s0 = 0; s0 < T; s0 += 8)
      for (int i0 = 0; i0 < hs; i0 += 8) transpose_8_columns<8>(dst + (size_t)i0 * T + s0, T, src + s0 * row_stride + i0, (long)row_stride);
    return;
  }
#endif
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
        // Two loops: the exponentials vectorise, the sum keeps its order (j = 0, 1, ...).
        for (int j = 0; j < n; j++) scores[j] = fast_exp(scores[j] - running_max);
        for (int j = 0; j < n; j++) denom += scores[j];
        accumulate_rows(acc, scores, 1, base + s0 * row + 2 * C, (long)row, n, hs);  // acc += scores[j] v_(s0+j)
      }
      const float inv = 1.0f / denom;
      for (int i = 0; i < hs; i++) acc[i] *= inv;
      lse[(size_t)bh * T + t] = running_max + portable_logf(denom);
    }
  }
}

// Recomputes p[t,s] = exp(q_t.k_s * scale - lse_t) and accumulates into dqkv (B,T,3C).
// With dp = dout_t.v_s and D_t = dout_t.out_t, the softmax gradient is ds = p * (dp - D_t). Per (batch, head): the
// rows of p and ds first (t = 0..T-1, keys s <= t), then dq_t = sum over s of ds[t,s] k_s, dk_s = sum over t >= s
// of ds[t,s] q_t and dv_s = sum over t >= s of p[t,s] dout_t, each a sum in increasing s or t added into dqkv.
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
    const float* dy0 = dout + (size_t)b * T * C + (size_t)h * hs;  // dout_t at dy0 + t * C
    float* kt = scratch((size_t)2 * hs * T + (size_t)2 * T * T);
    float* vt = kt + (size_t)hs * T;
    float* p = vt + (size_t)hs * T;  // (T,T), row t holds keys 0..t
    float* ds = p + (size_t)T * T;   // (T,T), likewise
    transpose_slice(kt, base + C, row, T, hs);
    transpose_slice(vt, base + 2 * C, row, T, hs);
    for (int t = 0; t < T; t++) {
      const float* q = base + t * row;
      const float* dy = dy0 + (size_t)t * C;
      const float* y = out + ((size_t)b * T + t) * C + (size_t)h * hs;
      const float row_lse = lse[(size_t)bh * T + t];
      const float D = dot(dy, y, hs);
      float* p_row = p + (size_t)t * T;
      float* ds_row = ds + (size_t)t * T;
      for (int s0 = 0; s0 <= t; s0 += kKeyBlock) {
        const int n = t + 1 - s0 < kKeyBlock ? t + 1 - s0 : kKeyBlock;
        block_dots(p_row + s0, q, scale, kt, T, s0, n, hs);
        block_dots(ds_row + s0, dy, 1.0f, vt, T, s0, n, hs);
        for (int j = s0; j < s0 + n; j++) {
          p_row[j] = fast_exp(p_row[j] - row_lse);
          ds_row[j] = p_row[j] * (ds_row[j] - D) * scale;
        }
      }
      accumulate_rows(dbase + t * row, ds_row, 1, base + C, (long)row, t + 1, hs);
    }
    for (int s = 0; s < T; s++) {
      const long from = (long)s * T + s;  // (t = s, s) in p and ds; column s runs down with stride T
      accumulate_rows(dbase + s * row + C, ds + from, T, base + s * row, (long)row, T - s, hs);
      accumulate_rows(dbase + s * row + 2 * C, p + from, T, dy0 + (size_t)s * C, C, T - s, hs);
    }
  }
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
