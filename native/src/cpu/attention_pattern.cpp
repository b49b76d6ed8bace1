// Attention probabilities for inspection (TransformerLens' hook_pattern). The fused forward kernel never forms the
// (T,T) maps; it keeps each row's log-sum-exp, so a probability is exp(q_t . k_s * scale - lse_t), the same
// recomputation attention_backward does. Used only after a forward pass, never in training, so one plain portable
// function rather than a kernel per instruction-set path.
#include <cmath>

#include "clusterlens/kernels.hpp"
#include "fastmath.hpp"

namespace clusterlens::cpu {

// qkv (B,T,3C), lse (B,NH,T) -> pattern (B,NH,T,T); row t holds the probabilities over keys s <= t, zeros after.
void attention_pattern(float* pattern, const float* qkv, const float* lse, int B, int T, int C, int NH, int threads) {
  const int hs = C / NH;
  const float scale = 1.0f / std::sqrt((float)hs);
  const size_t row = (size_t)3 * C;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int bh = 0; bh < B * NH; bh++) {
    const int b = bh / NH, h = bh % NH;
    const float* base = qkv + (size_t)b * T * row + (size_t)h * hs;
    for (int t = 0; t < T; t++) {
      const float* q = base + t * row;
      const float row_lse = lse[(size_t)bh * T + t];
      float* p = pattern + ((size_t)bh * T + t) * T;
      for (int s = 0; s < T; s++) {
        if (s > t) {
          p[s] = 0.0f;
          continue;
        }
        const float* k = base + s * row + C;
        float score = 0.0f;
        for (int i = 0; i < hs; i++) score += q[i] * scale * k[i];
        p[s] = fast_exp(score - row_lse);  // the exp the forward summed into lse, the same bits on every CPU
      }
    }
  }
}

}  // namespace clusterlens::cpu
