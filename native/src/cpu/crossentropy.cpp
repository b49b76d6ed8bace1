// Weighted next-token cross-entropy over logits.
#include <cmath>

#include "clusterlens/portable_math.hpp"
#include "simd_path.hpp"
#include "fastmath.hpp"
#include "lane_sum.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {

namespace {

inline bool kept(const int* targets, const float* weights, int i) {
  return targets[i] >= 0 && (!weights || weights[i] != 0.0f);
}

// log sum exp of one row of V logits, stable against overflow
inline float row_logsumexp(const float* x, int V) {
  float m = x[0];
  for (int j = 1; j < V; j++) m = x[j] > m ? x[j] : m;
  const float s = lane_sum<float>(V, [&](int j) { return fast_exp(x[j] - m); });
  return m + portable_logf(s);
}

}  // namespace

double crossentropy_forward(float* logprobs, double* weight_sum, const float* logits, const int* targets,
                            const float* weights, int N, int V, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int i = 0; i < N; i++) {
    const float* x = logits + (size_t)i * V;
    logprobs[i] = kept(targets, weights, i) ? x[targets[i]] - row_logsumexp(x, V) : 0.0f;
  }
  // The reduction runs in row order on one thread so that the loss is thread-count independent.
  double loss = 0.0, wsum = 0.0;
  for (int i = 0; i < N; i++) {
    if (!kept(targets, weights, i)) continue;
    double w = weights ? weights[i] : 1.0;
    loss -= w * logprobs[i];
    wsum += w;
  }
  *weight_sum = wsum;
  return loss;
}

void crossentropy_backward(float* dlogits, const float* logits, const int* targets, const float* weights,
                           float scale, int N, int V, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int i = 0; i < N; i++) {
    const float* x = logits + (size_t)i * V;
    float* d = dlogits + (size_t)i * V;
    if (!kept(targets, weights, i)) {
      for (int j = 0; j < V; j++) d[j] = 0.0f;
      continue;
    }
    float w = scale * (weights ? weights[i] : 1.0f);
    float lse = row_logsumexp(x, V);
#pragma omp simd
    for (int j = 0; j < V; j++) d[j] = w * fast_exp(x[j] - lse);
    d[targets[i]] -= w;
  }
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
