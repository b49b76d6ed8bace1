// A GPT-2 training step on a CUDA device: the CPU Gpt's step (forward, weighted cross-entropy, backward, gradient
// clipping, AdamW with its schedule), with the same parameter layout, on the CUDA kernels of cuda_kernels.hpp.
// Parameters, gradients, AdamW moments and activations live on the device; a step copies its batch there and its
// loss and gradient norm back, and runs as one CUDA graph (set_graph). Built only where nvcc exists (CLUSTERLENS_WITH_CUDA).
#pragma once
#include <cstddef>
#include <memory>

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

  // Copies the parameters and AdamW moments to host arrays of num_params() floats (any of them may be null).
  void download(float* params, float* adam_m, float* adam_v) const;
  size_t num_params() const;
  int optimizer_step() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace clusterlens::cuda
