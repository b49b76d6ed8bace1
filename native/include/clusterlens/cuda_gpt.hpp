// A GPT-2 training step on a CUDA device: the CPU Gpt's step (forward, weighted cross-entropy, backward, gradient
// clipping, AdamW with its schedule), with the same parameter layout, on the CUDA kernels of cuda_kernels.hpp; fp32,
// or TF32 matrix products by choice.
// Parameters, gradients, AdamW moments and activations live on the device; a step copies its batch there and its loss
// and gradient norm back, and runs as one CUDA graph (set_graph). Built only where nvcc exists
// (CLUSTERLENS_WITH_CUDA).
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "clusterlens/gpt.hpp"

namespace clusterlens::cuda {

class CudaGpt {
 public:
  // Starts from a CPU model's parameters, AdamW moments, optimiser config and step count (so from its seeded
  // initialisation). Throws std::runtime_error when there is no CUDA device.
  explicit CudaGpt(Gpt& cpu);
  ~CudaGpt();
  CudaGpt(const CudaGpt&) = delete;
  CudaGpt& operator=(const CudaGpt&) = delete;

  // One AdamW step on a batch (host arrays): tokens (B,T); targets (B,T), -1 = ignored; weights (B,T) or null.
  // Returns the loss before the update, the gradient norm before clipping and the learning rate, as Gpt::update.
  StepResult step(const int* tokens, const int* targets, const float* weights, int B, int T);

  // Whether a step runs as a CUDA graph (the default: captured at the first step of each batch shape, then replayed)
  // or kernel by kernel.
  void set_graph(bool enabled);
  // Whether the step's matrix products run on TF32 tensor cores (compute capability 8.0 or newer; a relative error
  // near 1e-3 per product instead of fp32's) or in fp32, the default.
  void set_tf32(bool enabled);

  // Copies the parameters and AdamW moments to host arrays of num_params() floats (any of them may be null).
  void download(float* params, float* adam_m, float* adam_v) const;
  size_t num_params() const;
  int optimizer_step() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// S models of one config trained in lock-step, each on its own batch (a seed sweep's trials): each model's step runs
// on its own stream, and the S steps are captured as one CUDA graph of S independent branches that the GPU runs side
// by side. Each model computes what a CudaGpt trained alone computes: the same kernels in the same order.
class CudaEnsemble {
 public:
  // One member per CPU model (all of one config and optimiser), each starting from that model's state. Throws
  // std::runtime_error when there is no CUDA device, std::invalid_argument for no models or mixed configs.
  explicit CudaEnsemble(const std::vector<Gpt*>& cpu_models);
  ~CudaEnsemble();
  CudaEnsemble(const CudaEnsemble&) = delete;
  CudaEnsemble& operator=(const CudaEnsemble&) = delete;

  // One step of every model: tokens and targets (S,B,T), model s's batch at s B T; weights (S,B,T) or null.
  // Returns each model's StepResult; a model whose step fails (as CudaGpt::step fails) throws, naming it.
  std::vector<StepResult> step(const int* tokens, const int* targets, const float* weights, int B, int T);
  // As CudaGpt::set_graph and set_tf32, for every model.
  void set_graph(bool enabled);
  void set_tf32(bool enabled);
  // Model `model`'s parameters and AdamW moments (any of them may be null), num_params() floats each.
  void download(int model, float* params, float* adam_m, float* adam_v) const;
  // Model `model`'s AdamW steps so far.
  int optimizer_step(int model) const;
  int size() const;
  size_t num_params() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace clusterlens::cuda
