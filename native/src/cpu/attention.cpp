// Fused causal self-attention with an online softmax over blocks of keys (FlashAttention style): one pass over the
// keys, no (T,T) buffers, forward or backward. Per (batch, head), tiles of 16 query rows meet blocks of 16 keys with
// one query row per vector lane (row_lanes.hpp), so a block's scores, softmax and sums are vector operations across
// the rows, each row's arithmetic that of a row-at-a-time loop, in the same order; products are summed by fused
// multiply-adds (fused.hpp), the same on every path.
#include <algorithm>
#include <cmath>

#include "clusterlens/portable_math.hpp"
#include "simd_path.hpp"
#include "fastmath.hpp"
#include "fused.hpp"
#include "lane_sum.hpp"
#include "row_lanes.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

namespace {

constexpr int kKeyBlock = 16;  // keys per online-softmax step; fixed, so results never depend on threads

// y_a (N floats at y + a y_stride, a < A) = (first ? +0 : y_a) + sum over b < count of w[a wa + b wb] x_b, with x_b at
// x + b x_stride, added one term at a time in increasing b (rounded after the product and after the sum), the A N
// sums held in registers.
template <int N, int A>
inline void accumulate_rows_fixed(float* y, long y_stride, bool first, const float* w, long wa, long wb, const float* x,
                                  long x_stride, int count) {
  float acc[A][N];
  for (int a = 0; a < A; a++)
    for (int i = 0; i < N; i++) acc[a][i] = first ? 0.0f : y[a * y_stride + i];
  for (int b = 0; b < count; b++) {
    const float* xb = x + b * x_stride;
    for (int a = 0; a < A; a++) {
      const float wab = w[a * wa + b * wb];
#pragma omp simd
      for (int i = 0; i < N; i++) acc[a][i] = __builtin_fmaf(wab, xb[i], acc[a][i]);
    }
  }
  for (int a = 0; a < A; a++)
    for (int i = 0; i < N; i++) y[a * y_stride + i] = acc[a][i];
}

// The same for `outputs` rows of n floats: four rows at a time in 16-float slices, then single rows in 32-, 16-, 8-
// and 1-float slices; each element's sum is the same whatever its group and slice.
inline void accumulate_rows(float* y, long y_stride, int outputs, bool first, const float* w, long wa, long wb,
                            const float* x, long x_stride, int count, int n) {
  int a = 0;
  for (; a + 4 <= outputs; a += 4) {
    float* ya = y + a * y_stride;
    const float* wa0 = w + a * wa;
    int i = 0;
    for (; i + 16 <= n; i += 16) accumulate_rows_fixed<16, 4>(ya + i, y_stride, first, wa0, wa, wb, x + i, x_stride, count);
    for (; i + 8 <= n; i += 8) accumulate_rows_fixed<8, 4>(ya + i, y_stride, first, wa0, wa, wb, x + i, x_stride, count);
    for (; i < n; i++) accumulate_rows_fixed<1, 4>(ya + i, y_stride, first, wa0, wa, wb, x + i, x_stride, count);
  }
  for (; a < outputs; a++) {
    float* ya = y + a * y_stride;
    const float* wa0 = w + a * wa;
    int i = 0;
    for (; i + 32 <= n; i += 32) accumulate_rows_fixed<32, 1>(ya + i, y_stride, first, wa0, wa, wb, x + i, x_stride, count);
    for (; i + 16 <= n; i += 16) accumulate_rows_fixed<16, 1>(ya + i, y_stride, first, wa0, wa, wb, x + i, x_stride, count);
    for (; i + 8 <= n; i += 8) accumulate_rows_fixed<8, 1>(ya + i, y_stride, first, wa0, wa, wb, x + i, x_stride, count);
    for (; i < n; i++) accumulate_rows_fixed<1, 1>(ya + i, y_stride, first, wa0, wa, wb, x + i, x_stride, count);
  }
}

// A tile's rows sit in vector lanes (row_lanes.hpp). kRows = kKeyBlock, so that a tile's key blocks are either
// visible to all its rows or its diagonal block.
constexpr int kRows = kKeyBlock;
static_assert(kRows == kLaneRows, "a tile of query rows is one row of lanes");
#if defined(CLUSTERLENS_PATH_AVX512)
#define ATTENTION_VL 16
#elif defined(CLUSTERLENS_PATH_AVX2)
#define ATTENTION_VL 8
#else
#define ATTENTION_VL 4
#endif
typedef float vf __attribute__((vector_size(ATTENTION_VL * sizeof(float))));
constexpr int NV = kRows / ATTENTION_VL;  // vectors per row of lanes

// p[j] lane r = value for 0 < j < keys and r < j: the keys of a diagonal block that row t0+r must not see
inline void mask_future_keys(float* p, int keys, float value) {
  for (int j = 1; j < keys; j++)
    for (int r = 0; r < j; r++) p[j * kRows + r] = value;
}

// p[j] lane r (j < kKeyBlock) = sum over i of k_j[i] * qs[i] lane r, i increasing from +0, with k_j the key at
// keys0 + j * row; keys past `keys` repeat the last one (nothing past the sequence is read; their scores are unused).
// Four keys at a time, so that 4 NV sums are in flight.
inline void block_scores(float* p, const float* qs, const float* keys0, size_t row, int keys, int hs) {
  for (int j0 = 0; j0 < keys; j0 += 4) {
    const float* k0 = keys0 + j0 * row;
    const float* k1 = keys0 + std::min(j0 + 1, keys - 1) * row;
    const float* k2 = keys0 + std::min(j0 + 2, keys - 1) * row;
    const float* k3 = keys0 + std::min(j0 + 3, keys - 1) * row;
    vf a[4][NV] = {};
    for (int i = 0; i < hs; i++) {
      const vf* q = (const vf*)(qs + i * kRows);
      for (int n = 0; n < NV; n++) {
        a[0][n] = fused_multiply_add(q[n], k0[i], a[0][n]);
        a[1][n] = fused_multiply_add(q[n], k1[i], a[1][n]);
        a[2][n] = fused_multiply_add(q[n], k2[i], a[2][n]);
        a[3][n] = fused_multiply_add(q[n], k3[i], a[3][n]);
      }
    }
    for (int jj = 0; jj < 4; jj++)
      for (int n = 0; n < NV; n++) ((vf*)(p + (j0 + jj) * kRows))[n] = a[jj][n];
  }
}

// acc[i] lane r (+)= sum over j < keys of v_j[i] * p[j] lane r, j increasing, with v_j at values0 + j * row; starting
// from +0 when `first`. Four i at a time, so that 4 NV sums are in flight.
inline void accumulate_values(float* acc, bool first, const float* p, int keys, const float* values0, size_t row, int hs) {
  int i = 0;
  for (; i + 4 <= hs; i += 4) {
    vf a[4][NV] = {};
    if (!first)
      for (int ii = 0; ii < 4; ii++)
        for (int n = 0; n < NV; n++) a[ii][n] = ((const vf*)(acc + (i + ii) * kRows))[n];
    for (int j = 0; j < keys; j++) {
      const float* v = values0 + j * row + i;
      const vf* pj = (const vf*)(p + j * kRows);
      for (int n = 0; n < NV; n++) {
        a[0][n] = fused_multiply_add(pj[n], v[0], a[0][n]);
        a[1][n] = fused_multiply_add(pj[n], v[1], a[1][n]);
        a[2][n] = fused_multiply_add(pj[n], v[2], a[2][n]);
        a[3][n] = fused_multiply_add(pj[n], v[3], a[3][n]);
      }
    }
    for (int ii = 0; ii < 4; ii++)
      for (int n = 0; n < NV; n++) ((vf*)(acc + (i + ii) * kRows))[n] = a[ii][n];
  }
  for (; i < hs; i++) {
    vf a[NV] = {};
    if (!first)
      for (int n = 0; n < NV; n++) a[n] = ((const vf*)(acc + i * kRows))[n];
    for (int j = 0; j < keys; j++)
      for (int n = 0; n < NV; n++) a[n] = fused_multiply_add(((const vf*)(p + j * kRows))[n], values0[j * row + i], a[n]);
    for (int n = 0; n < NV; n++) ((vf*)(acc + i * kRows))[n] = a[n];
  }
}

}  // namespace

