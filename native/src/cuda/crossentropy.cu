// Weighted next-token cross-entropy over logits on the device: one warp per row; the loss and the weight sum are
// reduced in double, per block, then the blocks' partials in block order.
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
static_assert(2 * kSumBlocks <= kReductionScratch, "scratch for the partial sums");
__global__ void loss_partials_kernel(double* partials, const float* logprobs, const int* targets, const float* weights,
                                     int N) {
  double loss = 0.0, wsum = 0.0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < N; i += gridDim.x * blockDim.x) {
    if (!kept(targets, weights, i)) continue;
    const double w = weights ? weights[i] : 1.0;
    loss -= w * logprobs[i];
    wsum += w;
  }
  loss = block_sum(loss);
  wsum = block_sum(wsum);
  if (threadIdx.x != 0) return;
  partials[2 * blockIdx.x] = loss;
  partials[2 * blockIdx.x + 1] = wsum;
}

__global__ void loss_total_kernel(StepScalars* scalars, const double* partials) {
  scalars->loss_sum = ordered_sum(partials, kSumBlocks, 2, 0);
  scalars->weight_sum = ordered_sum(partials, kSumBlocks, 2, 1);
}

// scale: the given one, or 1 / weight_sum read from `mean` on the device when that is set
__global__ void crossentropy_backward_kernel(float* dlogits, const float* logits, const int* targets,
                                             const float* weights, float scale, const StepScalars* mean, int N, int V) {
  const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32, lane = threadIdx.x % 32;
  if (row >= N) return;
  const float* x = logits + (size_t)row * V;
  float* d = dlogits + (size_t)row * V;
  if (!kept(targets, weights, row)) {
    for (int j = lane; j < V; j += 32) d[j] = 0.0f;
    return;
  }
  if (mean) scale = (float)(1.0 / mean->weight_sum);
  const float w = scale * (weights ? weights[row] : 1.0f);
  const float lse = row_logsumexp(x, V, lane);
  const int target = targets[row];
  for (int j = lane; j < V; j += 32) d[j] = w * expf(x[j] - lse) - (j == target ? w : 0.0f);
}

unsigned row_blocks(int N) { return (unsigned)((N + kWarpsPerBlock - 1) / kWarpsPerBlock); }

}  // namespace

void crossentropy_logprobs(float* logprobs, const float* logits, const int* targets, const float* weights, int N, int V) {
  if (N <= 0) return;
  logprobs_kernel<<<row_blocks(N), 32 * kWarpsPerBlock, 0, current_stream()>>>(logprobs, logits, targets, weights, N, V);
  check_launch("crossentropy_logprobs");
}

void crossentropy_sums(StepScalars* scalars, const float* logprobs, const int* targets, const float* weights, int N,
                       double* scratch) {
  loss_partials_kernel<<<kSumBlocks, kSumThreads, 0, current_stream()>>>(scratch, logprobs, targets, weights, N);
  check_launch("crossentropy_sums");
  loss_total_kernel<<<1, 1, 0, current_stream()>>>(scalars, scratch);
  check_launch("crossentropy_sums total");
}

double crossentropy_forward(float* logprobs, double* weight_sum, const float* logits, const int* targets,
                            const float* weights, int N, int V) {
  *weight_sum = 0.0;
  if (N <= 0) return 0.0;
  crossentropy_logprobs(logprobs, logits, targets, weights, N, V);
  DeviceScalars reduced;
  crossentropy_sums(reduced.scalars.get(), logprobs, targets, weights, N, reduced.scratch.get());
  const StepScalars host = reduced.read();
  *weight_sum = host.weight_sum;
  return host.loss_sum;
}

void crossentropy_backward(float* dlogits, const float* logits, const int* targets, const float* weights,
                           float scale, int N, int V) {
  if (N <= 0) return;
  crossentropy_backward_kernel<<<row_blocks(N), 32 * kWarpsPerBlock, 0, current_stream()>>>(dlogits, logits, targets, weights, scale, nullptr,
                                                                        N, V);
  check_launch("crossentropy_backward");
}

void crossentropy_backward_mean(float* dlogits, const float* logits, const int* targets, const float* weights,
                                const StepScalars* scalars, int N, int V) {
  if (N <= 0) return;
  crossentropy_backward_kernel<<<row_blocks(N), 32 * kWarpsPerBlock, 0, current_stream()>>>(dlogits, logits, targets, weights, 1.0f,
                                                                        scalars, N, V);
  check_launch("crossentropy_backward_mean");
}

}  // namespace clusterlens::cuda
