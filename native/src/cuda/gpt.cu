// CudaGpt: one model's training step on the CUDA kernels (model_state.cuh), as a CUDA graph or kernel by kernel.
#include <memory>

#include "clusterlens/cuda.hpp"
#include "clusterlens/cuda_gpt.hpp"
#include "model_state.cuh"

namespace clusterlens::cuda {

struct CudaGpt::State {
  ModelState model;
  bool use_graph = true;
  StepGraph graph;

  explicit State(Gpt& cpu) : model(cpu) {}
};

CudaGpt::CudaGpt(Gpt& cpu) {
  if (cuda_device_count() == 0) throw std::runtime_error("CudaGpt: no CUDA device");
  state_ = std::make_unique<State>(cpu);
}

CudaGpt::~CudaGpt() = default;

StepResult CudaGpt::step(const int* tokens, const int* targets, const float* weights, int B, int T) {
  State& s = *state_;
  if (s.model.prepare(tokens, targets, weights, B, T, "CudaGpt::step")) s.graph.drop();
  if (s.use_graph) s.graph.launch(StepGraph::key_of(B, T, weights != nullptr), [&] { s.model.queue_step(); });
  else s.model.queue_step();
  return s.model.finish("CudaGpt::step");
}

void CudaGpt::set_graph(bool enabled) {
  state_->use_graph = enabled;
  if (!enabled) state_->graph.drop();
}

void CudaGpt::set_tf32(bool enabled) {
  if (enabled) require_tf32("CudaGpt::set_tf32");
  if (state_->model.tf32 == enabled) return;
  state_->model.tf32 = enabled;
  state_->graph.drop();  // the captured kernels are the other precision's
}

void CudaGpt::download(float* params, float* adam_m, float* adam_v) const { state_->model.download(params, adam_m, adam_v); }

size_t CudaGpt::num_params() const { return state_->model.num_params; }

int CudaGpt::optimizer_step() const { return state_->model.optimizer_step; }

}  // namespace clusterlens::cuda
