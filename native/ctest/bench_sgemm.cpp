// Micro-benchmark of sgemm on the shapes of one GPT-2 layer with C = 128, B*T = 2048
// (4C = 512, 3C = 384), on 1 and 2 threads. Prints ms per call and GFLOP/s.
//   bench_sgemm [min_seconds_per_measurement] [cold]
//   bench_sgemm square N THREADS   the engine's sgemm peak, as tools/bench reads it beside PyTorch's: the best of 20
//                                  products of two N x N matrices after 3 warm-up ones, one JSON line {"gflops": ...}
// With `cold`, consecutive calls cycle through 12 sets of operands (more than a 32 MB L3 holds), so that each call
// reads A and B and writes C from memory, as a training step's products do with activations written long before.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bench_timer.hpp"
#include "check.hpp"
#include "clusterlens/kernels.hpp"

using clusterlens::cpu::sgemm;

namespace {

struct Shape {
  const char* what;
  bool ta, tb;
  int M, N, K;
};

// Operands of one call.
struct Operands {
  std::vector<float> A, B, C;
};

double time_call(const Shape& s, std::vector<Operands>& sets, int threads, double min_s) {
  int lda = s.ta ? s.M : s.K, ldb = s.tb ? s.K : s.N;
  size_t next = 0;
  return bench::fastest_seconds_per_call([&] {
    Operands& o = sets[next++ % sets.size()];
    sgemm(s.ta, s.tb, s.M, s.N, s.K, o.A.data(), lda, o.B.data(), ldb, 0.0f, o.C.data(), s.N, threads);
  }, min_s);
}

// GFLOP/s of the best of `repeats` products of two n x n matrices (tools/reference/gpt_torch.py's sgemm_gflops).
double square_gflops(int n, int threads, int repeats) {
  std::vector<float> A = check::random_vector((size_t)n * n, 1), B = check::random_vector((size_t)n * n, 2);
  std::vector<float> C((size_t)n * n);
  auto product = [&] { sgemm(false, false, n, n, n, A.data(), n, B.data(), n, 0.0f, C.data(), n, threads); };
  for (int i = 0; i < 3; i++) product();
  double best = 1e30;
  for (int i = 0; i < repeats; i++) {
    double t0 = bench::now_s();
    product();
    best = std::min(best, bench::now_s() - t0);
  }
  return 2.0 * n * n * (double)n / best * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "square") == 0) {
    std::printf("{\"gflops\": %.2f}\n", square_gflops(std::atoi(argv[2]), std::atoi(argv[3]), 20));
    return 0;
  }
  double min_s = argc > 1 ? std::atof(argv[1]) : 0.5;
  const bool cold = argc > 2 && std::strcmp(argv[2], "cold") == 0;
  const int n_sets = cold ? 12 : 1;
  const Shape shapes[] = {
      {"fwd qkv", false, false, 2048, 384, 128},   {"fwd attproj", false, false, 2048, 128, 128},
      {"fwd fc", false, false, 2048, 512, 128},    {"fwd fcproj", false, false, 2048, 128, 512},
      {"fwd lmhead", false, true, 2048, 64, 128},  {"bwd dinp qkv", false, true, 2048, 128, 384},
      {"bwd dinp fcproj", false, true, 2048, 128, 512}, {"bwd dinp fc", false, true, 2048, 512, 128},
      {"bwd dw qkv", true, false, 128, 384, 2048}, {"bwd dw attproj", true, false, 128, 128, 2048},
      {"bwd dw fc", true, false, 128, 512, 2048},  {"bwd dw fcproj", true, false, 512, 128, 2048},
  };
  std::printf("%-16s %2s %2s %5s %5s %5s | %9s %8s | %9s %8s\n", "shape", "tA", "tB", "M", "N", "K",
              "1t ms", "GFLOP/s", "2t ms", "GFLOP/s");
  double total[2] = {0, 0}, flops_total = 0;
  for (const Shape& s : shapes) {
    std::vector<Operands> sets(n_sets);
    for (int i = 0; i < n_sets; i++) {
      sets[i].A = check::random_vector((size_t)s.M * s.K, 1 + 2 * i);
      sets[i].B = check::random_vector((size_t)s.K * s.N, 2 + 2 * i);
      sets[i].C.resize((size_t)s.M * s.N);
    }
    double flops = 2.0 * s.M * s.N * s.K;
    double t1 = time_call(s, sets, 1, min_s);
    double t2 = time_call(s, sets, 2, min_s);
    total[0] += t1;
    total[1] += t2;
    flops_total += flops;
    std::printf("%-16s %2d %2d %5d %5d %5d | %9.3f %8.1f | %9.3f %8.1f\n", s.what, s.ta, s.tb, s.M, s.N, s.K,
                t1 * 1e3, flops / t1 * 1e-9, t2 * 1e3, flops / t2 * 1e-9);
  }
  std::printf("%-16s %2s %2s %5s %5s %5s | %9.3f %8.1f | %9.3f %8.1f\n", "all (sum)", "", "", "", "", "",
              total[0] * 1e3, flops_total / total[0] * 1e-9, total[1] * 1e3, flops_total / total[1] * 1e-9);
  return 0;
}
