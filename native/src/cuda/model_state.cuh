// One model's device state for a CUDA training step (CudaGpt, CudaEnsemble): parameters, gradients, AdamW moments,
// activations and the step's scalars, and the step itself, the CPU Gpt's (src/cpu/gpt.cpp) call for call on the CUDA
// kernels. Every kernel goes to the thread's current stream (launch.cuh); nothing waits for the host between
// prepare() and finish(), so a step can be captured as a CUDA graph.
#pragma once
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "clusterlens/cuda_kernels.hpp"
#include "clusterlens/gpt.hpp"
#include "launch.cuh"

namespace clusterlens::cuda {

// Parameter indices inside param_layout(): wte, wpe, 12 per block, then ln_f weight and bias (as gpt.cpp).
constexpr int kWte = 0, kWpe = 1, kPerLayer = 12;
enum LayerParam { kLn1W, kLn1B, kQkvW, kQkvB, kProjW, kProjB, kLn2W, kLn2B, kFcW, kFcB, kFcProjW, kFcProjB };
inline int layer_param(int l, LayerParam p) { return 2 + l * kPerLayer + p; }

// One block's activations, N = B*T rows (as gpt.cpp's LayerActs).
struct LayerActs {
  DeviceArray<float> ln1, ln1_mean, ln1_rstd;  // (N,C), (N), (N)
  DeviceArray<float> qkv;                      // (N,3C)
  DeviceArray<float> atty, lse;                // (N,C), (B,NH,T)
  DeviceArray<float> resid2;                   // (N,C)
  DeviceArray<float> ln2, ln2_mean, ln2_rstd;  // (N,C), (N), (N)
  DeviceArray<float> fch, fch_gelu, fch_tanh;  // (N,4C) each
  DeviceArray<float> resid3;                   // (N,C)

  LayerActs(size_t N, size_t C, size_t NH)
      : ln1(N * C), ln1_mean(N), ln1_rstd(N), qkv(N * 3 * C), atty(N * C), lse(N * NH), resid2(N * C), ln2(N * C),
        ln2_mean(N), ln2_rstd(N), fch(N * 4 * C), fch_gelu(N * 4 * C), fch_tanh(N * 4 * C), resid3(N * C) {}
};


struct ModelState {
  GptConfig config;
  OptimizerConfig optimizer;
  std::vector<ParamTensor> layout;
  size_t num_params = 0;
  int optimizer_step = 0;
  DeviceArray<float> params, grads, adam_m, adam_v;

  // Activations for `rows` = B*T rows at most, allocated at the first step and grown only for a larger batch.
  size_t rows = 0;
  std::vector<LayerActs> layers;
  DeviceArray<float> encoded, lnf, lnf_mean, lnf_rstd, logits, logprobs, scratch;  // global
  DeviceArray<float> dres, dln, dqkv, datty, dfch, dlogits;                       // backward scratch
  DeviceArray<int> tokens, targets;
  DeviceArray<float> weights;
  // The step's scalars and the AdamW constants of the step being taken, on the device (cuda_kernels.hpp).
  DeviceScalars reduced;
  DeviceArray<AdamwStep> adamw{1};
  // The step prepare() set up: its batch shape, whether it is weighted, its step number and learning rate.
  int B = 0, T = 0, t = 0;
  bool weighted = false;
  // Matrix products on TF32 tensor cores (set_tf32); fp32 otherwise.
  bool tf32 = false;
  float lr = 0.0f;

  // A CPU model's parameters, AdamW moments, optimiser config and step count.
  explicit ModelState(Gpt& cpu)
      : config(cpu.config()), optimizer(cpu.optimizer()), layout(cpu.layout()), num_params(cpu.num_params()),
        optimizer_step(cpu.optimizer_step()), params(num_params), grads(num_params), adam_m(num_params),
        adam_v(num_params) {
    params.upload(cpu.params(), num_params);
    adam_m.upload(cpu.adam_m(), num_params);
    adam_v.upload(cpu.adam_v(), num_params);
  }

