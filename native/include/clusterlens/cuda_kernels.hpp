// The engine's kernels on a CUDA device: the contracts of kernel_signatures.inc (the CPU kernels), on device
// pointers, without the thread count. Each call is queued on the default stream and returns without waiting, except
// the reductions that return a host value (crossentropy_forward, sum_of_squares). A launch error throws
// std::runtime_error. Built only where nvcc exists (CLUSTERLENS_WITH_CUDA).
//
// Results agree with the CPU kernels to float rounding, not bit for bit: sums run in other orders (tiles, warps,
// atomics), and exp/log/tanh are CUDA's.
#pragma once
#include <cstddef>

namespace clusterlens::cuda {

// C (M,N) = op(A) (M,K) @ op(B) (K,N) + beta * C, row-major; beta is 0 (C not read) or 1. As cpu::sgemm. In fp32,
// or as sgemm_tf32 inside a model's step that has TF32 on (CudaGpt::set_tf32).
void sgemm(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc);
// sgemm on TF32 tensor cores: A and B rounded to 10 mantissa bits, products summed in fp32 (a relative error near
// 1e-3). Throws std::invalid_argument where the GPU has none (tf32_supported).
void sgemm_tf32(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda, const float* B, int ldb,
                float beta, float* C, int ldc);
// Whether this GPU has TF32 tensor cores (compute capability 8.0 or newer).
bool tf32_supported();
// Throws std::invalid_argument, naming `who`, where it has none.
void require_tf32(const char* who);

// out (B,T,C) = wte[token] + wpe[t]
void encoder_forward(float* out, const int* tokens, const float* wte, const float* wpe, int B, int T, int C);
// dwte (V,C) += scatter of dout by token; dwpe (maxT,C) += sum over the batch of dout
void encoder_backward(float* dwte, float* dwpe, const float* dout, const int* tokens, int B, int T, int C);

// out (N,C) = layernorm(inp) * weight + bias; saves mean (N), rstd (N)
void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                       const float* bias, int N, int C, float eps);
// dinp (N,C) +=, dweight (C) +=, dbias (C) +=
void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                        const float* weight, const float* mean, const float* rstd, int N, int C);

// out (N,OC) = inp (N,C) @ weight (C,OC) + bias (OC); bias may be null
void linear_forward(float* out, const float* inp, const float* weight, const float* bias, int N, int C, int OC);
// dinp (N,C) written (may be null), dweight (C,OC) +=, dbias (OC) += (may be null)
void linear_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                     const float* weight, int N, int C, int OC);

// Causal self-attention: qkv (B,T,3C) = q | k | v, out (B,T,C), lse (B,NH,T) the log-sum-exp of each row's scaled
// scores, which the backward pass uses to recompute the probabilities.
void attention_forward(float* out, float* lse, const float* qkv, int B, int T, int C, int NH);
// dqkv (B,T,3C) written from dout (B,T,C), the forward's out and lse
void attention_backward(float* dqkv, const float* dout, const float* qkv, const float* out, const float* lse, int B,
                        int T, int C, int NH);

// tanh-approximated GELU (gelu_new) over n values, keeping each tanh in tanh_out when not null; backward: dinp =
// gelu'(inp) * dout (written; may alias dout), from the kept tanh_in or, when null, computing it again
void gelu_forward(float* out, float* tanh_out, const float* inp, size_t n);
void gelu_backward(float* dinp, const float* inp, const float* tanh_in, const float* dout, size_t n);
// out = a + b over n values
void residual_forward(float* out, const float* a, const float* b, size_t n);

// Weighted cross-entropy over logits (N,V); a target < 0 or a weight of 0 drops the row; weights may be null.
// logprobs (N) written (0 for dropped rows); returns sum(w * -logprob) and sets *weight_sum = sum(w) (host values).
double crossentropy_forward(float* logprobs, double* weight_sum, const float* logits, const int* targets,
                            const float* weights, int N, int V);
// dlogits (N,V) = scale * w * (softmax(logits) - onehot(target)); dropped rows get 0
void crossentropy_backward(float* dlogits, const float* logits, const int* targets, const float* weights,
                           float scale, int N, int V);

// Sum of squares of x (n values), in double (a host value)
double sum_of_squares(const float* x, size_t n);

// One AdamW update, PyTorch's semantics (decoupled weight decay first, bias-corrected moments); t is 1-based and
// grads are scaled by grad_scale first (clipping). As cpu::adamw_update.
void adamw_update(float* params, const float* grads, float* m, float* v, size_t n, float lr, float beta1,
                  float beta2, float eps, float weight_decay, float grad_scale, int t);

// A training step whose scalars stay on the device, so that the whole step runs without waiting for the host and can
// be captured as a CUDA graph (CudaGpt). The host reads StepScalars once, after the step.
struct StepScalars {
  double loss_sum;    // sum over kept rows of w * -logprob
  double weight_sum;  // sum over kept rows of w
  double grad_sumsq;  // sum of squares of the gradient, before clipping
  float grad_scale;   // the clipping factor the update applied
  int skipped;        // 1: the gradient norm was not finite and the update was not applied
};
// One AdamW update's host-computed constants (the learning rate schedule and bias corrections of step t).
struct AdamwStep {
  float step_size;  // lr / (1 - beta1^t)
  float decay;      // 1 - lr * weight_decay
  float bc2_sqrt;   // sqrt(1 - beta2^t)
  float beta1, beta2, eps;
  float grad_clip;  // 0: no clipping
};
AdamwStep adamw_step(float lr, float beta1, float beta2, float eps, float weight_decay, float grad_clip, int t);
// Doubles of device scratch the reductions below need.
constexpr size_t kReductionScratch = 256;

// logprobs (N) of crossentropy_forward, and its two sums into scalars->loss_sum and ->weight_sum (device)
void crossentropy_logprobs(float* logprobs, const float* logits, const int* targets, const float* weights, int N, int V);
void crossentropy_sums(StepScalars* scalars, const float* logprobs, const int* targets, const float* weights, int N,
                       double* scratch);
// crossentropy_backward with scale = 1 / scalars->weight_sum, read on the device
void crossentropy_backward_mean(float* dlogits, const float* logits, const int* targets, const float* weights,
                                const StepScalars* scalars, int N, int V);
// scalars->grad_sumsq = sum of squares of x (n values)
void sum_of_squares_into(StepScalars* scalars, const float* x, size_t n, double* scratch);
// Clips the gradient by the norm in scalars (setting grad_scale, or skipped when it is not finite) and applies one
// AdamW update with the constants at `step` (device memory).
void adamw_update_clipped(float* params, const float* grads, float* m, float* v, size_t n, const AdamwStep* step,
                          StepScalars* scalars);

}  // namespace clusterlens::cuda
