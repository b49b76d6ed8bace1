// LayerNorm over the channel dimension on the device: one warp per row, and the weight and bias gradients as column
// sums over the rows.
#include "clusterlens/cuda_kernels.hpp"
#include "launch.cuh"

namespace clusterlens::cuda {

namespace {

constexpr int kWarpsPerBlock = 8;

__global__ void layernorm_forward_kernel(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                                         const float* bias, int N, int C, float eps) {
  const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32, lane = threadIdx.x % 32;
  if (row >= N) return;
  const float* x = inp + (size_t)row * C;
  float s = 0.0f;
  for (int c = lane; c < C; c += 32) s += x[c];
  const float m = warp_sum(s) / C;
  float v = 0.0f;
  for (int c = lane; c < C; c += 32) v += (x[c] - m) * (x[c] - m);
  const float r = 1.0f / sqrtf(warp_sum(v) / C + eps);
  float* o = out + (size_t)row * C;
  for (int c = lane; c < C; c += 32) o[c] = (x[c] - m) * r * weight[c] + bias[c];
  if (lane == 0) {
    mean[row] = m;
    rstd[row] = r;
  }
}

// dx = rstd * (dnorm - mean(dnorm) - norm * mean(dnorm * norm)), dnorm = dout * weight; added to dinp
__global__ void layernorm_backward_kernel(float* dinp, const float* dout, const float* inp, const float* weight,
                                          const float* mean, const float* rstd, int N, int C) {
  const int row = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32, lane = threadIdx.x % 32;
  if (row >= N) return;
  const float* x = inp + (size_t)row * C;
  const float* d = dout + (size_t)row * C;
  const float m = mean[row], r = rstd[row];
  float dnorm_sum = 0.0f, dnorm_norm_sum = 0.0f;
  for (int c = lane; c < C; c += 32) {
    const float dnorm = d[c] * weight[c];
    dnorm_sum += dnorm;
    dnorm_norm_sum += dnorm * (x[c] - m) * r;
  }
  const float dm = warp_sum(dnorm_sum) / C, dnm = warp_sum(dnorm_norm_sum) / C;
  float* dx = dinp + (size_t)row * C;
  for (int c = lane; c < C; c += 32) dx[c] += r * (d[c] * weight[c] - dm - (x[c] - m) * r * dnm);
}

// dweight[c] += sum over rows of dout * norm, dbias[c] += sum of dout: 32 channels per block, 8 row groups
constexpr int kColumns = 32, kRowGroups = 8;
__global__ void layernorm_weight_grads_kernel(float* dweight, float* dbias, const float* dout, const float* inp,
                                              const float* mean, const float* rstd, int N, int C) {
  __shared__ float dw_part[kRowGroups][kColumns], db_part[kRowGroups][kColumns];
  const int c = blockIdx.x * kColumns + threadIdx.x;
  float dw = 0.0f, db = 0.0f;
  if (c < C)
    for (int i = threadIdx.y; i < N; i += kRowGroups) {
      const float d = dout[(size_t)i * C + c];
      dw += d * (inp[(size_t)i * C + c] - mean[i]) * rstd[i];
      db += d;
    }
  dw_part[threadIdx.y][threadIdx.x] = dw;
  db_part[threadIdx.y][threadIdx.x] = db;
  __syncthreads();
  if (threadIdx.y == 0 && c < C) {
    float w = 0.0f, b = 0.0f;
    for (int g = 0; g < kRowGroups; g++) w += dw_part[g][threadIdx.x], b += db_part[g][threadIdx.x];
    dweight[c] += w;
    dbias[c] += b;
  }
}

}  // namespace

void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                       const float* bias, int N, int C, float eps) {
  const unsigned blocks = (unsigned)((N + kWarpsPerBlock - 1) / kWarpsPerBlock);
  layernorm_forward_kernel<<<blocks, 32 * kWarpsPerBlock, 0, current_stream()>>>(out, mean, rstd, inp, weight, bias, N, C, eps);
  check_launch("layernorm_forward");
}

void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                        const float* weight, const float* mean, const float* rstd, int N, int C) {
  const unsigned blocks = (unsigned)((N + kWarpsPerBlock - 1) / kWarpsPerBlock);
  layernorm_backward_kernel<<<blocks, 32 * kWarpsPerBlock, 0, current_stream()>>>(dinp, dout, inp, weight, mean, rstd, N, C);
  check_launch("layernorm_backward");
  layernorm_weight_grads_kernel<<<(C + kColumns - 1) / kColumns, dim3(kColumns, kRowGroups), 0, current_stream()>>>(dweight, dbias, dout, inp,
                                                                                             mean, rstd, N, C);
  check_launch("layernorm_backward weights");
}

}  // namespace clusterlens::cuda
