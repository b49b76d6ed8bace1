// CPU kernels of the GPT-2 engine: plain functions over contiguous float buffers.
// Shapes are written as (dim, dim, ...) in row-major order. B = batch, T = time, C = channels,
// NH = heads, hs = C / NH, V = vocabulary, OC = output channels.
//
// Every kernel that takes `threads` partitions its work so that each output element is computed
// by exactly one thread in a fixed order: results are bit-identical for any thread count.
#pragma once
#include <cstddef>
#include <cstdint>

namespace clusterlens::cpu {

// C (M,N) = op(A) (M,K) @ op(B) (K,N) + beta * C
// op(A) = A stored (M,K) with row stride lda, or, with trans_a, A^T where A is stored (K,M).
// op(B) = B stored (K,N) with row stride ldb, or, with trans_b, B^T where B is stored (N,K).
// beta is 0 (overwrite, C may hold garbage) or 1 (accumulate).
void sgemm(bool trans_a, bool trans_b, int M, int N, int K,
           const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc, int threads);

// out (B,T,C) = wte[token] + wpe[t]; tokens (B,T), wte (V,C), wpe (maxT,C)
void encoder_forward(float* out, const int* tokens, const float* wte, const float* wpe,
                     int B, int T, int C, int threads);
// dwte (V,C) += scatter of dout by token; dwpe (maxT,C) += sum over batch of dout
void encoder_backward(float* dwte, float* dwpe, const float* dout, const int* tokens,
                      int B, int T, int C, int V, int threads);

// out (N,C) = layernorm(inp (N,C)) * weight (C) + bias (C); saves mean (N), rstd (N)
void layernorm_forward(float* out, float* mean, float* rstd, const float* inp,
                       const float* weight, const float* bias, int N, int C, float eps, int threads);
// dinp (N,C) +=, dweight (C) +=, dbias (C) += ; uses the mean and rstd saved by the forward pass
void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout,
                        const float* inp, const float* weight, const float* mean, const float* rstd,
                        int N, int C, int threads);

// out (N,OC) = inp (N,C) @ weight (C,OC) + bias (OC); weight in Hugging Face Conv1D layout [in, out]
void linear_forward(float* out, const float* inp, const float* weight, const float* bias,
                    int N, int C, int OC, int threads);
// dinp (N,C) +=, dweight (C,OC) +=, dbias (OC) += ; dinp may be null when not needed
void linear_backward(float* dinp, float* dweight, float* dbias, const float* dout,
                     const float* inp, const float* weight, int N, int C, int OC, int threads);

// Fused causal self-attention, one pass over the keys with an online softmax.
// qkv (B,T,3C) holds q | k | v; out (B,T,C); lse (B,NH,T) keeps each row's log-sum-exp of the
// scaled scores so that the backward pass recomputes probabilities instead of storing (T,T) maps.
void attention_forward(float* out, float* lse, const float* qkv, int B, int T, int C, int NH, int threads);
// dqkv (B,T,3C) += from dout (B,T,C); needs the forward's out and lse
void attention_backward(float* dqkv, const float* dout, const float* qkv, const float* out,
                        const float* lse, int B, int T, int C, int NH, int threads);

// tanh-approximated GELU (Hugging Face gelu_new), elementwise over n values
void gelu_forward(float* out, const float* inp, size_t n, int threads);
// dinp += gelu'(inp) * dout
void gelu_backward(float* dinp, const float* inp, const float* dout, size_t n, int threads);

// out = a + b, elementwise over n values
void residual_forward(float* out, const float* a, const float* b, size_t n, int threads);

// Weighted cross-entropy over logits (N,V) for targets (N); a target < 0 or a weight of 0 drops the row.
// logprobs (N) = log softmax(logits)[target] (0 for dropped rows). Returns sum(w * -logprob) and sets
// *weight_sum = sum(w) over kept rows; both accumulate in double in row order.
double crossentropy_forward(float* logprobs, double* weight_sum, const float* logits, const int* targets,
                            const float* weights, int N, int V, int threads);
// dlogits (N,V) = scale * w * (softmax(logits) - onehot(target)); dropped rows get 0.
void crossentropy_backward(float* dlogits, const float* logits, const int* targets, const float* weights,
                           float scale, int N, int V, int threads);

// Sum of squares of x (n values) in double, reduced in fixed-size chunks so the result does not
// depend on the thread count.
double sum_of_squares(const float* x, size_t n, int threads);

// One AdamW update (PyTorch's torch.optim.AdamW semantics: decoupled weight decay applied first,
// bias-corrected moments). t is the 1-based step number. grads are scaled by grad_scale first
// (gradient-norm clipping).
void adamw_update(float* params, const float* grads, float* m, float* v, size_t n,
                  float lr, float beta1, float beta2, float eps, float weight_decay,
                  float grad_scale, int t, int threads);

}  // namespace clusterlens::cpu
