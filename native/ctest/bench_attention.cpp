// Micro-benchmark of causal attention forward and backward on the protocol's shapes (B = 64, T = 32), the default
// model's heads (C = 128, 4 heads of 32) and the small model's (C = 64, 4 heads of 16), on one thread. Prints ms per
// call and GFLOP/s over the causal half of the score matrix (forward: q.k and p.v; backward: four such products).
//   bench_attention [min_seconds_per_measurement] [C, to measure one model only]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench_timer.hpp"
#include "check.hpp"
#include "clusterlens/kernels.hpp"

int main(int argc, char** argv) {
  double min_s = argc > 1 ? std::atof(argv[1]) : 0.5;
  const int only_c = argc > 2 ? std::atoi(argv[2]) : 0;
  const int B = 64, T = 32, NH = 4;
  std::printf("%-8s %4s %3s | %9s %8s | %9s %8s\n", "heads", "C", "hs", "fwd ms", "GFLOP/s", "bwd ms", "GFLOP/s");
  for (int C : {128, 64}) {
    if (only_c && C != only_c) continue;
    std::vector<float> qkv = check::random_vector((size_t)B * T * 3 * C, 1);
    std::vector<float> dout = check::random_vector((size_t)B * T * C, 2);
    std::vector<float> out((size_t)B * T * C), lse((size_t)B * NH * T), dqkv((size_t)B * T * 3 * C);
    const double causal_macs = (double)B * NH * (T * (T + 1) / 2) * (C / NH);
    double fwd = bench::fastest_seconds_per_call([&] { clusterlens::cpu::attention_forward(out.data(), lse.data(), qkv.data(), B, T, C, NH, 1); }, min_s);
    double bwd = bench::fastest_seconds_per_call([&] {
      clusterlens::cpu::attention_backward(dqkv.data(), dout.data(), qkv.data(), out.data(), lse.data(), B, T, C, NH, 1);
    }, min_s);
    std::printf("%-8d %4d %3d | %9.3f %8.1f | %9.3f %8.1f\n", NH, C, C / NH, fwd * 1e3, 4 * causal_macs / fwd * 1e-9,
                bwd * 1e3, 8 * causal_macs / bwd * 1e-9);
  }
  return 0;
}
