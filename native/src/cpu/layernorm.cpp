// LayerNorm over the channel dimension.
#include <algorithm>
#include <cmath>

#include "simd_path.hpp"
#include "row_lanes.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

namespace {

constexpr int kChannelChunk = 16;  // channels per task of the weight and bias gradients

// dweight[c] += sum over rows i of dout[i, c] * norm[i, c], dbias[c] += sum of dout[i, c], i increasing, for the W
// channels c0 .. c0+W-1 (W <= kChannelChunk). A fixed W keeps the sums in registers.
template <int W>
void add_weight_grads(float* dweight, float* dbias, const float* dout, const float* inp, const float* mean,
                      const float* rstd, int N, int C, int c0) {
  float dw[W] = {}, db[W] = {};
  for (int i = 0; i < N; i++) {
    const float* d = dout + (size_t)i * C + c0;
    const float* x = inp + (size_t)i * C + c0;
    for (int c = 0; c < W; c++) {
      dw[c] += d[c] * (x[c] - mean[i]) * rstd[i];
      db[c] += d[c];
    }
  }
  for (int c = 0; c < W; c++) {
    dweight[c0 + c] += dw[c];
    dbias[c0 + c] += db[c];
  }
}

}  // namespace

// out (N,C) = (inp - mean) * rstd * weight + bias; mean (N), rstd (N) kept for the backward pass. Tiles of kLaneRows
// rows: each row's mean and variance are sequential sums over its channels, run with the tile's rows in vector lanes
// (row_lanes.hpp), the same additions in the same order as a row at a time.
void layernorm_forward(float* out, float* mean, float* rstd, const float* inp,
                       const float* weight, const float* bias, int N, int C, float eps, int threads) {
  const int tiles = (N + kLaneRows - 1) / kLaneRows;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int tile = 0; tile < tiles; tile++) {
    const int i0 = tile * kLaneRows, rows = std::min(kLaneRows, N - i0);
    float* xs = lane_scratch(C);  // xs[c] lane r = inp[i0 + r][c]
    rows_to_lanes(xs, inp + (size_t)i0 * C, C, rows, C, 1.0f);
    float m[kLaneRows] = {}, var[kLaneRows] = {}, s[kLaneRows];
    for (int c = 0; c < C; c++)
      for (int r = 0; r < kLaneRows; r++) m[r] += xs[c * kLaneRows + r];
    for (int r = 0; r < kLaneRows; r++) m[r] /= C;
    for (int c = 0; c < C; c++)
      for (int r = 0; r < kLaneRows; r++) {
        float d = xs[c * kLaneRows + r] - m[r];
        var[r] += d * d;
      }
    for (int r = 0; r < kLaneRows; r++) s[r] = 1.0f / std::sqrt(var[r] / C + eps);
    for (int r = 0; r < rows; r++) {
      const float* x = inp + (size_t)(i0 + r) * C;
      float* o = out + (size_t)(i0 + r) * C;
      for (int c = 0; c < C; c++) o[c] = (x[c] - m[r]) * s[r] * weight[c] + bias[c];
      mean[i0 + r] = m[r];
      rstd[i0 + r] = s[r];
    }
  }
}

// Two passes so that no thread writes shared state: rows in parallel for dinp, then channels in
// parallel for dweight/dbias (each channel sums its rows in order, independent of thread count).
void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout,
                        const float* inp, const float* weight, const float* mean, const float* rstd,
                        int N, int C, int threads) {
  const int tiles = (N + kLaneRows - 1) / kLaneRows;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int tile = 0; tile < tiles; tile++) {
    const int i0 = tile * kLaneRows, rows = std::min(kLaneRows, N - i0);
    float* xs = lane_scratch(2 * (size_t)C);  // xs[c] lane r = inp[i0 + r][c], ds[c] lane r = dout[i0 + r][c]
    float* ds = xs + (size_t)C * kLaneRows;
    rows_to_lanes(xs, inp + (size_t)i0 * C, C, rows, C, 1.0f);
    rows_to_lanes(ds, dout + (size_t)i0 * C, C, rows, C, 1.0f);
    float m[kLaneRows] = {}, s[kLaneRows] = {};
    for (int r = 0; r < rows; r++) m[r] = mean[i0 + r], s[r] = rstd[i0 + r];
    // dnorm = dout * weight; dx = s * (dnorm - mean(dnorm) - norm * mean(dnorm * norm)); the two means in lanes
    float dnorm_mean[kLaneRows] = {}, dnorm_norm_mean[kLaneRows] = {};
    for (int c = 0; c < C; c++)
      for (int r = 0; r < kLaneRows; r++) {
        float norm = (xs[c * kLaneRows + r] - m[r]) * s[r];
        float dnorm = ds[c * kLaneRows + r] * weight[c];
        dnorm_mean[r] += dnorm;
        dnorm_norm_mean[r] += dnorm * norm;
      }
    for (int r = 0; r < rows; r++) {
      const float* d = dout + (size_t)(i0 + r) * C;
      const float* x = inp + (size_t)(i0 + r) * C;
      const float dm = dnorm_mean[r] / C, dnm = dnorm_norm_mean[r] / C;
      float* dx = dinp + (size_t)(i0 + r) * C;
      for (int c = 0; c < C; c++) {
        float norm = (x[c] - m[r]) * s[r];
        float dnorm = d[c] * weight[c];
        dx[c] += s[r] * (dnorm - dm - norm * dnm);
      }
    }
  }
  const int n_chunks = (C + kChannelChunk - 1) / kChannelChunk;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int ci = 0; ci < n_chunks; ci++) {
    const int c0 = ci * kChannelChunk;
    if (C - c0 >= kChannelChunk) add_weight_grads<kChannelChunk>(dweight, dbias, dout, inp, mean, rstd, N, C, c0);
    else
      for (int c = c0; c < C; c++) add_weight_grads<1>(dweight, dbias, dout, inp, mean, rstd, N, C, c);
  }
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
