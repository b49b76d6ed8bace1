// The GPT-2 model: parameters, activations, forward, backward and the AdamW step.
#include "clusterlens/gpt.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include "clusterlens/kernels.hpp"
#include "clusterlens/rng.hpp"

namespace clusterlens {

using namespace cpu;

namespace {

// Parameter indices inside param_layout(): wte, wpe, 12 per block, then ln_f weight and bias.
constexpr int kWte = 0, kWpe = 1, kPerLayer = 12;
enum LayerParam { kLn1W, kLn1B, kQkvW, kQkvB, kProjW, kProjB, kLn2W, kLn2B, kFcW, kFcB, kFcProjW, kFcProjB };
inline int layer_param(int l, LayerParam p) { return 2 + l * kPerLayer + p; }

}  // namespace

// Pointers into acts_ for one block; N = B*T rows.
struct Gpt::LayerActs {
  float *ln1, *ln1_mean, *ln1_rstd;  // (N,C), (N), (N)
  float* qkv;                        // (N,3C)
  float *atty, *lse;                 // (N,C), (B,NH,T)
  float* resid2;                     // (N,C) after the attention residual
  float *ln2, *ln2_mean, *ln2_rstd;  // (N,C), (N), (N)
  float *fch, *fch_gelu;             // (N,4C) each: the MLP's input to GELU and GELU's output
  float* resid3;                     // (N,C) block output
};

namespace {

// Floats per row (one token) of each block's activations, in LayerActs order.
size_t layer_floats_per_row(const GptConfig& c) {
  const size_t C = c.n_embd;
  return C + 2 + 3 * C + C + c.n_head + C + C + 2 + 4 * C + 4 * C + C;
}
// Global activations: encoded (C), ln_f (C + 2), logits (V), logprobs (1), scratch (C).
size_t global_floats_per_row(const GptConfig& c) { return 4 * (size_t)c.n_embd + 3 + c.vocab_size; }
// Backward scratch: dres (C), dln (C), dqkv (3C), datty (C), dfch (4C), dlogits (V).
size_t grad_floats_per_row(const GptConfig& c) { return 10 * (size_t)c.n_embd + c.vocab_size; }

// Offsets of the global activations, per row of capacity.
struct GlobalActs {
  float *encoded, *lnf, *lnf_mean, *lnf_rstd, *logits, *logprobs, *scratch;
};
GlobalActs global_acts(float* base, size_t rows, const GptConfig& c) {
  const size_t C = c.n_embd;
  GlobalActs g;
  g.encoded = base; base += rows * C;
  g.lnf = base; base += rows * C;
  g.lnf_mean = base; base += rows;
  g.lnf_rstd = base; base += rows;
  g.logits = base; base += rows * c.vocab_size;
  g.logprobs = base; base += rows;
  g.scratch = base;
  return g;
}

struct GradActs {
  float *dres, *dln, *dqkv, *datty, *dfch, *dlogits;
};
GradActs grad_acts(float* base, size_t rows, const GptConfig& c) {
  const size_t C = c.n_embd;
  GradActs g;
  g.dres = base; base += rows * C;
  g.dln = base; base += rows * C;
  g.dqkv = base; base += rows * 3 * C;
  g.datty = base; base += rows * C;
  g.dfch = base; base += rows * 4 * C;
  g.dlogits = base;
  return g;
}

void zero(float* x, size_t n) { std::memset(x, 0, n * sizeof(float)); }

// Whether the forward pass keeps GELU's tanh for the backward pass (the same bits either way), for an MLP activation
// of `floats` values: where the active path gains from it (dispatch.cpp's measurements).
bool keep_gelu_tanh(size_t floats) { return floats * sizeof(float) <= gelu_tanh_keep_bytes(); }

}  // namespace

Gpt::Gpt(const GptConfig& config, uint64_t seed, int threads) : config_(config) {
  std::string problem = validate_config(config);
  if (!problem.empty()) throw std::invalid_argument(problem);
  set_threads(threads);
  layout_ = param_layout(config);
  num_params_ = layout_.back().offset + layout_.back().size;
  params_.assign(num_params_, 0.0f);
  grads_.assign(num_params_, 0.0f);
  adam_m_.assign(num_params_, 0.0f);
  adam_v_.assign(num_params_, 0.0f);

  // Hugging Face GPT-2 initialisation: N(0, 0.02) weights and embeddings, residual projections
  // scaled by 1/sqrt(2 n_layer), zero biases, unit LayerNorm gains. One stream, in layout order.
  Rng rng(seed);
  const double std_residual = 0.02 / std::sqrt(2.0 * config.n_layer);
  for (const auto& t : layout_) {
    float* p = params_.data() + t.offset;
    const std::string& n = t.name;
    auto ends_with = [&](const char* suffix) {
      size_t len = std::strlen(suffix);
      return n.size() >= len && n.compare(n.size() - len, len, suffix) == 0;
    };
    if (n.find(".ln_") != std::string::npos) {
      float fill = ends_with(".weight") ? 1.0f : 0.0f;
      for (size_t i = 0; i < t.size; i++) p[i] = fill;
    } else if (ends_with(".bias")) {
      // already zero
    } else {
      double std = ends_with("c_proj.weight") ? std_residual : 0.02;
      for (size_t i = 0; i < t.size; i++) p[i] = (float)(rng.normal() * std);
    }
  }
}

void Gpt::set_threads(int threads) {
  if (threads < 1 || threads > 1024) {
    throw std::invalid_argument("threads: " + std::to_string(threads) + " must be between 1 and 1024");
  }
  threads_ = threads;
}

void Gpt::set_optimizer(const OptimizerConfig& opt) {
  std::string problem = validate_optimizer(opt);
  if (!problem.empty()) throw std::invalid_argument("optimizer." + problem);
  optimizer_ = opt;
}

void Gpt::ensure_activations(int B, int T) {
  size_t rows = (size_t)B * T;
  if (rows > act_capacity_rows_) {
    acts_.assign(rows * (global_floats_per_row(config_) + config_.n_layer * layer_floats_per_row(config_)), 0.0f);
    grad_acts_.assign(rows * grad_floats_per_row(config_), 0.0f);
    act_capacity_rows_ = rows;
  }
  B_ = B;
  T_ = T;
}

float* Gpt::gelu_tanh(int l) { return gelu_tanh_.data() + (size_t)l * act_capacity_rows_ * 4 * config_.n_embd; }

Gpt::LayerActs Gpt::layer_acts(int l) const {
  const size_t rows = act_capacity_rows_, C = config_.n_embd;
  float* base = const_cast<float*>(acts_.data()) + rows * global_floats_per_row(config_) +
                rows * layer_floats_per_row(config_) * l;
  LayerActs a;
  a.ln1 = base; base += rows * C;
  a.ln1_mean = base; base += rows;
  a.ln1_rstd = base; base += rows;
  a.qkv = base; base += rows * 3 * C;
  a.atty = base; base += rows * C;
  a.lse = base; base += rows * config_.n_head;
  a.resid2 = base; base += rows * C;
  a.ln2 = base; base += rows * C;
  a.ln2_mean = base; base += rows;
  a.ln2_rstd = base; base += rows;
  a.fch = base; base += rows * 4 * C;
  a.fch_gelu = base; base += rows * 4 * C;
  a.resid3 = base;
  return a;
}

void Gpt::check_tokens(const int* tokens, size_t n, const char* what, bool allow_ignored) const {
  for (size_t i = 0; i < n; i++) {
    int t = tokens[i];
    if (t >= 0 && t < config_.vocab_size) continue;
    if (allow_ignored && t == -1) continue;
    throw std::invalid_argument(std::string(what) + "[" + std::to_string(i) + "]: id " + std::to_string(t) +
                                " is outside the vocabulary [0, " + std::to_string(config_.vocab_size) + ")");
  }
}

void Gpt::forward(const int* tokens, int B, int T) {
  if (B < 1) throw std::invalid_argument("batch: " + std::to_string(B) + " must be >= 1");
  if (T < 1 || T > config_.n_positions) {
    throw std::invalid_argument("sequence length: " + std::to_string(T) + " must be between 1 and nPositions " +
                                std::to_string(config_.n_positions));
  }
  check_tokens(tokens, (size_t)B * T, "tokens", false);
  ensure_activations(B, T);
  tokens_.assign(tokens, tokens + (size_t)B * T);
  has_loss_ = false;

  const int C = config_.n_embd, NH = config_.n_head, V = config_.vocab_size, N = B * T, nt = threads_;
  const float eps = config_.layer_norm_eps;
  GlobalActs g = global_acts(acts_.data(), act_capacity_rows_, config_);

  encoder_forward(g.encoded, tokens, param(kWte), param(kWpe), B, T, C, nt);
  // Decided once per pass: the backward pass reads what it kept. Its buffer exists only once a pass keeps it.
  gelu_tanh_kept_ = keep_gelu_tanh((size_t)N * 4 * C);
  const size_t tanh_floats = (size_t)config_.n_layer * act_capacity_rows_ * 4 * C;
  if (gelu_tanh_kept_ && gelu_tanh_.size() < tanh_floats) gelu_tanh_.assign(tanh_floats, 0.0f);
  const float* residual = g.encoded;
  for (int l = 0; l < config_.n_layer; l++) {
    LayerActs a = layer_acts(l);
    auto p = [&](LayerParam which) { return param(layer_param(l, which)); };
    layernorm_forward(a.ln1, a.ln1_mean, a.ln1_rstd, residual, p(kLn1W), p(kLn1B), N, C, eps, nt);
    linear_forward(a.qkv, a.ln1, p(kQkvW), p(kQkvB), N, C, 3 * C, nt);
    attention_forward(a.atty, a.lse, a.qkv, B, T, C, NH, nt);
    linear_forward(g.scratch, a.atty, p(kProjW), p(kProjB), N, C, C, nt);
    residual_forward(a.resid2, residual, g.scratch, (size_t)N * C, nt);
    layernorm_forward(a.ln2, a.ln2_mean, a.ln2_rstd, a.resid2, p(kLn2W), p(kLn2B), N, C, eps, nt);
    linear_forward(a.fch, a.ln2, p(kFcW), p(kFcB), N, C, 4 * C, nt);
    gelu_forward(a.fch_gelu, gelu_tanh_kept_ ? gelu_tanh(l) : nullptr, a.fch, (size_t)N * 4 * C, nt);
    linear_forward(g.scratch, a.fch_gelu, p(kFcProjW), p(kFcProjB), N, 4 * C, C, nt);
    residual_forward(a.resid3, a.resid2, g.scratch, (size_t)N * C, nt);
    residual = a.resid3;
  }
  const int lnf = 2 + config_.n_layer * kPerLayer;
  layernorm_forward(g.lnf, g.lnf_mean, g.lnf_rstd, residual, param(lnf), param(lnf + 1), N, C, eps, nt);
  // logits (N,V) = lnf (N,C) @ wte^T, the tied LM head
  sgemm(false, true, N, V, C, g.lnf, C, param(kWte), C, 0.0f, g.logits, V, nt);
  has_forward_ = true;
}

double Gpt::loss(const int* targets, const float* weights) {
  if (!has_forward_) throw std::logic_error("loss: call forward first");
  const size_t N = (size_t)B_ * T_;
  check_tokens(targets, N, "targets", true);
  if (weights) {
    for (size_t i = 0; i < N; i++) {
      if (!(std::isfinite(weights[i]) && weights[i] >= 0.0f)) {
        throw std::invalid_argument("weights[" + std::to_string(i) + "]: " + std::to_string(weights[i]) +
                                    " must be a finite number >= 0");
      }
    }
  }
  targets_.assign(targets, targets + N);
  if (weights) weights_.assign(weights, weights + N);
  else weights_.clear();
  GlobalActs g = global_acts(acts_.data(), act_capacity_rows_, config_);
  double total = crossentropy_forward(g.logprobs, &weight_sum_, g.logits, targets_.data(),
                                      weights ? weights_.data() : nullptr, (int)N, config_.vocab_size, threads_);
  if (!(weight_sum_ > 0.0)) {
    throw std::invalid_argument("targets: no position has a target with a positive weight, so the loss is undefined");
  }
  double mean = total / weight_sum_;
  if (!std::isfinite(mean)) throw std::runtime_error("loss is not finite (" + std::to_string(mean) + ")");
  has_loss_ = true;
  return mean;
}

void Gpt::set_logprob_grad(const float* g) {
  if (!has_loss_) throw std::logic_error("set_logprob_grad: call forward and loss first");
  const size_t N = (size_t)B_ * T_;
  for (size_t i = 0; i < N; i++) {
    if (!std::isfinite(g[i])) {
      throw std::invalid_argument("logprobGrad[" + std::to_string(i) + "]: " + std::to_string(g[i]) + " is not finite");
    }
  }
  // The loss's gradient is w * scale * (softmax - onehot) = -w * scale * d logprob / d logits per kept position,
  // so weights -g with scale 1 give d (sum_i g[i] * logprob[i]) / d logits.
  weights_.resize(N);
  for (size_t i = 0; i < N; i++) weights_[i] = -g[i];
  weight_sum_ = 1.0;
}

void Gpt::backward(const float* hidden_grad, int hidden_grad_layer) {
  if (!has_loss_) throw std::logic_error("backward: call forward and loss first");
  const int C = config_.n_embd, NH = config_.n_head, V = config_.vocab_size, B = B_, T = T_, N = B * T;
  const int L = config_.n_layer, nt = threads_;
  GlobalActs g = global_acts(acts_.data(), act_capacity_rows_, config_);
  GradActs d = grad_acts(grad_acts_.data(), act_capacity_rows_, config_);
  zero(grads_.data(), num_params_);

  // Loss -> logits -> final LayerNorm (tied head: wte gets the head's gradient here).
  crossentropy_backward(d.dlogits, g.logits, targets_.data(), weights_.empty() ? nullptr : weights_.data(),
                        (float)(1.0 / weight_sum_), N, V, nt);
  sgemm(false, false, N, C, V, d.dlogits, V, param(kWte), C, 0.0f, d.dln, C, nt);
  sgemm(true, false, V, C, N, d.dlogits, V, g.lnf, C, 1.0f, grad(kWte), C, nt);
  const int lnf = 2 + L * kPerLayer;
  const float* last = L > 0 ? layer_acts(L - 1).resid3 : g.encoded;
  zero(d.dres, (size_t)N * C);
  layernorm_backward(d.dres, grad(lnf), grad(lnf + 1), d.dln, last, param(lnf), g.lnf_mean, g.lnf_rstd, N, C, nt);

  auto add_hidden_grad = [&](int layer) {
    if (hidden_grad && hidden_grad_layer == layer) {
      for (size_t i = 0; i < (size_t)N * C; i++) d.dres[i] += hidden_grad[i];
    }
  };
  // d.dres always holds the gradient of the residual stream at the current depth.
  for (int l = L - 1; l >= 0; l--) {
    add_hidden_grad(l + 1);
    LayerActs a = layer_acts(l);
    const float* resid1 = l > 0 ? layer_acts(l - 1).resid3 : g.encoded;
    auto p = [&](LayerParam which) { return param(layer_param(l, which)); };
    auto dp = [&](LayerParam which) { return grad(layer_param(l, which)); };

    // MLP: resid3 = resid2 + fc_proj(gelu(fc(ln2(resid2))))
    // dfch holds the gradient of gelu(fch), then, in place, that of fch
    linear_backward(d.dfch, dp(kFcProjW), dp(kFcProjB), d.dres, a.fch_gelu, p(kFcProjW), N, 4 * C, C, nt);
    gelu_backward(d.dfch, a.fch, gelu_tanh_kept_ ? gelu_tanh(l) : nullptr, d.dfch, (size_t)N * 4 * C, nt);
    linear_backward(d.dln, dp(kFcW), dp(kFcB), d.dfch, a.ln2, p(kFcW), N, C, 4 * C, nt);
    layernorm_backward(d.dres, dp(kLn2W), dp(kLn2B), d.dln, a.resid2, p(kLn2W), a.ln2_mean, a.ln2_rstd, N, C, nt);

    // Attention: resid2 = resid1 + proj(attention(qkv(ln1(resid1))))
    linear_backward(d.datty, dp(kProjW), dp(kProjB), d.dres, a.atty, p(kProjW), N, C, C, nt);
    attention_backward(d.dqkv, d.datty, a.qkv, a.atty, a.lse, B, T, C, NH, nt);
    linear_backward(d.dln, dp(kQkvW), dp(kQkvB), d.dqkv, a.ln1, p(kQkvW), N, C, 3 * C, nt);
    layernorm_backward(d.dres, dp(kLn1W), dp(kLn1B), d.dln, resid1, p(kLn1W), a.ln1_mean, a.ln1_rstd, N, C, nt);
  }
  add_hidden_grad(0);
  encoder_backward(grad(kWte), grad(kWpe), d.dres, tokens_.data(), B, T, C, V, nt);
}

StepResult Gpt::update(double loss) {
  if (!std::isfinite(loss)) throw std::runtime_error("loss is not finite (" + std::to_string(loss) + ")");
  double norm = std::sqrt(sum_of_squares(grads_.data(), num_params_, threads_));
  if (!std::isfinite(norm)) throw std::runtime_error("gradient norm is not finite; the update was not applied");
  float scale = 1.0f;
  if (optimizer_.grad_clip > 0.0f && norm > optimizer_.grad_clip) scale = (float)(optimizer_.grad_clip / (norm + 1e-6));
  int t = optimizer_step_ + 1;
  float lr = learning_rate(optimizer_, t);
  adamw_update(params_.data(), grads_.data(), adam_m_.data(), adam_v_.data(), num_params_, lr, optimizer_.beta1,
               optimizer_.beta2, optimizer_.eps, optimizer_.weight_decay, scale, t, threads_);
  optimizer_step_ = t;
  has_forward_ = has_loss_ = false;  // the cached activations no longer match the parameters
  return {loss, norm, lr};
}

const float* Gpt::hidden(int layer) const {
  if (!has_forward_) throw std::logic_error("hidden: call forward first");
  if (layer < 0 || layer > config_.n_layer) {
    throw std::invalid_argument("layer: " + std::to_string(layer) + " must be between 0 and nLayer " +
                                std::to_string(config_.n_layer));
  }
  if (layer == 0) return global_acts(const_cast<float*>(acts_.data()), act_capacity_rows_, config_).encoded;
  return layer_acts(layer - 1).resid3;
}

const float* Gpt::ln_final() const {
  if (!has_forward_) throw std::logic_error("ln_final: call forward first");
  return global_acts(const_cast<float*>(acts_.data()), act_capacity_rows_, config_).lnf;
}

const float* Gpt::logits() const {
  if (!has_forward_) throw std::logic_error("logits: call forward first");
  return global_acts(const_cast<float*>(acts_.data()), act_capacity_rows_, config_).logits;
}

const float* Gpt::logprobs() const {
  if (!has_loss_) throw std::logic_error("logprobs: call loss first");
  return global_acts(const_cast<float*>(acts_.data()), act_capacity_rows_, config_).logprobs;
}

Gpt::LayerActs Gpt::block_acts(int block, const char* what) const {
  if (!has_forward_) throw std::logic_error(std::string(what) + ": call forward first");
  if (block < 0 || block >= config_.n_layer) {
    throw std::invalid_argument(std::string(what) + ": block " + std::to_string(block) + " must be between 0 and " +
                                std::to_string(config_.n_layer - 1) + " (nLayer - 1)");
  }
  return layer_acts(block);
}

const float* Gpt::resid_mid(int block) const { return block_acts(block, "resid_mid").resid2; }

void Gpt::attn_out(int block, float* out) const {
  LayerActs a = block_acts(block, "attn_out");
  const int C = config_.n_embd;
  linear_forward(out, a.atty, param(layer_param(block, kProjW)), param(layer_param(block, kProjB)), B_ * T_, C, C,
                 threads_);
}

void Gpt::mlp_out(int block, float* out) const {
  LayerActs a = block_acts(block, "mlp_out");
  const int C = config_.n_embd;
  linear_forward(out, a.fch_gelu, param(layer_param(block, kFcProjW)), param(layer_param(block, kFcProjB)), B_ * T_,
                 4 * C, C, threads_);
}

void Gpt::attn_pattern(int block, float* out) const {
  LayerActs a = block_acts(block, "attn_pattern");
  attention_pattern(out, a.qkv, a.lse, B_, T_, config_.n_embd, config_.n_head, threads_);
}

}  // namespace clusterlens