// qkv (B,T,3C) -> out (B,T,C), lse (B,NH,T). Each (b, h) pair is one independent task, split into tiles of kRows
// query rows; a tile meets its keys in blocks of kKeyBlock, with one lane per query row: block_scores gives every
// score of a key block, then the block's maximum, rescale, exponentials, denominator and output update run on all
// rows of the tile at once (what a row-at-a-time loop does for each row, in the same order).
void attention_forward(float* out, float* lse, const float* qkv, int B, int T, int C, int NH, int threads) {
  const int hs = C / NH;
  const float scale = 1.0f / std::sqrt((float)hs);
  const size_t row = (size_t)3 * C;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int bh = 0; bh < B * NH; bh++) {
    const int b = bh / NH, h = bh % NH;
    const float* base = qkv + (size_t)b * T * row + (size_t)h * hs;  // q_t at base + t row, k_t at + C, v_t at + 2C
    float* qs = lane_scratch(2 * (size_t)hs + kKeyBlock);  // qs[i] lane r = q_(t0+r)[i] * scale
    float* acc = qs + (size_t)hs * kRows;                   // acc[i] lane r: row t0+r's output, not yet divided
    float* p = acc + (size_t)hs * kRows;                    // p[j] lane r: score, then weight of key s0+j
    for (int t0 = 0; t0 < T; t0 += kRows) {
      const int rows = std::min(kRows, T - t0);
      rows_to_lanes(qs, base + t0 * row, row, rows, hs, scale);
      float running_max[kRows], denom[kRows] = {}, block_max[kRows], correction[kRows];
      for (int s0 = 0; s0 <= t0; s0 += kKeyBlock) {
        const bool diagonal = s0 == t0;  // key s0+j is visible to row t0+r iff j <= r; earlier blocks are whole
        const int keys = diagonal ? rows : kKeyBlock;
        block_scores(p, qs, base + s0 * row + C, row, keys, hs);
        if (diagonal) mask_future_keys(p, keys, -INFINITY);
        for (int r = 0; r < kRows; r++) block_max[r] = p[r];
        for (int j = 1; j < keys; j++)
          for (int r = 0; r < kRows; r++) block_max[r] = p[j * kRows + r] > block_max[r] ? p[j * kRows + r] : block_max[r];
        const bool first = s0 == 0;  // nothing accumulated yet: no rescale (0 times anything finite stays 0)
        if (first) {
          for (int r = 0; r < kRows; r++) running_max[r] = block_max[r];
        } else {
          // A new maximum rescales what has been accumulated so far; other rows keep theirs (times 1, exactly).
          for (int r = 0; r < kRows; r++) {
            const float e = fast_exp(running_max[r] - block_max[r]);
            const bool raised = block_max[r] > running_max[r];
            correction[r] = raised ? e : 1.0f;
            running_max[r] = raised ? block_max[r] : running_max[r];
            denom[r] *= correction[r];
          }
          for (int i = 0; i < hs; i++)
            for (int r = 0; r < kRows; r++) acc[i * kRows + r] *= correction[r];
        }
        for (int j = 0; j < keys; j++)
          for (int r = 0; r < kRows; r++) p[j * kRows + r] = fast_exp(p[j * kRows + r] - running_max[r]);
        if (diagonal) mask_future_keys(p, keys, 0.0f);
        for (int j = 0; j < keys; j++)
          for (int r = 0; r < kRows; r++) denom[r] += p[j * kRows + r];
        accumulate_values(acc, first, p, keys, base + s0 * row + 2 * C, row, hs);  // acc[i] += v_(s0+j)[i] p[j]
      }
      for (int r = 0; r < rows; r++) {
        float* y = out + ((size_t)b * T + t0 + r) * C + (size_t)h * hs;
        const float inv = 1.0f / denom[r];
        for (int i = 0; i < hs; i++) y[i] = acc[i * kRows + r] * inv;
        lse[(size_t)bh * T + t0 + r] = running_max[r] + portable_logf(denom[r]);
      }
    }
  }
}