  float* param(int index) const { return params.get() + layout[index].offset; }
  float* grad(int index) const { return grads.get() + layout[index].offset; }

  // Checks the batch (host arrays), copies it and the step's AdamW constants to the device. Returns true when the
  // activations were reallocated for a larger batch (a captured graph points at the old ones).
  bool prepare(const int* host_tokens, const int* host_targets, const float* host_weights, int batch, int seq,
               const std::string& who) {
    if (batch < 1 || seq < 1 || seq > config.n_positions) {
      throw std::invalid_argument(who + ": batch " + std::to_string(batch) + " x " + std::to_string(seq) +
                                  " must have B >= 1 and 1 <= T <= nPositions " + std::to_string(config.n_positions));
    }
    const size_t N = (size_t)batch * seq;
    for (size_t i = 0; i < N; i++) {
      const int token = host_tokens[i], target = host_targets[i];
      if (token < 0 || token >= config.vocab_size || target < -1 || target >= config.vocab_size) {
        throw std::invalid_argument(who + ": token or target " + std::to_string(i) + " is outside the vocabulary");
      }
    }
    const bool reallocated = ensure_rows(N);
    tokens.upload(host_tokens, N);
    targets.upload(host_targets, N);
    if (host_weights) weights.upload(host_weights, N);
    B = batch, T = seq, weighted = host_weights != nullptr;
    t = optimizer_step + 1;
    lr = learning_rate(optimizer, t);
    const AdamwStep constants = adamw_step(lr, optimizer.beta1, optimizer.beta2, optimizer.eps, optimizer.weight_decay,
                                           optimizer.grad_clip, t);
    adamw.upload(&constants, 1);
    return reallocated;
  }

  // Every kernel of the prepared step, queued without waiting for the host: forward, loss sums, backward, gradient
  // norm, clipping and AdamW.
  void queue_step() {
    Tf32Scope precision(tf32);
    const int N = B * T, V = config.vocab_size;
    const float* w = weighted ? weights.get() : nullptr;
    forward(B, T);
    crossentropy_logprobs(logprobs.get(), logits.get(), targets.get(), w, N, V);
    crossentropy_sums(reduced.scalars.get(), logprobs.get(), targets.get(), w, N, reduced.scratch.get());
    backward(B, T, w);
    sum_of_squares_into(reduced.scalars.get(), grads.get(), num_params, reduced.scratch.get());
    adamw_update_clipped(params.get(), grads.get(), adam_m.get(), adam_v.get(), num_params, adamw.get(),
                         reduced.scalars.get());
  }

  // After the step has run: its loss, gradient norm and learning rate, checked as Gpt::loss and Gpt::update check
  // them (on the device a non-finite gradient norm has already skipped the update).
  StepResult finish(const std::string& who) {
    const StepScalars result = reduced.read();
    if (!(result.weight_sum > 0.0)) throw std::invalid_argument(who + ": no position has a target with a positive weight");
    const double loss = result.loss_sum / result.weight_sum;
    const double norm = std::sqrt(result.grad_sumsq);
    if (result.skipped || !std::isfinite(norm)) {
      throw std::runtime_error(who + ": gradient norm is not finite; the update was not applied");
    }
    if (!std::isfinite(loss)) throw std::runtime_error(who + ": loss is not finite (" + std::to_string(loss) + ")");
    optimizer_step = t;
    return {loss, norm, lr};
  }

  void download(float* host_params, float* host_m, float* host_v) const {
    if (host_params) params.download(host_params, num_params);
    if (host_m) adam_m.download(host_m, num_params);
    if (host_v) adam_v.download(host_v, num_params);
  }

