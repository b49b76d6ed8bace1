// GPT-2 (learned positions, pre-LayerNorm, tanh-GELU MLP of width 4C, tied embeddings, no dropout):
// forward with every layer's hidden state kept, backward, AdamW with warm-up + cosine schedule and
// gradient-norm clipping. Parameters, gradients, optimizer moments and activations each live in one
// allocation; activations are resized only when the batch shape grows, never inside a step.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace clusterlens {

struct GptConfig {
  int n_layer = 0;
  int n_head = 0;
  int n_embd = 0;
  int n_positions = 0;
  int vocab_size = 0;
  float layer_norm_eps = 1e-5f;
};

// Empty when the config is usable; otherwise a message that names the field and the problem.
std::string validate_config(const GptConfig& config);

// One parameter tensor inside the flat parameter buffer, with its Hugging Face name and shape
// (attention and MLP weights use Conv1D's [in, out] layout, exactly as Hugging Face stores them).
struct ParamTensor {
  std::string name;
  std::vector<int> shape;
  size_t offset;
  size_t size;
};
std::vector<ParamTensor> param_layout(const GptConfig& config);

struct OptimizerConfig {
  float lr = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
  float weight_decay = 0.01f;
  int warmup_steps = 0;     // linear warm-up from lr/warmup to lr
  int total_steps = 0;      // cosine decay to min_lr_ratio * lr at this step; 0 keeps lr constant
  float min_lr_ratio = 0.0f;
  float grad_clip = 0.0f;   // maximum global gradient norm; 0 disables clipping
};
// Empty when usable; otherwise a message naming the field.
std::string validate_optimizer(const OptimizerConfig& opt);
// Learning rate of the 1-based step t.
float learning_rate(const OptimizerConfig& opt, int t);

struct StepResult {
  double loss;
  double grad_norm;  // before clipping
  float lr;
};

// Bytes a model holds, by purpose (what a memory budget is compared with).
struct MemoryUse {
  size_t params, grads, optimizer;  // optimizer: AdamW's two moments
  size_t activations;               // forward activations and the backward pass's scratch, at the largest batch so far
};

class Gpt {
 public:
  // Throws std::invalid_argument (message from validate_config) on a bad config.
  Gpt(const GptConfig& config, uint64_t seed, int threads);

  const GptConfig& config() const { return config_; }
  const std::vector<ParamTensor>& layout() const { return layout_; }
  size_t num_params() const { return num_params_; }
  int threads() const { return threads_; }
  void set_threads(int threads);

  float* params() { return params_.data(); }
  float* grads() { return grads_.data(); }
  float* adam_m() { return adam_m_.data(); }
  float* adam_v() { return adam_v_.data(); }
  int optimizer_step() const { return optimizer_step_; }
  MemoryUse memory_use() const {
    const size_t f = sizeof(float);
    return {params_.size() * f, grads_.size() * f, (adam_m_.size() + adam_v_.size()) * f,
            (acts_.size() + grad_acts_.size() + gelu_tanh_.size()) * f};
  }
  void set_optimizer_step(int t) { optimizer_step_ = t; }
  const OptimizerConfig& optimizer() const { return optimizer_; }
  void set_optimizer(const OptimizerConfig& opt);

  // tokens (B,T). Throws std::invalid_argument for a token outside [0, V) or T > n_positions.
  void forward(const int* tokens, int B, int T);
  // After forward: weighted mean of -log p(target) over kept positions; fills logprobs().
  // targets (B,T) with -1 = ignored; weights (B,T) or null for 1. Throws if no position is kept.
  double loss(const int* targets, const float* weights);
  // After loss(): grads = d loss / d params (overwritten). hidden_grad (B,T,C), when given, is added
  // to the gradient of hidden state hidden_grad_layer (an auxiliary loss on that layer).
  void backward(const float* hidden_grad = nullptr, int hidden_grad_layer = -1);
  // After loss(): makes backward() differentiate sum_i g[i] * logprob[i] instead of the loss, for objectives
  // over the logprobs (DPO: g = d objective / d logprob). g (B,T), any sign; 0 (or an ignored target) = no gradient.
  void set_logprob_grad(const float* g);
  // Clips the gradient to optimizer().grad_clip and applies one AdamW update.
  StepResult update(double loss);

  // Activations of the last forward pass; B*T rows each.
  int batch() const { return B_; }
  int seq_len() const { return T_; }
  const float* hidden(int layer) const;  // (B,T,C); 0 = embeddings, l = output of block l
  const float* ln_final() const;         // (B,T,C): final LayerNorm applied to the last block's output
  const float* logits() const;           // (B,T,V)
  const float* logprobs() const;         // (B,T) after loss()
  // Inside block `block` (0 .. n_layer-1), TransformerLens' names: hidden(block) = resid_pre,
  // resid_mid = resid_pre + attn_out, hidden(block + 1) = resid_post = resid_mid + mlp_out.
  const float* resid_mid(int block) const;  // (B,T,C), kept by the forward pass
  // The attention and MLP c_proj outputs, recomputed into out with the forward's own kernel from the kept
  // activations (the forward pass writes them to a scratch buffer), so they are what was added to the residual.
  void attn_out(int block, float* out) const;  // out (B,T,C)
  void mlp_out(int block, float* out) const;   // out (B,T,C)
  // Attention probabilities, causal (0 above the diagonal), recomputed from q, k and the kept log-sum-exp.
  void attn_pattern(int block, float* out) const;  // out (B,NH,T,T)

 private:
  struct LayerActs;
  void ensure_activations(int B, int T);
  LayerActs layer_acts(int l) const;
  // layer_acts(block) after a forward pass; throws for a block outside [0, n_layer).
  LayerActs block_acts(int block, const char* what) const;
  const float* param(int index) const { return params_.data() + layout_[index].offset; }
  float* grad(int index) { return grads_.data() + layout_[index].offset; }
  void check_tokens(const int* tokens, size_t n, const char* what, bool allow_ignored) const;

  GptConfig config_;
  OptimizerConfig optimizer_;
  std::vector<ParamTensor> layout_;
  size_t num_params_ = 0;
  int threads_ = 1;
  // The last forward pass kept GELU's tanh (gpt.cpp's keep_gelu_tanh) for the backward pass, in gelu_tanh_: one
  // (capacity rows, 4C) array per block, allocated once a pass keeps it (paths and sizes that do not never pay for it).
  bool gelu_tanh_kept_ = false;
  std::vector<float> gelu_tanh_;
  float* gelu_tanh(int layer);
  int optimizer_step_ = 0;

  std::vector<float> params_, grads_, adam_m_, adam_v_;

  // One buffer for all activations, one for the backward pass's scratch.
  std::vector<float> acts_, grad_acts_;
  size_t act_capacity_rows_ = 0;  // B*T the buffers are sized for
  int B_ = 0, T_ = 0;
  std::vector<int> tokens_, targets_;
  std::vector<float> weights_;
  double weight_sum_ = 0.0;
  bool has_forward_ = false, has_loss_ = false;
};

}  // namespace clusterlens
