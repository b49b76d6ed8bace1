// Micro-benchmark of the CUDA kernels (src/cuda) on the default model's shapes (B=64, T=32, C=128, 4 heads, V=58):
// microseconds per call (CUDA events, the median of 50 calls after 5 warm-up calls), GFLOP/s for the matrix products,
// the kernels of one training step's work added up (5 blocks' forward and backward, the head, AdamW), and CudaGpt's
// whole step, kernel by kernel and as a CUDA graph (wall clock, the median of 30 steps after 5): the figure to set
// beside PyTorch eager's step on the same GPU; CudaEnsemble's model-steps/s with 64 default models (the figure to set
// beside torch.func.vmap's); and k-means on a large probe, on the device and on the CPU path. tools/device-check.sh
// runs it. Without a CUDA device it says so and exits 77.
#include <cstdio>

#include "cuda_check.hpp"
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "check.hpp"
#include "clusterlens/cuda_gpt.hpp"
#include "clusterlens/cuda_kernels.hpp"
#include "clusterlens/cuda_kmeans.hpp"
#include "clusterlens/gpt.hpp"
#include "clusterlens/kmeans.hpp"

namespace gpu = clusterlens::cuda;

namespace {

float* device_random(size_t n, unsigned seed) {
  std::vector<float> host = check::random_vector(n, seed);
  float* ptr = nullptr;
  cudaMalloc(&ptr, n * sizeof(float));
  cudaMemcpy(ptr, host.data(), n * sizeof(float), cudaMemcpyHostToDevice);
  return ptr;
}

// Median microseconds per call.
double time_us(const std::function<void()>& call) {
  for (int i = 0; i < 5; i++) call();
  cudaEvent_t start, stop;
  cudaEventCreate(&start);
  cudaEventCreate(&stop);
  std::vector<float> us;
  for (int i = 0; i < 50; i++) {
    cudaEventRecord(start);
    call();
    cudaEventRecord(stop);
    cudaEventSynchronize(stop);
    float ms = 0;
    cudaEventElapsedTime(&ms, start, stop);
    us.push_back(ms * 1000.0f);
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  std::sort(us.begin(), us.end());
  return us[us.size() / 2];
}

// Median wall-clock milliseconds of `timed` calls of step() after `warmup` (each call waits for its own result).
double median_step_ms(int warmup, int timed, const std::function<void()>& step) {
  std::vector<double> ms;
  for (int i = 0; i < warmup + timed; i++) {
    auto start = std::chrono::steady_clock::now();
    step();
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    if (i >= warmup) ms.push_back(took.count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main() {
  check::require_cuda_device("bench_cuda_kernels");
  const int B = 64, T = 32, C = 128, NH = 4, V = 58, L = 5, N = B * T;
  const size_t nparams = (size_t)V * C + (size_t)T * C + (size_t)L * 12 * C * C + (size_t)L * 13 * C + 2 * C;
  std::printf("default model, B=%d T=%d C=%d heads=%d V=%d\n", B, T, C, NH, V);
  float* x = device_random((size_t)N * 4 * C, 1);
  float* y = device_random((size_t)N * 4 * C, 2);
  float* z = device_random((size_t)N * 4 * C, 3);
  float* w = device_random((size_t)4 * C * C, 4);
  float* dw = device_random((size_t)4 * C * C, 5);
  float* bias = device_random(4 * C, 6);
  float* stats = device_random(2 * (size_t)N * NH, 7);
  float* logits = device_random((size_t)N * V, 8);
  float* params = device_random(nparams, 9);
  float* grads = device_random(nparams, 10);
  float* m = device_random(nparams, 11);
  float* v = device_random(nparams, 12);
  std::vector<int> host_tokens(N);
  for (int i = 0; i < N; i++) host_tokens[i] = (i * 7 + 3) % V;
  int* tokens = nullptr;
  cudaMalloc(&tokens, N * sizeof(int));
  cudaMemcpy(tokens, host_tokens.data(), N * sizeof(int), cudaMemcpyHostToDevice);
  double dummy = 0;

  struct Row {
    const char* name;
    double us;
    double flops;  // 0: not a matrix product
    int per_step;  // calls in one training step
  };
  std::vector<Row> rows = {
      {"linear_forward qkv", time_us([&] { gpu::linear_forward(y, x, w, bias, N, C, 3 * C); }), 2.0 * N * C * 3 * C, L},
      {"linear_forward fc", time_us([&] { gpu::linear_forward(y, x, w, bias, N, C, 4 * C); }), 2.0 * N * C * 4 * C, L},
      {"linear_forward fc proj", time_us([&] { gpu::linear_forward(y, x, w, bias, N, 4 * C, C); }), 2.0 * N * 4 * C * C, L},
      {"linear_backward qkv", time_us([&] { gpu::linear_backward(z, dw, bias, y, x, w, N, C, 3 * C); }), 4.0 * N * C * 3 * C, L},
      {"linear_backward fc", time_us([&] { gpu::linear_backward(z, dw, bias, y, x, w, N, C, 4 * C); }), 4.0 * N * C * 4 * C, L},
      {"linear_backward fc proj", time_us([&] { gpu::linear_backward(z, dw, bias, y, x, w, N, 4 * C, C); }), 4.0 * N * 4 * C * C, L},
      {"linear_forward attn proj", time_us([&] { gpu::linear_forward(y, x, w, bias, N, C, C); }), 2.0 * N * C * C, L},
      {"linear_backward attn proj", time_us([&] { gpu::linear_backward(z, dw, bias, y, x, w, N, C, C); }), 4.0 * N * C * C, L},
      {"lm head forward (x wte^T)", time_us([&] { gpu::sgemm(false, true, N, V, C, x, C, w, C, 0.0f, logits, V); }), 2.0 * N * C * V, 1},
      {"attention_forward", time_us([&] { gpu::attention_forward(y, stats, x, B, T, C, NH); }), 0, L},
      {"attention_backward", time_us([&] { gpu::attention_backward(z, y, x, y, stats, B, T, C, NH); }), 0, L},
      {"layernorm_forward", time_us([&] { gpu::layernorm_forward(y, stats, stats + N, x, w, bias, N, C, 1e-5f); }), 0, 2 * L + 1},
      {"layernorm_backward", time_us([&] { gpu::layernorm_backward(z, dw, bias, y, x, w, stats, stats + N, N, C); }), 0, 2 * L + 1},
      {"gelu_forward", time_us([&] { gpu::gelu_forward(y, z, x, (size_t)N * 4 * C); }), 0, L},
      {"gelu_backward", time_us([&] { gpu::gelu_backward(z, x, y, y, (size_t)N * 4 * C); }), 0, L},
      {"residual_forward", time_us([&] { gpu::residual_forward(z, x, y, (size_t)N * C); }), 0, 2 * L},
      {"encoder_forward", time_us([&] { gpu::encoder_forward(y, tokens, w, bias, B, T, C); }), 0, 1},
      {"encoder_backward", time_us([&] { gpu::encoder_backward(dw, bias, y, tokens, B, T, C); }), 0, 1},
      {"crossentropy_forward (host sum)", time_us([&] { gpu::crossentropy_forward(y, &dummy, logits, tokens, nullptr, N, V); }), 0, 1},
      {"crossentropy_backward", time_us([&] { gpu::crossentropy_backward(z, logits, tokens, nullptr, 1.0f, N, V); }), 0, 1},
      {"sum_of_squares (host sum)", time_us([&] { gpu::sum_of_squares(grads, nparams); }), 0, 1},
      {"adamw_update", time_us([&] { gpu::adamw_update(params, grads, m, v, nparams, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 1.0f, 1); }), 0, 1},
  };
  cudaError_t error = cudaGetLastError();
  if (error != cudaSuccess) {
    std::printf("bench_cuda_kernels: %s\n", cudaGetErrorString(error));
    return 1;
  }
  double step_us = 0;
  std::printf("%-34s %10s %10s %9s\n", "kernel", "us/call", "GFLOP/s", "per step");
  for (const Row& r : rows) {
    step_us += r.us * r.per_step;
    if (r.flops > 0) std::printf("%-34s %10.1f %10.1f %9d\n", r.name, r.us, r.flops / r.us * 1e-3, r.per_step);
    else std::printf("%-34s %10.1f %10s %9d\n", r.name, r.us, "", r.per_step);
  }
  std::printf("one training step's kernels, added up: %.3f ms (calls one after another, no CUDA graph)\n", step_us / 1000);

  clusterlens::GptConfig config;
  config.n_layer = L, config.n_head = NH, config.n_embd = C, config.n_positions = T, config.vocab_size = V;
  clusterlens::Gpt cpu(config, 0, 1);
  clusterlens::OptimizerConfig opt;
  opt.grad_clip = 1.0f;
  cpu.set_optimizer(opt);
  std::vector<int> targets(host_tokens);
  for (int i = 0; i < N; i++) targets[i] = i % T == T - 1 ? -1 : host_tokens[i + 1];
  for (bool graph : {false, true}) {
    clusterlens::cuda::CudaGpt model(cpu);
    model.set_graph(graph);
    const double ms = median_step_ms(5, 30, [&] { model.step(host_tokens.data(), targets.data(), nullptr, B, T); });
    std::printf("CudaGpt training step (%s), default model, batch %d x %d: %.3f ms (median of 30)\n",
                graph ? "CUDA graph" : "kernel by kernel", B, T, ms);
  }
  if (clusterlens::cuda::tf32_supported()) {
    clusterlens::cuda::CudaGpt model(cpu);
    model.set_tf32(true);
    const double ms = median_step_ms(5, 30, [&] { model.step(host_tokens.data(), targets.data(), nullptr, B, T); });
    std::printf("CudaGpt training step (CUDA graph, TF32), default model, batch %d x %d: %.3f ms (median of 30)\n", B, T, ms);
  }

  // 64 default models in lock-step (a seed sweep's ensemble), each on its own batch: model-steps per second.
  const int S = 64;
  std::vector<std::unique_ptr<clusterlens::Gpt>> seeds;
  std::vector<clusterlens::Gpt*> members;
  for (int m = 0; m < S; m++) {
    seeds.push_back(std::make_unique<clusterlens::Gpt>(config, (uint64_t)m, 1));
    seeds.back()->set_optimizer(opt);
    members.push_back(seeds.back().get());
  }
  std::vector<int> ensemble_tokens((size_t)S * N), ensemble_targets((size_t)S * N);
  for (size_t i = 0; i < ensemble_tokens.size(); i++) ensemble_tokens[i] = (int)((i * 7 + 3) % V);
  for (size_t i = 0; i < ensemble_tokens.size(); i++) ensemble_targets[i] = i % T == T - 1 ? -1 : ensemble_tokens[i + 1];
  for (bool graph : {false, true}) {
    clusterlens::cuda::CudaEnsemble ensemble(members);
    ensemble.set_graph(graph);
    const double ms = median_step_ms(3, 10, [&] {
      ensemble.step(ensemble_tokens.data(), ensemble_targets.data(), nullptr, B, T);
    });
    std::printf("CudaEnsemble of %d (%s), default model, batch %d x %d: %.3f ms a step, %.1f model-steps/s\n", S,
                graph ? "CUDA graph" : "stream by stream", B, T, ms, S / (ms / 1000));
  }
  if (clusterlens::cuda::tf32_supported()) {
    clusterlens::cuda::CudaEnsemble ensemble(members);
    ensemble.set_tf32(true);
    const double ms = median_step_ms(3, 10, [&] {
      ensemble.step(ensemble_tokens.data(), ensemble_targets.data(), nullptr, B, T);
    });
    std::printf("CudaEnsemble of %d (CUDA graph, TF32), default model, batch %d x %d: %.3f ms a step, %.1f model-steps/s\n",
                S, B, T, ms, S / (ms / 1000));
  }

  // k-means on a large probe (100,000 x 128 points, k = 8, 20 Lloyd iterations, one restart): the whole call, the
  // k-means++ initialisation on the CPU included, on the device and on the CPU path.
  const int kn = 100000, kdim = 128;
  std::vector<float> points = check::random_vector((size_t)kn * kdim, 13);
  clusterlens::cpu::KmeansOptions kopt;
  kopt.k = 8, kopt.n_init = 1, kopt.max_iter = 20, kopt.tol = 0.0, kopt.threads = 1;
  const double gpu_ms = median_step_ms(1, 3, [&] { clusterlens::cuda::kmeans(points.data(), kn, kdim, kopt); });
  const double cpu_ms = median_step_ms(0, 1, [&] { clusterlens::cpu::kmeans(points.data(), kn, kdim, kopt); });
  std::printf("k-means, 100,000 x 128, k = 8, 20 iterations: %.1f ms on the device, %.1f ms on the CPU path (1 thread)\n",
              gpu_ms, cpu_ms);
  return 0;
}