 private:
  bool ensure_rows(size_t n) {
    if (n <= rows) return false;
    const size_t C = config.n_embd, V = config.vocab_size;
    layers.clear();
    for (int l = 0; l < config.n_layer; l++) layers.emplace_back(n, C, (size_t)config.n_head);
    encoded = DeviceArray<float>(n * C), lnf = DeviceArray<float>(n * C);
    lnf_mean = DeviceArray<float>(n), lnf_rstd = DeviceArray<float>(n);
    logits = DeviceArray<float>(n * V), logprobs = DeviceArray<float>(n), scratch = DeviceArray<float>(n * C);
    dres = DeviceArray<float>(n * C), dln = DeviceArray<float>(n * C), dqkv = DeviceArray<float>(n * 3 * C);
    datty = DeviceArray<float>(n * C), dfch = DeviceArray<float>(n * 4 * C), dlogits = DeviceArray<float>(n * V);
    tokens = DeviceArray<int>(n), targets = DeviceArray<int>(n), weights = DeviceArray<float>(n);
    rows = n;
    return true;
  }

  void forward(int B, int T) {
    const int C = config.n_embd, NH = config.n_head, V = config.vocab_size, N = B * T;
    const float eps = config.layer_norm_eps;
    encoder_forward(encoded.get(), tokens.get(), param(kWte), param(kWpe), B, T, C);
    const float* residual = encoded.get();
    for (int l = 0; l < config.n_layer; l++) {
      LayerActs& a = layers[l];
      auto p = [&](LayerParam which) { return param(layer_param(l, which)); };
      layernorm_forward(a.ln1.get(), a.ln1_mean.get(), a.ln1_rstd.get(), residual, p(kLn1W), p(kLn1B), N, C, eps);
      linear_forward(a.qkv.get(), a.ln1.get(), p(kQkvW), p(kQkvB), N, C, 3 * C);
      attention_forward(a.atty.get(), a.lse.get(), a.qkv.get(), B, T, C, NH);
      linear_forward(scratch.get(), a.atty.get(), p(kProjW), p(kProjB), N, C, C);
      residual_forward(a.resid2.get(), residual, scratch.get(), (size_t)N * C);
      layernorm_forward(a.ln2.get(), a.ln2_mean.get(), a.ln2_rstd.get(), a.resid2.get(), p(kLn2W), p(kLn2B), N, C, eps);
      linear_forward(a.fch.get(), a.ln2.get(), p(kFcW), p(kFcB), N, C, 4 * C);
      gelu_forward(a.fch_gelu.get(), a.fch_tanh.get(), a.fch.get(), (size_t)N * 4 * C);
      linear_forward(scratch.get(), a.fch_gelu.get(), p(kFcProjW), p(kFcProjB), N, 4 * C, C);
      residual_forward(a.resid3.get(), a.resid2.get(), scratch.get(), (size_t)N * C);
      residual = a.resid3.get();
    }
    const int lnf_index = 2 + config.n_layer * kPerLayer;
    layernorm_forward(lnf.get(), lnf_mean.get(), lnf_rstd.get(), residual, param(lnf_index), param(lnf_index + 1), N, C,
                      eps);
    sgemm(false, true, N, V, C, lnf.get(), C, param(kWte), C, 0.0f, logits.get(), V);  // tied LM head
  }

