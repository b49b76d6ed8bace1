// Causal self-attention on the device: one warp per query row (batch, head, position), its lanes splitting the head
// dimension. The forward pass runs an online softmax over the keys and keeps each row's log-sum-exp; the backward pass
// recomputes the probabilities from it and adds each row's key and value gradients atomically.
#include <stdexcept>
#include <string>

#include "clusterlens/cuda_kernels.hpp"
#include "launch.cuh"

namespace clusterlens::cuda {

namespace {

constexpr int kMaxPerLane = 8;  // head dimensions up to 32 x 8 = 256
constexpr int kWarpsPerBlock = 4;

struct Row {
  int b, h, t;
};

__device__ inline Row row_of(int warp, int T, int NH) {
  const int t = warp % T, bh = warp / T;
  return {bh / NH, bh % NH, t};
}

// out (B,T,C), lse (B,NH,T); q, k, v of position s and head h at qkv + (b T + s) 3C + {0, C, 2C} + h hs
__global__ void attention_forward_kernel(float* out, float* lse, const float* qkv, int B, int T, int C, int NH) {
  const int warp = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32, lane = threadIdx.x % 32;
  if (warp >= B * NH * T) return;
  const Row r = row_of(warp, T, NH);
  const int hs = C / NH;
  const float scale = 1.0f / sqrtf((float)hs);
  const float* base = qkv + (size_t)r.b * T * 3 * C + r.h * hs;
  float q[kMaxPerLane], acc[kMaxPerLane];
  for (int j = 0; j < kMaxPerLane; j++) {
    const int i = lane + 32 * j;
    q[j] = i < hs ? base[(size_t)r.t * 3 * C + i] * scale : 0.0f;
    acc[j] = 0.0f;
  }
  float running_max = -INFINITY, denom = 0.0f;
  for (int s = 0; s <= r.t; s++) {
    const float* k = base + (size_t)s * 3 * C + C;
    const float* v = k + C;
    float dot = 0.0f;
    for (int j = 0; j < kMaxPerLane; j++) {
      const int i = lane + 32 * j;
      if (i < hs) dot += q[j] * k[i];
    }
    const float score = warp_sum(dot);
    const float new_max = fmaxf(running_max, score);
    const float rescale = expf(running_max - new_max);  // 0 at the first key (running_max = -inf)
    const float p = expf(score - new_max);
    denom = denom * rescale + p;
    for (int j = 0; j < kMaxPerLane; j++) {
      const int i = lane + 32 * j;
      if (i < hs) acc[j] = acc[j] * rescale + p * v[i];
    }
    running_max = new_max;
  }
  float* o = out + ((size_t)r.b * T + r.t) * C + r.h * hs;
  for (int j = 0; j < kMaxPerLane; j++) {
    const int i = lane + 32 * j;
    if (i < hs) o[i] = acc[j] / denom;
  }
  if (lane == 0) lse[((size_t)r.b * NH + r.h) * T + r.t] = running_max + logf(denom);
}

// p = exp(q_t.k_s scale - lse_t), dp = dout_t.v_s, D_t = dout_t.out_t, ds = p (dp - D_t) scale:
// dq_t = sum_s ds k_s (written), dk_s += ds q_t and dv_s += p dout_t (atomic: every later row adds to them).
__global__ void attention_backward_kernel(float* dqkv, const float* dout, const float* qkv, const float* out,
                                          const float* lse, int B, int T, int C, int NH) {
  const int warp = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32, lane = threadIdx.x % 32;
  if (warp >= B * NH * T) return;
  const Row r = row_of(warp, T, NH);
  const int hs = C / NH;
  const float scale = 1.0f / sqrtf((float)hs);
  const size_t seq = (size_t)r.b * T * 3 * C + r.h * hs;
  const float* base = qkv + seq;
  float* dbase = dqkv + seq;
  const size_t at = ((size_t)r.b * T + r.t) * C + r.h * hs;
  float q[kMaxPerLane], d[kMaxPerLane], dq[kMaxPerLane];
  float D = 0.0f;
  for (int j = 0; j < kMaxPerLane; j++) {
    const int i = lane + 32 * j;
    q[j] = i < hs ? base[(size_t)r.t * 3 * C + i] : 0.0f;
    d[j] = i < hs ? dout[at + i] : 0.0f;
    dq[j] = 0.0f;
    if (i < hs) D += d[j] * out[at + i];
  }
  D = warp_sum(D);
  const float row_lse = lse[((size_t)r.b * NH + r.h) * T + r.t];
  for (int s = 0; s <= r.t; s++) {
    const float* k = base + (size_t)s * 3 * C + C;
    const float* v = k + C;
    float qk = 0.0f, dv = 0.0f;
    for (int j = 0; j < kMaxPerLane; j++) {
      const int i = lane + 32 * j;
      if (i < hs) qk += q[j] * k[i], dv += d[j] * v[i];
    }
    const float p = expf(warp_sum(qk) * scale - row_lse);
    const float ds = p * (warp_sum(dv) - D) * scale;
    float* dk = dbase + (size_t)s * 3 * C + C;
    float* dvs = dk + C;
    for (int j = 0; j < kMaxPerLane; j++) {
      const int i = lane + 32 * j;
      if (i >= hs) continue;
      dq[j] += ds * k[i];
      atomicAdd(dk + i, ds * q[j]);
      atomicAdd(dvs + i, p * d[j]);
    }
  }
  float* dqt = dbase + (size_t)r.t * 3 * C;
  for (int j = 0; j < kMaxPerLane; j++) {
    const int i = lane + 32 * j;
    if (i < hs) dqt[i] = dq[j];
  }
}

void check_heads(int C, int NH) {
  if (NH <= 0 || C % NH != 0 || C / NH > 32 * kMaxPerLane) {
    throw std::invalid_argument("attention: C = " + std::to_string(C) + " must split into NH = " +
                                std::to_string(NH) + " heads of at most " + std::to_string(32 * kMaxPerLane));
  }
}

unsigned blocks_for_rows(int B, int T, int NH) { return (unsigned)(((size_t)B * NH * T + kWarpsPerBlock - 1) / kWarpsPerBlock); }

}  // namespace

void attention_forward(float* out, float* lse, const float* qkv, int B, int T, int C, int NH) {
  check_heads(C, NH);
  if (B * T == 0) return;
  attention_forward_kernel<<<blocks_for_rows(B, T, NH), 32 * kWarpsPerBlock, 0, current_stream()>>>(out, lse, qkv, B, T, C, NH);
  check_launch("attention_forward");
}

void attention_backward(float* dqkv, const float* dout, const float* qkv, const float* out, const float* lse, int B,
                        int T, int C, int NH) {
  check_heads(C, NH);
  if (B * T == 0) return;
  check(cudaMemsetAsync(dqkv, 0, (size_t)B * T * 3 * C * sizeof(float), current_stream()), "attention_backward: cudaMemset");
  attention_backward_kernel<<<blocks_for_rows(B, T, NH), 32 * kWarpsPerBlock, 0, current_stream()>>>(dqkv, dout, qkv, out, lse, B, T, C, NH);
  check_launch("attention_backward");
}

}  // namespace clusterlens::cuda
