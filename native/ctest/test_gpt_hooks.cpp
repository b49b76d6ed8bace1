// The per-block activations Gpt exposes after a forward pass (TransformerLens' hook_resid_mid, hook_attn_out,
// hook_mlp_out, attn.hook_pattern): patterns are causal probability rows, and the attention and MLP outputs are
// exactly what the forward pass added to the residual stream.
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "check.hpp"
#include "clusterlens/gpt.hpp"

using namespace clusterlens;
using std::vector;

namespace {

constexpr int B = 2, T = 7;

// A small model with random parameters of order 1, so that attention is far from uniform.
Gpt random_model() {
  GptConfig c;
  c.n_layer = 2;
  c.n_head = 2;
  c.n_embd = 16;
  c.n_positions = 8;
  c.vocab_size = 11;
  Gpt gpt(c, 3, 1);
  vector<float> params = check::random_vector(gpt.num_params(), 5);
  for (size_t i = 0; i < params.size(); i++) gpt.params()[i] = params[i];
  return gpt;
}

// random_model() after a forward pass over (B,T) tokens.
Gpt make_model() {
  Gpt gpt = random_model();
  vector<int> tokens(B * T);
  for (int i = 0; i < B * T; i++) tokens[i] = (i * 7 + 3) % gpt.config().vocab_size;
  gpt.forward(tokens.data(), B, T);
  return gpt;
}

void test_pattern_is_causal_and_rows_sum_to_one() {
  Gpt gpt = make_model();
  const int NH = gpt.config().n_head;
  vector<float> pattern((size_t)B * NH * T * T);
  for (int l = 0; l < gpt.config().n_layer; l++) {
    gpt.attn_pattern(l, pattern.data());
    bool causal = true, in_range = true, sums = true;
    for (int row = 0; row < B * NH * T; row++) {
      const int t = row % T;
      const float* p = pattern.data() + (size_t)row * T;
      double sum = 0;
      for (int s = 0; s < T; s++) {
        if (s > t && p[s] != 0.0f) causal = false;
        if (!(p[s] >= 0.0f && p[s] <= 1.0f + 1e-6f)) in_range = false;
        sum += p[s];
      }
      if (!(std::fabs(sum - 1.0) < 1e-5)) sums = false;
    }
    check::that(causal, "pattern: zero above the diagonal");
    check::that(in_range, "pattern: probabilities in [0, 1]");
    check::that(sums, "pattern: every row sums to 1");
  }
}

// a - b, elementwise
vector<float> difference(const float* a, const float* b, size_t n) {
  vector<float> out(n);
  for (size_t i = 0; i < n; i++) out[i] = a[i] - b[i];
  return out;
}

void test_block_outputs_are_the_residual_increments() {
  Gpt gpt = make_model();
  const size_t n = (size_t)B * T * gpt.config().n_embd;
  vector<float> attn(n), mlp(n);
  for (int l = 0; l < gpt.config().n_layer; l++) {
    gpt.attn_out(l, attn.data());
    gpt.mlp_out(l, mlp.data());
    vector<float> attn_step = difference(gpt.resid_mid(l), gpt.hidden(l), n);
    vector<float> mlp_step = difference(gpt.hidden(l + 1), gpt.resid_mid(l), n);
    check::close("attn_out = resid_mid - resid_pre", attn_step.data(), attn.data(), n, 1e-5);
    check::close("mlp_out = resid_post - resid_mid", mlp_step.data(), mlp.data(), n, 1e-5);
  }
}

// The recomputed outputs are the very values the forward pass added: adding them again gives its sums bit for bit.
void test_block_outputs_recompute_the_forward_bits() {
  Gpt gpt = make_model();
  const size_t n = (size_t)B * T * gpt.config().n_embd;
  vector<float> attn(n), mlp(n);
  for (int l = 0; l < gpt.config().n_layer; l++) {
    gpt.attn_out(l, attn.data());
    gpt.mlp_out(l, mlp.data());
    bool attn_exact = true, mlp_exact = true;
    for (size_t i = 0; i < n; i++) {
      if (gpt.hidden(l)[i] + attn[i] != gpt.resid_mid(l)[i]) attn_exact = false;
      if (gpt.resid_mid(l)[i] + mlp[i] != gpt.hidden(l + 1)[i]) mlp_exact = false;
    }
    check::that(attn_exact, "resid_pre + attn_out == resid_mid bit for bit");
    check::that(mlp_exact, "resid_mid + mlp_out == resid_post bit for bit");
  }
}

// Activation buffers sized for a larger batch keep their strides: a smaller pass reads back as on a fresh model.
void test_smaller_batch_after_a_larger_one() {
  Gpt fresh = random_model(), reused = make_model();  // reused's buffers were sized for (B,T)
  const int b = 1, t = 4, NH = fresh.config().n_head, C = fresh.config().n_embd;
  vector<int> tokens = {3, 1, 4, 1};
  fresh.forward(tokens.data(), b, t);
  reused.forward(tokens.data(), b, t);
  vector<float> want((size_t)b * NH * t * t), got(want.size()), want_mlp((size_t)b * t * C), got_mlp(want_mlp.size());
  for (int l = 0; l < fresh.config().n_layer; l++) {
    fresh.attn_pattern(l, want.data());
    reused.attn_pattern(l, got.data());
    check::close("pattern after a smaller batch", got.data(), want.data(), want.size(), 0.0);
    fresh.mlp_out(l, want_mlp.data());
    reused.mlp_out(l, got_mlp.data());
    check::close("mlp_out after a smaller batch", got_mlp.data(), want_mlp.data(), want_mlp.size(), 0.0);
  }
}

void test_block_index_is_checked() {
  Gpt gpt = make_model();
  bool threw = false;
  try {
    gpt.resid_mid(gpt.config().n_layer);
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  check::that(threw, "resid_mid(nLayer) throws invalid_argument");
}

}  // namespace

int main() {
  test_pattern_is_causal_and_rows_sum_to_one();
  test_block_outputs_are_the_residual_increments();
  test_block_outputs_recompute_the_forward_bits();
  test_smaller_batch_after_a_larger_one();
  test_block_index_is_checked();
  return check::finish("gpt_hooks");
}