// Recomputes p[t,s] = exp(q_t.k_s * scale - lse_t) and writes dqkv (B,T,3C). With dp = dout_t.v_s and D_t =
// dout_t.out_t, the softmax gradient is ds = p * (dp - D_t). The forward pass's tiles: per tile of kRows query rows and
// block of kKeyBlock keys, p and ds with one lane per row, then dq_t = sum over s of ds[t,s] k_s, dk_s = sum over
// t >= s of ds[t,s] q_t and dv_s = sum over t >= s of p[t,s] dout_t, each summed from +0 in increasing s or t (key
// blocks in order within a tile, tiles in order). The zero terms of masked keys leave such a sum unchanged: a sum
// started at +0 is never -0.
void attention_backward(float* dqkv, const float* dout, const float* qkv, const float* out,
                        const float* lse, int B, int T, int C, int NH, int threads) {
  const int hs = C / NH;
  const float scale = 1.0f / std::sqrt((float)hs);
  const size_t row = (size_t)3 * C;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int bh = 0; bh < B * NH; bh++) {
    const int b = bh / NH, h = bh % NH;
    const float* base = qkv + (size_t)b * T * row + (size_t)h * hs;  // q_t at base + t row, k_t at + C, v_t at + 2C
    float* dbase = dqkv + (size_t)b * T * row + (size_t)h * hs;      // likewise dq, dk, dv
    const float* dy0 = dout + (size_t)b * T * C + (size_t)h * hs;   // dout_t at dy0 + t C, out_t at y0 + t C
    const float* y0 = out + (size_t)b * T * C + (size_t)h * hs;
    float* qs = lane_scratch(3 * (size_t)hs + 2 * kKeyBlock);  // qs[i] lane r = q_(t0+r)[i] * scale
    float* dys = qs + (size_t)hs * kRows;                       // dys[i] lane r = dout_(t0+r)[i]
    float* ys = dys + (size_t)hs * kRows;                       // ys[i] lane r = out_(t0+r)[i]
    float* p = ys + (size_t)hs * kRows;                         // p[j] lane r: score, then p of key s0+j
    float* ds = p + (size_t)kKeyBlock * kRows;                  // ds[j] lane r: dp, then ds
    for (int t0 = 0; t0 < T; t0 += kRows) {
      const int rows = std::min(kRows, T - t0);
      rows_to_lanes(qs, base + t0 * row, row, rows, hs, scale);
      rows_to_lanes(dys, dy0 + (size_t)t0 * C, C, rows, hs, 1.0f);
      rows_to_lanes(ys, y0 + (size_t)t0 * C, C, rows, hs, 1.0f);
      // D lane r = dout_(t0+r) . out_(t0+r), summed in lane_sum's order for each row
      const RowLanes D = lane_sum<RowLanes>(hs, [&](int i) {
        RowLanes term;
        for (int r = 0; r < kRows; r++) term.v[r] = dys[i * kRows + r] * ys[i * kRows + r];
        return term;
      });
      float row_lse[kRows] = {};
      for (int r = 0; r < rows; r++) row_lse[r] = lse[(size_t)bh * T + t0 + r];
      for (int s0 = 0; s0 <= t0; s0 += kKeyBlock) {
        const bool diagonal = s0 == t0;  // key s0+j is visible to row t0+r iff j <= r; earlier blocks are whole
        const int keys = diagonal ? rows : kKeyBlock;
        block_scores(p, qs, base + s0 * row + C, row, keys, hs);
        block_scores(ds, dys, base + s0 * row + 2 * C, row, keys, hs);
        for (int j = 0; j < keys; j++)
          for (int r = 0; r < kRows; r++) {
            p[j * kRows + r] = fast_exp(p[j * kRows + r] - row_lse[r]);
            ds[j * kRows + r] = p[j * kRows + r] * (ds[j * kRows + r] - D.v[r]) * scale;
          }
        if (diagonal) {
          mask_future_keys(p, keys, 0.0f);
          mask_future_keys(ds, keys, 0.0f);
        }
        // dq_(t0+r) += ds[j] lane r k_(s0+j); dk_(s0+j) += ds[j] lane r q_(t0+r); dv_(s0+j) += p[j] lane r dout_(t0+r).
        // dq starts at the first key block, a key block's dk and dv at the tile of its diagonal.
        accumulate_rows(dbase + t0 * row, row, rows, s0 == 0, ds, 1, kRows, base + s0 * row + C, row, keys, hs);
        accumulate_rows(dbase + s0 * row + C, row, keys, diagonal, ds, kRows, 1, base + t0 * row, row, rows, hs);
        accumulate_rows(dbase + s0 * row + 2 * C, row, keys, diagonal, p, kRows, 1, dy0 + (size_t)t0 * C, C, rows, hs);
      }
    }
  }
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
