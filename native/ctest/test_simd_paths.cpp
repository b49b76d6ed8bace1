// Every instruction-set path this CPU can run gives the same bits: whole training steps of a small GPT-2 (forward,
// loss, backward, clipping, AdamW) and sgemm on ragged shapes, compared with the first (widest) path. The baseline
// path is always among them, so a machine with AVX-512 checks all three.
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "check.hpp"
#include "clusterlens/gpt.hpp"
#include "clusterlens/kernels.hpp"

using namespace clusterlens;
using std::vector;

namespace {

struct TrainingRun {
  vector<float> params, adam_m, adam_v;
  vector<double> losses;
};

// Three AdamW steps with warm-up and clipping, on 2 threads, from the same seed and batch.
TrainingRun train_small_model() {
  GptConfig config;
  config.n_layer = 2;
  config.n_head = 4;
  config.n_embd = 48;  // not a multiple of any path's register tile: edge tiles in every product
  config.n_positions = 24;
  config.vocab_size = 37;
  Gpt gpt(config, 7, 2);
  OptimizerConfig opt;
  opt.warmup_steps = 2;
  opt.total_steps = 10;
  opt.grad_clip = 1.0f;
  gpt.set_optimizer(opt);
  const int B = 5, T = 19;
  vector<int> tokens(B * T), targets(B * T);
  for (int i = 0; i < B * T; i++) tokens[i] = (i * 7 + 3) % config.vocab_size;
  for (int i = 0; i < B * T; i++) targets[i] = i % T == T - 1 ? -1 : tokens[i + 1];
  TrainingRun run;
  for (int step = 0; step < 3; step++) {
    gpt.forward(tokens.data(), B, T);
    double loss = gpt.loss(targets.data(), nullptr);
    gpt.backward();
    gpt.update(loss);
    run.losses.push_back(loss);
  }
  const size_t n = gpt.num_params();
  run.params.assign(gpt.params(), gpt.params() + n);
  run.adam_m.assign(gpt.adam_m(), gpt.adam_m() + n);
  run.adam_v.assign(gpt.adam_v(), gpt.adam_v() + n);
  return run;
}

vector<float> ragged_sgemm(bool trans_a, bool trans_b) {
  const int M = 37, N = 53, K = 300;  // K spans two depth blocks
  vector<float> A = check::random_vector((size_t)M * K, 1), B = check::random_vector((size_t)K * N, 2);
  vector<float> C = check::random_vector((size_t)M * N, 3);
  cpu::sgemm(trans_a, trans_b, M, N, K, A.data(), trans_a ? M : K, B.data(), trans_b ? K : N, 1.0f, C.data(), N, 2);
  return C;
}

template <typename T>
bool same_bits(const vector<T>& a, const vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

}  // namespace

int main() {
  int count = 0;
  const char* const* paths = cpu::supported_simd_paths(&count);
  check::that(count >= 1 && std::strcmp(paths[count - 1], "baseline") == 0, "the baseline path is always supported");
  std::printf("paths on this CPU:");
  for (int i = 0; i < count; i++) std::printf(" %s", paths[i]);
  std::printf("\n");

  cpu::set_simd_path(paths[0]);
  const TrainingRun reference = train_small_model();
  vector<vector<float>> reference_products;
  for (int t = 0; t < 4; t++) reference_products.push_back(ragged_sgemm(t & 1, t & 2));

  for (int i = 1; i < count; i++) {
    cpu::set_simd_path(paths[i]);
    check::that(std::strcmp(cpu::simd_path(), paths[i]) == 0, "set_simd_path switches the path");
    const TrainingRun run = train_small_model();
    char what[160];
    std::snprintf(what, sizeof what, "%s: three training steps give %s's parameters, moments and losses bit for bit", paths[i], paths[0]);
    check::that(same_bits(run.params, reference.params) && same_bits(run.adam_m, reference.adam_m) &&
                    same_bits(run.adam_v, reference.adam_v) && same_bits(run.losses, reference.losses),
                what);
    for (int t = 0; t < 4; t++) {
      std::snprintf(what, sizeof what, "%s: sgemm (trans_a %d, trans_b %d) gives %s's bits", paths[i], t & 1, (t & 2) >> 1, paths[0]);
      check::that(same_bits(ragged_sgemm(t & 1, t & 2), reference_products[t]), what);
    }
  }
  bool refused = false;
  try {
    cpu::set_simd_path("sse9");
  } catch (const std::invalid_argument&) {
    refused = true;
  }
  check::that(refused, "an unknown path is refused");
  return check::finish("simd paths");
}
