// Token + position embedding.
#include "simd_path.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

// out (B,T,C) = wte[tokens[b,t]] + wpe[t]
void encoder_forward(float* out, const int* tokens, const float* wte, const float* wpe,
                     int B, int T, int C, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int bt = 0; bt < B * T; bt++) {
    const float* tok = wte + (size_t)tokens[bt] * C;
    const float* pos = wpe + (size_t)(bt % T) * C;
    float* o = out + (size_t)bt * C;
    for (int c = 0; c < C; c++) o[c] = tok[c] + pos[c];
  }
}

// Threads split the channels, not the tokens: two tokens may share a row of dwte, and splitting by
// channel keeps every sum in token order, so the result does not depend on the thread count.
void encoder_backward(float* dwte, float* dwpe, const float* dout, const int* tokens,
                      int B, int T, int C, int V, int threads) {
  (void)V;
  const int chunk = 16;
  const int n_chunks = (C + chunk - 1) / chunk;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int ci = 0; ci < n_chunks; ci++) {
    int c0 = ci * chunk, c1 = c0 + chunk < C ? c0 + chunk : C;
    for (int bt = 0; bt < B * T; bt++) {
      const float* d = dout + (size_t)bt * C;
      float* tok = dwte + (size_t)tokens[bt] * C;
      float* pos = dwpe + (size_t)(bt % T) * C;
      for (int c = c0; c < c1; c++) {
        tok[c] += d[c];
        pos[c] += d[c];
      }
    }
  }
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