  void backward(int B, int T, const float* w) {
    const int C = config.n_embd, NH = config.n_head, V = config.vocab_size, N = B * T, L = config.n_layer;
    grads.zero(num_params);
    crossentropy_backward_mean(dlogits.get(), logits.get(), targets.get(), w, reduced.scalars.get(), N, V);
    sgemm(false, false, N, C, V, dlogits.get(), V, param(kWte), C, 0.0f, dln.get(), C);
    sgemm(true, false, V, C, N, dlogits.get(), V, lnf.get(), C, 1.0f, grad(kWte), C);
    const int lnf_index = 2 + L * kPerLayer;
    const float* last = L > 0 ? layers[L - 1].resid3.get() : encoded.get();
    dres.zero((size_t)N * C);
    layernorm_backward(dres.get(), grad(lnf_index), grad(lnf_index + 1), dln.get(), last, param(lnf_index),
                       lnf_mean.get(), lnf_rstd.get(), N, C);
    for (int l = L - 1; l >= 0; l--) {
      LayerActs& a = layers[l];
      const float* resid1 = l > 0 ? layers[l - 1].resid3.get() : encoded.get();
      auto p = [&](LayerParam which) { return param(layer_param(l, which)); };
      auto dp = [&](LayerParam which) { return grad(layer_param(l, which)); };
      linear_backward(dfch.get(), dp(kFcProjW), dp(kFcProjB), dres.get(), a.fch_gelu.get(), p(kFcProjW), N, 4 * C, C);
      gelu_backward(dfch.get(), a.fch.get(), a.fch_tanh.get(), dfch.get(), (size_t)N * 4 * C);
      linear_backward(dln.get(), dp(kFcW), dp(kFcB), dfch.get(), a.ln2.get(), p(kFcW), N, C, 4 * C);
      layernorm_backward(dres.get(), dp(kLn2W), dp(kLn2B), dln.get(), a.resid2.get(), p(kLn2W), a.ln2_mean.get(),
                         a.ln2_rstd.get(), N, C);
      linear_backward(datty.get(), dp(kProjW), dp(kProjB), dres.get(), a.atty.get(), p(kProjW), N, C, C);
      attention_backward(dqkv.get(), datty.get(), a.qkv.get(), a.atty.get(), a.lse.get(), B, T, C, NH);
      linear_backward(dln.get(), dp(kQkvW), dp(kQkvB), dqkv.get(), a.ln1.get(), p(kQkvW), N, C, 3 * C);
      layernorm_backward(dres.get(), dp(kLn1W), dp(kLn1B), dln.get(), resid1, p(kLn1W), a.ln1_mean.get(),
                         a.ln1_rstd.get(), N, C);
    }
    encoder_backward(grad(kWte), grad(kWpe), dres.get(), tokens.get(), B, T, C);
  }
};

// A captured CUDA graph of queued work, replayed while its key (batch shape, weighting, buffers) stays the same.
class StepGraph {
 public:
  StepGraph() = default;
  ~StepGraph() { drop(); }
  StepGraph(const StepGraph&) = delete;
  StepGraph& operator=(const StepGraph&) = delete;

  void drop() {
    if (exec_) cudaGraphExecDestroy(exec_);
    exec_ = nullptr;
  }

  // Captures queue() on this thread's stream when the key changed (or nothing is captured), then launches the graph.
  template <typename Queue>
  void launch(long long key, Queue&& queue) {
    cudaStream_t stream = cudaStreamPerThread;  // stream 0 of src/cuda (a per-thread default stream)
    if (!exec_ || key != key_) {
      drop();
      check(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal), "cudaStreamBeginCapture");
      cudaGraph_t captured = nullptr;
      try {
        queue();
      } catch (...) {
        cudaStreamEndCapture(stream, &captured);
        if (captured) cudaGraphDestroy(captured);
        throw;
      }
      check(cudaStreamEndCapture(stream, &captured), "cudaStreamEndCapture");
      const cudaError_t instantiated = cudaGraphInstantiate(&exec_, captured, 0);
      cudaGraphDestroy(captured);
      check(instantiated, "cudaGraphInstantiate");
      key_ = key;
    }
    check(cudaGraphLaunch(exec_, stream), "cudaGraphLaunch");
  }

  // A key for a step of batch B x T, weighted or not.
  static long long key_of(int B, int T, bool weighted) { return ((long long)B << 32) | ((long long)T << 1) | weighted; }

 private:
  cudaGraphExec_t exec_ = nullptr;
  long long key_ = -1;
};

}  // namespace clusterlens::cuda
