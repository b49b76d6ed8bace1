// GPT-2 configuration checks, the parameter layout and the learning-rate schedule.
#include <cmath>
#include <string>

#include "clusterlens/gpt.hpp"
#include "clusterlens/portable_math.hpp"

namespace clusterlens {

std::string validate_config(const GptConfig& c) {
  auto positive = [](const char* field, int v) -> std::string {
    if (v > 0) return "";
    return std::string(field) + ": " + std::to_string(v) + " must be a positive integer";
  };
  for (auto msg : {positive("nLayer", c.n_layer), positive("nHead", c.n_head), positive("nEmbd", c.n_embd),
                   positive("nPositions", c.n_positions), positive("vocabSize", c.vocab_size)}) {
    if (!msg.empty()) return msg;
  }
  if (c.n_embd % c.n_head != 0) {
    return "nHead: " + std::to_string(c.n_head) + " does not divide nEmbd " + std::to_string(c.n_embd);
  }
  if (!(c.layer_norm_eps > 0.0f) || !std::isfinite(c.layer_norm_eps)) {
    return "layerNormEps: " + std::to_string(c.layer_norm_eps) + " must be a positive finite number";
  }
  // Guard against configs whose buffers could not be addressed or allocated sensibly.
  double params = (double)c.vocab_size * c.n_embd + (double)c.n_positions * c.n_embd +
                  (double)c.n_layer * 12.0 * c.n_embd * c.n_embd;
  if (params > 4e9) return "config: " + std::to_string((long long)params) + " parameters exceed the 4e9 limit";
  return "";
}

std::vector<ParamTensor> param_layout(const GptConfig& c) {
  const int C = c.n_embd;
  std::vector<ParamTensor> layout;
  size_t offset = 0;
  auto add = [&](std::string name, std::vector<int> shape) {
    size_t size = 1;
    for (int d : shape) size *= (size_t)d;
    layout.push_back({std::move(name), std::move(shape), offset, size});
    offset += size;
  };
  add("transformer.wte.weight", {c.vocab_size, C});
  add("transformer.wpe.weight", {c.n_positions, C});
  for (int l = 0; l < c.n_layer; l++) {
    std::string h = "transformer.h." + std::to_string(l) + ".";
    add(h + "ln_1.weight", {C});
    add(h + "ln_1.bias", {C});
    add(h + "attn.c_attn.weight", {C, 3 * C});
    add(h + "attn.c_attn.bias", {3 * C});
    add(h + "attn.c_proj.weight", {C, C});
    add(h + "attn.c_proj.bias", {C});
    add(h + "ln_2.weight", {C});
    add(h + "ln_2.bias", {C});
    add(h + "mlp.c_fc.weight", {C, 4 * C});
    add(h + "mlp.c_fc.bias", {4 * C});
    add(h + "mlp.c_proj.weight", {4 * C, C});
    add(h + "mlp.c_proj.bias", {C});
  }
  add("transformer.ln_f.weight", {C});
  add("transformer.ln_f.bias", {C});
  return layout;
}

std::string validate_optimizer(const OptimizerConfig& o) {
  auto finite_nonneg = [](const char* field, float v) -> std::string {
    if (std::isfinite(v) && v >= 0.0f) return "";
    return std::string(field) + ": " + std::to_string(v) + " must be a finite number >= 0";
  };
  for (auto msg : {finite_nonneg("lr", o.lr), finite_nonneg("eps", o.eps), finite_nonneg("weightDecay", o.weight_decay),
                   finite_nonneg("minLrRatio", o.min_lr_ratio), finite_nonneg("gradClip", o.grad_clip)}) {
    if (!msg.empty()) return msg;
  }
  if (!(o.beta1 >= 0.0f && o.beta1 < 1.0f)) return "beta1: " + std::to_string(o.beta1) + " must be in [0, 1)";
  if (!(o.beta2 >= 0.0f && o.beta2 < 1.0f)) return "beta2: " + std::to_string(o.beta2) + " must be in [0, 1)";
  if (o.warmup_steps < 0) return "warmupSteps: must be >= 0";
  if (o.total_steps < 0) return "totalSteps: must be >= 0";
  return "";
}

float learning_rate(const OptimizerConfig& o, int t) {
  if (o.warmup_steps > 0 && t <= o.warmup_steps) return o.lr * (float)t / (float)o.warmup_steps;
  if (o.total_steps <= o.warmup_steps) return o.lr;
  double progress = (double)(t - o.warmup_steps) / (double)(o.total_steps - o.warmup_steps);
  if (progress > 1.0) progress = 1.0;
  double min_lr = (double)o.lr * o.min_lr_ratio;
  return (float)(min_lr + 0.5 * ((double)o.lr - min_lr) * (1.0 + portable_cos(3.141592653589793 * progress)));
}

}  // namespace clusterlens
