// Fully connected layer in Hugging Face Conv1D layout: weight (C,OC) = [in, out].
#include "simd_path.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

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
  // Each chunk of output channels sums its column over rows in order: thread-count independent.
  const int chunk = 64;
  const int n_chunks = (OC + chunk - 1) / chunk;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int ci = 0; ci < n_chunks; ci++) {
    int j0 = ci * chunk, j1 = j0 + chunk < OC ? j0 + chunk : OC;
    float acc[64] = {0};
    for (int i = 0; i < N; i++) {
      const float* d = dout + (size_t)i * OC;
      for (int j = j0; j < j1; j++) acc[j - j0] += d[j];
    }
    for (int j = j0; j < j1; j++) dbias[j] += acc[j - j0];
  }
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
