// Elementwise kernels on the device: embeddings, GELU, the residual sum, AdamW and the gradient norm's sum of squares.
#include <cmath>
#include <vector>

#include "clusterlens/cuda_kernels.hpp"
#include "launch.cuh"

namespace clusterlens::cuda {

namespace {

constexpr unsigned kThreads = 256;
constexpr float kGeluScale = 0.7978845608028654f;  // sqrt(2 / pi)
constexpr float kGeluCubic = 0.044715f;

__global__ void encoder_forward_kernel(float* out, const int* tokens, const float* wte, const float* wpe, int B, int T,
                                       int C) {
  const size_t idx = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (idx >= (size_t)B * T * C) return;
  const size_t bt = idx / C, c = idx % C;
  out[idx] = wte[(size_t)tokens[bt] * C + c] + wpe[(bt % T) * C + c];
}

// Two tokens may share a row of dwte and every sequence shares dwpe: atomic additions (in no fixed order).
__global__ void encoder_backward_kernel(float* dwte, float* dwpe, const float* dout, const int* tokens, int B, int T,
                                        int C) {
  const size_t idx = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (idx >= (size_t)B * T * C) return;
  const size_t bt = idx / C, c = idx % C;
  atomicAdd(dwte + (size_t)tokens[bt] * C + c, dout[idx]);
  atomicAdd(dwpe + (bt % T) * C + c, dout[idx]);
}

__global__ void gelu_forward_kernel(float* out, const float* inp, size_t n) {
  const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float x = inp[i];
  out[i] = 0.5f * x * (1.0f + tanhf(kGeluScale * (x + kGeluCubic * x * x * x)));
}

__global__ void gelu_backward_kernel(float* dinp, const float* inp, const float* dout, size_t n) {
  const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float x = inp[i];
  const float th = tanhf(kGeluScale * (x + kGeluCubic * x * x * x));
  const float sech2 = 1.0f - th * th;
  const float local = 0.5f * (1.0f + th) + 0.5f * x * sech2 * kGeluScale * (1.0f + 3.0f * kGeluCubic * x * x);
  dinp[i] = local * dout[i];
}

__global__ void residual_forward_kernel(float* out, const float* a, const float* b, size_t n) {
  const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = a[i] + b[i];
}

__global__ void adamw_kernel(float* params, const float* grads, float* m, float* v, size_t n, float step_size,
                             float beta1, float beta2, float eps, float decay, float bc2_sqrt, float grad_scale) {
  const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float g = grads[i] * grad_scale;
  const float mi = beta1 * m[i] + (1.0f - beta1) * g;
  const float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  params[i] = params[i] * decay - step_size * mi / (sqrtf(vi) / bc2_sqrt + eps);
}

// Each of kSumBlocks blocks sums a grid-strided share of x in double and writes its partial; the host adds the
// partials in block order, so the result does not depend on scheduling.
constexpr unsigned kSumBlocks = 128;
__global__ void sum_of_squares_kernel(double* partials, const float* x, size_t n) {
  __shared__ double warps[kThreads / 32];
  double s = 0.0;
  for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (size_t)gridDim.x * blockDim.x)
    s += (double)x[i] * x[i];
  s = warp_sum(s);
  if (threadIdx.x % 32 == 0) warps[threadIdx.x / 32] = s;
  __syncthreads();
  if (threadIdx.x == 0) {
    double total = 0.0;
    for (unsigned w = 0; w < kThreads / 32; w++) total += warps[w];
    partials[blockIdx.x] = total;
  }
}

// b^t by squaring in double, as the CPU's AdamW computes its bias corrections.
double power(double b, int t) {
  double result = 1.0;
  for (; t > 0; t >>= 1, b *= b)
    if (t & 1) result *= b;
  return result;
}

}  // namespace

void encoder_forward(float* out, const int* tokens, const float* wte, const float* wpe, int B, int T, int C) {
  encoder_forward_kernel<<<blocks_for((size_t)B * T * C, kThreads), kThreads>>>(out, tokens, wte, wpe, B, T, C);
  check_launch("encoder_forward");
}

void encoder_backward(float* dwte, float* dwpe, const float* dout, const int* tokens, int B, int T, int C) {
  encoder_backward_kernel<<<blocks_for((size_t)B * T * C, kThreads), kThreads>>>(dwte, dwpe, dout, tokens, B, T, C);
  check_launch("encoder_backward");
}

void gelu_forward(float* out, const float* inp, size_t n) {
  if (n == 0) return;
  gelu_forward_kernel<<<blocks_for(n, kThreads), kThreads>>>(out, inp, n);
  check_launch("gelu_forward");
}

void gelu_backward(float* dinp, const float* inp, const float* dout, size_t n) {
  if (n == 0) return;
  gelu_backward_kernel<<<blocks_for(n, kThreads), kThreads>>>(dinp, inp, dout, n);
  check_launch("gelu_backward");
}

void residual_forward(float* out, const float* a, const float* b, size_t n) {
  if (n == 0) return;
  residual_forward_kernel<<<blocks_for(n, kThreads), kThreads>>>(out, a, b, n);
  check_launch("residual_forward");
}

void adamw_update(float* params, const float* grads, float* m, float* v, size_t n, float lr, float beta1,
                  float beta2, float eps, float weight_decay, float grad_scale, int t) {
  if (n == 0) return;
  const float bc1 = (float)(1.0 - power(beta1, t));
  const float bc2_sqrt = std::sqrt((float)(1.0 - power(beta2, t)));
  adamw_kernel<<<blocks_for(n, kThreads), kThreads>>>(params, grads, m, v, n, lr / bc1, beta1, beta2, eps,
                                                       1.0f - lr * weight_decay, bc2_sqrt, grad_scale);
  check_launch("adamw_update");
}

double sum_of_squares(const float* x, size_t n) {
  double* partials = nullptr;
  check(cudaMalloc(&partials, kSumBlocks * sizeof(double)), "sum_of_squares: cudaMalloc");
  sum_of_squares_kernel<<<kSumBlocks, kThreads>>>(partials, x, n);
  std::vector<double> host(kSumBlocks);
  cudaError_t launched = cudaGetLastError();
  cudaError_t copied = cudaMemcpy(host.data(), partials, kSumBlocks * sizeof(double), cudaMemcpyDeviceToHost);
  cudaFree(partials);
  check(launched, "sum_of_squares");
  check(copied, "sum_of_squares: cudaMemcpy");
  double total = 0.0;
  for (double p : host) total += p;
  return total;
}

}  // namespace clusterlens::cuda
