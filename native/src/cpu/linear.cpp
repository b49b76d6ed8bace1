// Fully connected layer in Hugging Face Conv1D layout: weight (C,OC) = [in, out].
#include <algorithm>

#include "simd_path.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

namespace {

constexpr int kBiasChunk = 64;  // output channels per task of the bias gradient

// dbias[j] += sum over rows i of dout[i, j], i increasing, for the W channels j0 .. j0+W-1 (W <= kBiasChunk). A
// fixed W keeps the W sums in registers (a chunk of 64 is eight AVX2 vectors).
template <int W>
void add_column_sums(float* dbias, const float* dout, int N, int OC, int j0) {
  float acc[W] = {};
  for (int i = 0; i < N; i++) {
    const float* d = dout + (size_t)i * OC + j0;
    for (int j = 0; j < W; j++) acc[j] += d[j];
  }
  for (int j = 0; j < W; j++) dbias[j0 + j] += acc[j];
}

}  // namespace

// out (N,OC) = inp (N,C) @ weight (C,OC) + bias (OC)
void linear_forward(float* out, const float* inp, const float* weight, const float* bias,
                    int N, int C, int OC, int threads) {
  sgemm(false, false, N, OC, C, inp, C, weight, OC, 0.0f, out, OC, threads);
  if (!bias) return;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int i = 0; i < N; i++) {
    float* o = out + (size_t)i * OC;
    for (int j = 0; j < OC; j++) o[j] += bias[j];
  }
}

// dinp (N,C) = dout (N,OC) @ weight^T (written); dweight (C,OC) += inp^T @ dout; dbias (OC) += column sums of dout
void linear_backward(float* dinp, float* dweight, float* dbias, const float* dout,
                     const float* inp, const float* weight, int N, int C, int OC, int threads) {
  if (dinp) sgemm(false, true, N, C, OC, dout, OC, weight, OC, 0.0f, dinp, C, threads);
  sgemm(true, false, C, OC, N, inp, C, dout, OC, 1.0f, dweight, OC, threads);
  if (!dbias) return;
  // Each chunk of output channels sums its columns over rows in order: thread-count independent. A last, partial
  // chunk (all of them when OC < 64, as in a small model) goes in narrower fixed widths, then one channel at a time;
  // a channel's sum is the same whatever the width that holds it.
  const int n_chunks = (OC + kBiasChunk - 1) / kBiasChunk;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int ci = 0; ci < n_chunks; ci++) {
    int j = ci * kBiasChunk;
    const int end = std::min(OC, j + kBiasChunk);
    if (end - j == kBiasChunk) {
      add_column_sums<kBiasChunk>(dbias, dout, N, OC, j);
      continue;
    }
    for (; j + 32 <= end; j += 32) add_column_sums<32>(dbias, dout, N, OC, j);
    for (; j + 8 <= end; j += 8) add_column_sums<8>(dbias, dout, N, OC, j);
    for (; j < end; j++) add_column_sums<1>(dbias, dout, N, OC, j);
  }
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
