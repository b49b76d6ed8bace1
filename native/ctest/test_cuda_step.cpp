// CudaGpt's training step against the CPU Gpt's, from the same initialisation and batches: 10 AdamW steps (warm-up,
// cosine decay, clipping, a weighted batch among them) of a ragged small model and of the default model, kernel by
// kernel and as a CUDA graph (the weighted steps change the captured graph, so it is captured again). Per step
// the loss and the gradient norm, and at the end the parameters and AdamW moments, within a relative error norm of
// 1e-4 (the bound). With TF32 matrix products (the default model, as a graph), the same within 1e-2: their
// inputs are rounded to 10 mantissa bits. Exits 77 (ctest: skipped) without a CUDA device.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "check.hpp"
#include "cuda_check.hpp"
#include "clusterlens/cuda_gpt.hpp"
#include "clusterlens/cuda_kernels.hpp"
#include "clusterlens/gpt.hpp"

using namespace clusterlens;
using std::vector;

namespace {

void compare_training(const std::string& name, const GptConfig& config, int B, int T, bool graph, bool tf32 = false) {
  std::printf("%s, %s%s\n", name.c_str(), graph ? "as a CUDA graph" : "kernel by kernel", tf32 ? ", TF32" : "");
  const double tolerance = tf32 ? 1e-2 : check::kCpuAgreement;
  auto within = [&](const std::string& what, double error) { check::within(what, error, tolerance); };
  OptimizerConfig opt;
  opt.lr = 3e-3f;
  opt.warmup_steps = 2;
  opt.total_steps = 10;
  opt.grad_clip = 1.0f;
  Gpt cpu(config, 7, 2);
  cpu.set_optimizer(opt);
  cuda::CudaGpt gpu(cpu);
  gpu.set_graph(graph);
  gpu.set_tf32(tf32);
  const int N = B * T;
  vector<int> tokens(N), targets(N);
  vector<float> weights(N);
  for (int step = 0; step < 10; step++) {
    for (int i = 0; i < N; i++) tokens[i] = (i * 7 + 3 * step + 1) % config.vocab_size;
    for (int i = 0; i < N; i++) targets[i] = i % T == T - 1 || i % 5 == 2 ? -1 : tokens[i + 1];
    for (int i = 0; i < N; i++) weights[i] = (float)(i % 3);  // some zero: dropped rows
    const float* w = step % 3 == 1 ? weights.data() : nullptr;
    cpu.forward(tokens.data(), B, T);
    const double loss = cpu.loss(targets.data(), w);
    cpu.backward();
    const StepResult want = cpu.update(loss);
    const StepResult got = gpu.step(tokens.data(), targets.data(), w, B, T);
    const std::string at = " step " + std::to_string(step + 1) + (w ? " (weighted)" : "");
    within("loss" + at, std::fabs(got.loss - want.loss) / want.loss);
    within("gradient norm" + at, std::fabs(got.grad_norm - want.grad_norm) / want.grad_norm);
    check::that(got.lr == want.lr, ("learning rate" + at).c_str());
  }
  const size_t n = cpu.num_params();
  vector<float> params(n), m(n), v(n);
  gpu.download(params.data(), m.data(), v.data());
  within("parameters after 10 steps", check::relative_error_norm(params.data(), cpu.params(), n));
  within("AdamW m after 10 steps", check::relative_error_norm(m.data(), cpu.adam_m(), n));
  within("AdamW v after 10 steps", check::relative_error_norm(v.data(), cpu.adam_v(), n));
  check::that(gpu.optimizer_step() == cpu.optimizer_step(), "optimizer step count");
}

}  // namespace

int main() {
  check::require_cuda_device("test_cuda_step");
  GptConfig small;
  small.n_layer = 2, small.n_head = 4, small.n_embd = 48, small.n_positions = 24, small.vocab_size = 37;
  for (bool graph : {false, true}) {
    compare_training("ragged: 2 blocks, C=48, 4 heads, V=37, batch 5 x 19", small, 5, 19, graph);
  }
  GptConfig standard;
  standard.n_layer = 5, standard.n_head = 4, standard.n_embd = 128, standard.n_positions = 32, standard.vocab_size = 58;
  for (bool graph : {false, true}) {
    compare_training("default: 5 blocks, C=128, 4 heads, V=58, batch 64 x 32", standard, 64, 32, graph);
  }
  if (cuda::tf32_supported()) compare_training("default, TF32", standard, 64, 32, true, true);
  return check::finish("test_cuda_step");
}
