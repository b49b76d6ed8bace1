// CudaEnsemble: S models' training steps side by side on one GPU, each on its own stream, captured as one graph.
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "clusterlens/cuda.hpp"
#include "clusterlens/cuda_gpt.hpp"
#include "model_state.cuh"

namespace clusterlens::cuda {

struct CudaEnsemble::State {
  std::vector<std::unique_ptr<ModelState>> models;
  std::vector<cudaStream_t> streams;  // one per model
  std::vector<cudaEvent_t> done;      // one per model: its step has been queued to the end
  cudaEvent_t fork = nullptr;
  bool use_graph = true;
  StepGraph graph;

  ~State() {
    for (cudaStream_t stream : streams) cudaStreamDestroy(stream);
    for (cudaEvent_t event : done) cudaEventDestroy(event);
    if (fork) cudaEventDestroy(fork);
  }

  // Model `model`; std::invalid_argument naming `who` for one the ensemble does not have.
  const ModelState& at(int model, const char* who) const {
    if (model < 0 || model >= (int)models.size()) {
      throw std::invalid_argument(std::string(who) + ": model " + std::to_string(model) + " of " + std::to_string(models.size()));
    }
    return *models[model];
  }

  // Every model's prepared step on its own stream, forked from this thread's stream and joined back into it.
  void queue_all() {
    cudaStream_t origin = cudaStreamPerThread;
    check(cudaEventRecord(fork, origin), "cudaEventRecord");
    for (size_t i = 0; i < models.size(); i++) {
      check(cudaStreamWaitEvent(streams[i], fork, 0), "cudaStreamWaitEvent");
      {
        StreamScope scope(streams[i]);
        models[i]->queue_step();
      }
      check(cudaEventRecord(done[i], streams[i]), "cudaEventRecord");
      check(cudaStreamWaitEvent(origin, done[i], 0), "cudaStreamWaitEvent");
    }
  }
};

namespace {

std::string model_name(size_t i) { return "CudaEnsemble::step, model " + std::to_string(i); }

}  // namespace

CudaEnsemble::CudaEnsemble(const std::vector<Gpt*>& cpu_models) {
  if (cuda_device_count() == 0) throw std::runtime_error("CudaEnsemble: no CUDA device");
  if (cpu_models.empty()) throw std::invalid_argument("CudaEnsemble: no models");
  const GptConfig& first = cpu_models[0]->config();
  for (size_t i = 1; i < cpu_models.size(); i++) {
    const GptConfig& c = cpu_models[i]->config();
    if (c.n_layer != first.n_layer || c.n_head != first.n_head || c.n_embd != first.n_embd ||
        c.n_positions != first.n_positions || c.vocab_size != first.vocab_size) {
      throw std::invalid_argument("CudaEnsemble: model " + std::to_string(i) + " has another config than model 0");
    }
  }
  state_ = std::make_unique<State>();
  State& s = *state_;
  check(cudaEventCreateWithFlags(&s.fork, cudaEventDisableTiming), "cudaEventCreate");
  for (Gpt* cpu : cpu_models) {
    s.models.push_back(std::make_unique<ModelState>(*cpu));
    cudaStream_t stream = nullptr;
    check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
    s.streams.push_back(stream);
    cudaEvent_t event = nullptr;
    check(cudaEventCreateWithFlags(&event, cudaEventDisableTiming), "cudaEventCreate");
    s.done.push_back(event);
  }
}

CudaEnsemble::~CudaEnsemble() = default;

std::vector<StepResult> CudaEnsemble::step(const int* tokens, const int* targets, const float* weights, int B, int T) {
  State& s = *state_;
  const size_t N = (size_t)B * T;
  bool reallocated = false;
  for (size_t i = 0; i < s.models.size(); i++) {
    const float* w = weights ? weights + i * N : nullptr;
    reallocated |= s.models[i]->prepare(tokens + i * N, targets + i * N, w, B, T, model_name(i));
  }
  if (reallocated) s.graph.drop();
  if (s.use_graph) s.graph.launch(StepGraph::key_of(B, T, weights != nullptr), [&] { s.queue_all(); });
  else s.queue_all();
  // Every model's step is read (and counted) before the first failure, if any, is thrown: the others stay in step.
  std::vector<StepResult> results;
  std::exception_ptr failure;
  for (size_t i = 0; i < s.models.size(); i++) {
    try {
      results.push_back(s.models[i]->finish(model_name(i)));
    } catch (...) {
      if (!failure) failure = std::current_exception();
      results.push_back({});
    }
  }
  if (failure) std::rethrow_exception(failure);
  return results;
}

void CudaEnsemble::set_graph(bool enabled) {
  state_->use_graph = enabled;
  if (!enabled) state_->graph.drop();
}

void CudaEnsemble::set_tf32(bool enabled) {
  if (enabled) require_tf32("CudaEnsemble::set_tf32");
  for (auto& model : state_->models) model->tf32 = enabled;
  state_->graph.drop();  // the captured kernels may be the other precision's
}

void CudaEnsemble::download(int model, float* params, float* adam_m, float* adam_v) const {
  state_->at(model, "CudaEnsemble::download").download(params, adam_m, adam_v);
}

int CudaEnsemble::optimizer_step(int model) const { return state_->at(model, "CudaEnsemble::optimizer_step").optimizer_step; }

int CudaEnsemble::size() const { return (int)state_->models.size(); }

size_t CudaEnsemble::num_params() const { return state_->models[0]->num_params; }

}  // namespace clusterlens::cuda
