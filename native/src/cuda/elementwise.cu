// Elementwise kernels on the device: embeddings, GELU, the residual sum, AdamW and the gradient norm's sum of squares.
#include <cmath>

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

__device__ inline float gelu_tanh(float x) { return tanhf(kGeluScale * (x + kGeluCubic * x * x * x)); }

__global__ void gelu_forward_kernel(float* out, float* tanh_out, const float* inp, size_t n) {
  const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float x = inp[i], th = gelu_tanh(x);
  if (tanh_out) tanh_out[i] = th;
  out[i] = 0.5f * x * (1.0f + th);
}

__global__ void gelu_backward_kernel(float* dinp, const float* inp, const float* tanh_in, const float* dout, size_t n) {
  const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float x = inp[i];
  const float th = tanh_in ? tanh_in[i] : gelu_tanh(x);
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

// Each of kSumBlocks blocks sums a grid-strided share of x in double and writes its partial; one thread then adds
// the partials in block order, so the result does not depend on scheduling.
constexpr unsigned kSumBlocks = 128;
static_assert(kSumBlocks <= kReductionScratch, "scratch for the partial sums");
__global__ void sum_of_squares_kernel(double* partials, const float* x, size_t n) {
  double s = 0.0;
  for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (size_t)gridDim.x * blockDim.x)
    s += (double)x[i] * x[i];
  s = block_sum(s);
  if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

__global__ void sum_of_partials_kernel(StepScalars* scalars, const double* partials) {
  scalars->grad_sumsq = ordered_sum(partials, kSumBlocks);
}

// As Gpt::update: scale = clip / (norm + 1e-6) when the norm exceeds clip; no update when the norm is not finite.
__global__ void clip_scale_kernel(StepScalars* scalars, const AdamwStep* step) {
  const double norm = sqrt(scalars->grad_sumsq);
  scalars->skipped = isfinite(norm) ? 0 : 1;
  scalars->grad_scale = step->grad_clip > 0.0f && norm > step->grad_clip ? (float)(step->grad_clip / (norm + 1e-6)) : 1.0f;
}

__global__ void adamw_clipped_kernel(float* params, const float* grads, float* m, float* v, size_t n,
                                     const AdamwStep* step, const StepScalars* scalars) {
  const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n || scalars->skipped) return;
  const float g = grads[i] * scalars->grad_scale;
  const float mi = step->beta1 * m[i] + (1.0f - step->beta1) * g;
  const float vi = step->beta2 * v[i] + (1.0f - step->beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  params[i] = params[i] * step->decay - step->step_size * mi / (sqrtf(vi) / step->bc2_sqrt + step->eps);
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
  encoder_forward_kernel<<<blocks_for((size_t)B * T * C, kThreads), kThreads, 0, current_stream()>>>(out, tokens, wte, wpe, B, T, C);
  check_launch("encoder_forward");
}

void encoder_backward(float* dwte, float* dwpe, const float* dout, const int* tokens, int B, int T, int C) {
  encoder_backward_kernel<<<blocks_for((size_t)B * T * C, kThreads), kThreads, 0, current_stream()>>>(dwte, dwpe, dout, tokens, B, T, C);
  check_launch("encoder_backward");
}

void gelu_forward(float* out, float* tanh_out, const float* inp, size_t n) {
  if (n == 0) return;
  gelu_forward_kernel<<<blocks_for(n, kThreads), kThreads, 0, current_stream()>>>(out, tanh_out, inp, n);
  check_launch("gelu_forward");
}

void gelu_backward(float* dinp, const float* inp, const float* tanh_in, const float* dout, size_t n) {
  if (n == 0) return;
  gelu_backward_kernel<<<blocks_for(n, kThreads), kThreads, 0, current_stream()>>>(dinp, inp, tanh_in, dout, n);
  check_launch("gelu_backward");
}

void residual_forward(float* out, const float* a, const float* b, size_t n) {
  if (n == 0) return;
  residual_forward_kernel<<<blocks_for(n, kThreads), kThreads, 0, current_stream()>>>(out, a, b, n);
  check_launch("residual_forward");
}

void adamw_update(float* params, const float* grads, float* m, float* v, size_t n, float lr, float beta1,
                  float beta2, float eps, float weight_decay, float grad_scale, int t) {
  if (n == 0) return;
  const AdamwStep c = adamw_step(lr, beta1, beta2, eps, weight_decay, 0.0f, t);
  adamw_kernel<<<blocks_for(n, kThreads), kThreads, 0, current_stream()>>>(params, grads, m, v, n, c.step_size, beta1, beta2, eps, c.decay,
                                                       c.bc2_sqrt, grad_scale);
  check_launch("adamw_update");
}

void sum_of_squares_into(StepScalars* scalars, const float* x, size_t n, double* scratch) {
  sum_of_squares_kernel<<<kSumBlocks, kThreads, 0, current_stream()>>>(scratch, x, n);
  check_launch("sum_of_squares");
  sum_of_partials_kernel<<<1, 1, 0, current_stream()>>>(scalars, scratch);
  check_launch("sum_of_squares total");
}

double sum_of_squares(const float* x, size_t n) {
  DeviceScalars reduced;
  sum_of_squares_into(reduced.scalars.get(), x, n, reduced.scratch.get());
  return reduced.read().grad_sumsq;
}

AdamwStep adamw_step(float lr, float beta1, float beta2, float eps, float weight_decay, float grad_clip, int t) {
  AdamwStep step;
  step.step_size = lr / (float)(1.0 - power(beta1, t));
  step.decay = 1.0f - lr * weight_decay;
  step.bc2_sqrt = std::sqrt((float)(1.0 - power(beta2, t)));
  step.beta1 = beta1;
  step.beta2 = beta2;
  step.eps = eps;
  step.grad_clip = grad_clip;
  return step;
}

void adamw_update_clipped(float* params, const float* grads, float* m, float* v, size_t n, const AdamwStep* step,
                          StepScalars* scalars) {
  clip_scale_kernel<<<1, 1, 0, current_stream()>>>(scalars, step);
  check_launch("adamw_update_clipped scale");
  if (n == 0) return;
  adamw_clipped_kernel<<<blocks_for(n, kThreads), kThreads, 0, current_stream()>>>(params, grads, m, v, n, step, scalars);
  check_launch("adamw_update_clipped");
}

}  // namespace clusterlens::cuda
