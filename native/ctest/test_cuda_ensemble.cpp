// CudaEnsemble against CPU models trained one by one: three models of a ragged config (seeds 7, 8, 9), each on its
// own batches, 10 AdamW steps (warm-up, cosine decay, clipping, a weighted batch among them), as one graph and
// stream by stream. Per model and step the loss and gradient norm, and at the end the parameters and AdamW moments,
// within a relative error norm of 1e-4. Exits 77 (ctest: skipped) without a CUDA device.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "check.hpp"
#include "cuda_check.hpp"
#include "clusterlens/cuda_gpt.hpp"
#include "clusterlens/gpt.hpp"

using namespace clusterlens;
using std::vector;

namespace {

constexpr int kModels = 3, kB = 5, kT = 19;

void within(const std::string& what, double error) { check::within(what, error, check::kCpuAgreement); }

void compare_ensemble(bool graph) {
  std::printf("%d models, %s\n", kModels, graph ? "as one CUDA graph" : "stream by stream");
  GptConfig config;
  config.n_layer = 2, config.n_head = 4, config.n_embd = 48, config.n_positions = 24, config.vocab_size = 37;
  OptimizerConfig opt;
  opt.lr = 3e-3f;
  opt.warmup_steps = 2;
  opt.total_steps = 10;
  opt.grad_clip = 1.0f;
  vector<std::unique_ptr<Gpt>> cpu;
  vector<Gpt*> members;
  for (int m = 0; m < kModels; m++) {
    cpu.push_back(std::make_unique<Gpt>(config, 7 + m, 1));
    cpu.back()->set_optimizer(opt);
    members.push_back(cpu.back().get());
  }
  cuda::CudaEnsemble ensemble(members);
  ensemble.set_graph(graph);
  const int N = kB * kT;
  vector<int> tokens(kModels * N), targets(kModels * N);
  vector<float> weights(kModels * N);
  for (int step = 0; step < 10; step++) {
    for (int i = 0; i < kModels * N; i++) tokens[i] = (i * 7 + 3 * step + 1) % config.vocab_size;
    for (int i = 0; i < kModels * N; i++) {
      targets[i] = i % kT == kT - 1 || i % 5 == 2 ? -1 : tokens[i + 1];
      weights[i] = (float)(i % 3);
    }
    const bool weighted = step % 3 == 1;
    const vector<StepResult> got = ensemble.step(tokens.data(), targets.data(), weighted ? weights.data() : nullptr, kB, kT);
    for (int m = 0; m < kModels; m++) {
      Gpt& model = *cpu[m];
      model.forward(tokens.data() + m * N, kB, kT);
      const double loss = model.loss(targets.data() + m * N, weighted ? weights.data() + m * N : nullptr);
      model.backward();
      const StepResult want = model.update(loss);
      const std::string at = "model " + std::to_string(m) + " step " + std::to_string(step + 1);
      within("loss, " + at, std::fabs(got[m].loss - want.loss) / want.loss);
      within("gradient norm, " + at, std::fabs(got[m].grad_norm - want.grad_norm) / want.grad_norm);
    }
  }
  for (int m = 0; m < kModels; m++) {
    vector<float> params(ensemble.num_params()), adam_m(ensemble.num_params());
    ensemble.download(m, params.data(), adam_m.data(), nullptr);
    const size_t n = params.size();
    within("parameters, model " + std::to_string(m), check::relative_error_norm(params.data(), cpu[m]->params(), n));
    within("AdamW m, model " + std::to_string(m), check::relative_error_norm(adam_m.data(), cpu[m]->adam_m(), n));
    check::that(ensemble.optimizer_step(m) == cpu[m]->optimizer_step(), "each model counts its own steps");
  }
}

}  // namespace

int main() {
  check::require_cuda_device("test_cuda_ensemble");
  for (bool graph : {false, true}) compare_ensemble(graph);
  return check::finish("test_cuda_ensemble");
}
