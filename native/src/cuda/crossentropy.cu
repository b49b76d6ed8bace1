// Weighted next-token cross-entropy over logits on the device: one warp per row; the loss and the weight sum are
// reduced in double, per block, and added on the host in block order.
#include <vector>

#include "clusterlens/cuda_kernels.hpp"
#include "launch.cuh"

namespace clusterlens::cuda {

namespace {

constexpr int kWarpsPerBlock = 8;

__device__ inline bool kept(const int* targets, const float* weights, int i) {
  return targets[i] >= 0 && (!weights || weights[i] != 0.0f);
}

// log sum exp of a row of V logits, from the lanes' strided shares
__device__ inline float row_logsumexp(const float* x, int V, int lane) {
  float m = -INFINITY;
  for (int j = lane; j < V; j += 32) m = fmaxf(m, x[j]);
  m = warp_max(m);
  float s = 0.0f;
  for (int j = lane; j < V; j += 32) s += expf(x[j] - m);
  return m + logf(warp_sum(s));
}

__global__ void logprobs_kernel(float* logprobs, const float* logits, const int* targets, const float* weights, int N,
                                int V) {
  const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32, lane = threadIdx.x % 32;
  if (row >= N) return;
  const float* x = logits + (size_t)row * V;
  if (!kept(targets, weights, row)) {
    if (lane == 0) logprobs[row] = 0.0f;
    return;
  }
  const float lse = row_logsumexp(x, V, lane);
  if (lane == 0) logprobs[row] = x[targets[row]] - lse;
}

// partials[2 block] = sum of -w logprob, partials[2 block + 1] = sum of w, over the block's grid-strided rows
constexpr unsigned kSumBlocks = 32, kSumThreads = 256;
__global__ void loss_sums_kernel(double* partials, const float* logprobs, const int* targets, const float* weights,
                                 int N) {
  __shared__ double loss_warps[kSumThreads / 32], weight_warps[kSumThreads / 32];
  double loss = 0.0, wsum = 0.0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < N; i += gridDim.x * blockDim.x) {
    if (!kept(targets, weights, i)) continue;
    const double w = weights ? weights[i] : 1.0;
    loss -= w * logprobs[i];
    wsum += w;
  }
  loss = warp_sum(loss);
  wsum = warp_sum(wsum);
  if (threadIdx.x % 32 == 0) loss_warps[threadIdx.x / 32] = loss, weight_warps[threadIdx.x / 32] = wsum;
  __syncthreads();
  if (threadIdx.x != 0) return;
  double l = 0.0, w = 0.0;
  for (unsigned k = 0; k < kSumThreads / 32; k++) l += loss_warps[k], w += weight_warps[k];
  partials[2 * blockIdx.x] = l;
  partials[2 * blockIdx.x + 1] = w;
}

__global__ void crossentropy_backward_kernel(float* dlogits, const float* logits, const int* targets,
                                             const float* weights, float scale, int N, int V) {
  const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32, lane = threadIdx.x % 32;
  if (row >= N) return;
  const float* x = logits + (size_t)row * V;
  float* d = dlogits + (size_t)row * V;
  if (!kept(targets, weights, row)) {
    for (int j = lane; j < V; j += 32) d[j] = 0.0f;
    return;
  }
  const float w = scale * (weights ? weights[row] : 1.0f);
  const float lse = row_logsumexp(x, V, lane);
  const int target = targets[row];
  for (int j = lane; j < V; j += 32) d[j] = w * expf(x[j] - lse) - (j == target ? w : 0.0f);
}

unsigned row_blocks(int N) { return (unsigned)((N + kWarpsPerBlock - 1) / kWarpsPerBlock); }

}  // namespace

double crossentropy_forward(float* logprobs, double* weight_sum, const float* logits, const int* targets,
                            const float* weights, int N, int V) {
  *weight_sum = 0.0;
  if (N <= 0) return 0.0;
  logprobs_kernel<<<row_blocks(N), 32 * kWarpsPerBlock>>>(logprobs, logits, targets, weights, N, V);
  check_launch("crossentropy_forward");
  double* partials = nullptr;
  check(cudaMalloc(&partials, 2 * kSumBlocks * sizeof(double)), "crossentropy_forward: cudaMalloc");
  loss_sums_kernel<<<kSumBlocks, kSumThreads>>>(partials, logprobs, targets, weights, N);
  std::vector<double> host(2 * kSumBlocks);
  cudaError_t launched = cudaGetLastError();
  cudaError_t copied = cudaMemcpy(host.data(), partials, host.size() * sizeof(double), cudaMemcpyDeviceToHost);
  cudaFree(partials);
  check(launched, "crossentropy_forward sums");
  check(copied, "crossentropy_forward: cudaMemcpy");
  double loss = 0.0;
  for (unsigned b = 0; b < kSumBlocks; b++) loss += host[2 * b], *weight_sum += host[2 * b + 1];
  return loss;
}

void crossentropy_backward(float* dlogits, const float* logits, const int* targets, const float* weights,
                           float scale, int N, int V) {
  if (N <= 0) return;
  crossentropy_backward_kernel<<<row_blocks(N), 32 * kWarpsPerBlock>>>(dlogits, logits, targets, weights, scale, N, V);
  check_launch("crossentropy_backward");
}

}  // namespace clusterlens::cuda
