#include "gpt_binding.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "args.hpp"
#include "batch_args.hpp"
#include "device_copy.hpp"
#include "task_worker.hpp"

namespace clusterlens::binding {

namespace {

GptConfig parse_config(const Napi::Value& value) {
  Napi::Object obj = expect_object(value, "config");
  GptConfig c;
  c.n_layer = int_field(obj, "nLayer", "config.");
  c.n_head = int_field(obj, "nHead", "config.");
  c.n_embd = int_field(obj, "nEmbd", "config.");
  c.n_positions = int_field(obj, "nPositions", "config.");
  c.vocab_size = int_field(obj, "vocabSize", "config.");
  c.layer_norm_eps = (float)number_field(obj, "layerNormEps", "config.", 1e-5);
  return c;
}

OptimizerConfig parse_optimizer(const Napi::Value& value) {
  Napi::Object obj = expect_object(value, "optimizer");
  OptimizerConfig o;
  const std::string p = "optimizer.";
  o.lr = (float)number_field(obj, "lr", p, o.lr);
  o.beta1 = (float)number_field(obj, "beta1", p, o.beta1);
  o.beta2 = (float)number_field(obj, "beta2", p, o.beta2);
  o.eps = (float)number_field(obj, "eps", p, o.eps);
  o.weight_decay = (float)number_field(obj, "weightDecay", p, o.weight_decay);
  o.warmup_steps = int_field(obj, "warmupSteps", p, o.warmup_steps);
  o.total_steps = int_field(obj, "totalSteps", p, o.total_steps);
  o.min_lr_ratio = (float)number_field(obj, "minLrRatio", p, o.min_lr_ratio);
  o.grad_clip = (float)number_field(obj, "gradClip", p, o.grad_clip);
  return o;
}

// The forward pass's per-block activations, by their option (and result) names.
enum BlockAct { kResidMid, kAttnOut, kMlpOut, kPattern, kBlockActCount };
constexpr const char* kBlockActs[kBlockActCount] = {"residMid", "attnOut", "mlpOut", "pattern"};

// options[key]: an optional array of integers in [0, max], each naming a `what` (empty when absent).
std::vector<int> index_list(const Napi::Object& options, const char* key, const char* what, int max) {
  std::vector<int> out;
  Napi::Value value = options.Get(key);
  if (value.IsUndefined()) return out;
  const std::string field = std::string("options.") + key;
  if (!value.IsArray()) fail(options.Env(), field + ": expected an array of " + what + " indices, got " + describe(value));
  auto array = value.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); i++) {
    out.push_back(expect_int(array.Get(i), field + "[" + std::to_string(i) + "]", 0, max));
  }
  return out;
}

Napi::Array float32_arrays(Napi::Env env, const std::vector<std::vector<float>>& values) {
  auto out = Napi::Array::New(env, values.size());
  for (size_t i = 0; i < values.size(); i++) out.Set(i, to_float32_array(env, values[i].data(), values[i].size()));
  return out;
}

}  // namespace

Napi::Function NativeGpt::define(Napi::Env env) {
  return DefineClass(env, "NativeGpt",
                     {
                         InstanceMethod<&NativeGpt::layout>("layout"),
                         InstanceMethod<&NativeGpt::config>("config"),
                         InstanceMethod<&NativeGpt::num_params>("numParams"),
                         InstanceMethod<&NativeGpt::memory_use>("memoryUse"),
                         InstanceMethod<&NativeGpt::get_threads>("getThreads"),
                         InstanceMethod<&NativeGpt::set_threads>("setThreads"),
                         InstanceMethod<&NativeGpt::get_optimizer>("getOptimizer"),
                         InstanceMethod<&NativeGpt::set_optimizer>("setOptimizer"),
                         InstanceMethod<&NativeGpt::get_params>("getParams"),
                         InstanceMethod<&NativeGpt::set_params>("setParams"),
                         InstanceMethod<&NativeGpt::get_grads>("getGrads"),
                         InstanceMethod<&NativeGpt::get_optimizer_state>("getOptimizerState"),
                         InstanceMethod<&NativeGpt::optimizer_step>("optimizerStep"),
                         InstanceMethod<&NativeGpt::set_optimizer_state>("setOptimizerState"),
                         InstanceMethod<&NativeGpt::forward>("forward"),
                         InstanceMethod<&NativeGpt::loss_and_grads>("lossAndGrads"),
                         InstanceMethod<&NativeGpt::step>("step"),
                         InstanceMethod<&NativeGpt::begin_step>("beginStep"),
                         InstanceMethod<&NativeGpt::finish_step>("finishStep"),
                         InstanceMethod<&NativeGpt::device_step>("deviceStep"),
                         InstanceMethod<&NativeGpt::device_release>("deviceRelease"),
                     });
}

// new NativeGpt(config, { seed, threads })
NativeGpt::NativeGpt(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeGpt>(info) {
  Napi::Env env = info.Env();
  GptConfig config = parse_config(info[0]);
  Napi::Object options = options_arg(info, 1);
  // Seeds are integers up to 2^53 so that any JS integer seed is usable as is.
  double seed = number_field(options, "seed", "options.", 0);
  if (seed < 0 || seed != std::floor(seed) || seed > 9007199254740991.0) {
    fail(env, "options.seed: " + std::to_string(seed) + " must be a non-negative integer");
  }
  int threads = int_field(options, "threads", "options.", 1);
  std::string problem = validate_config(config);
  if (!problem.empty()) throw Napi::RangeError::New(env, "config." + problem);
  model_ = guarded(env, [&] { return std::make_unique<Gpt>(config, (uint64_t)seed, threads); });
}

Napi::Value NativeGpt::queue(Napi::Env env, TaskWorker::Run run, TaskWorker::Settle settle) {
  busy_.store(true);
  return TaskWorker::queue(env, model_->threads(), std::move(run), std::move(settle), Value(), &busy_);
}

void NativeGpt::ensure_idle(Napi::Env env, const char* method) const {
  if (busy_.load() || (device_ && device_->busy())) {
    throw Napi::Error::New(env, std::string(method) + ": the model is busy with another call; await it first");
  }
}

void NativeGpt::host_call(Napi::Env env, const char* method, bool changes_model) {
  ensure_idle(env, method);
  guarded(env, [&] { to_host(changes_model); });
}

Napi::Value NativeGpt::layout(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto& tensors = model_->layout();
  auto out = Napi::Array::New(env, tensors.size());
  for (size_t i = 0; i < tensors.size(); i++) {
    auto t = Napi::Object::New(env);
    t.Set("name", tensors[i].name);
    auto shape = Napi::Array::New(env, tensors[i].shape.size());
    for (size_t d = 0; d < tensors[i].shape.size(); d++) shape.Set(d, tensors[i].shape[d]);
    t.Set("shape", shape);
    t.Set("offset", (double)tensors[i].offset);
    t.Set("size", (double)tensors[i].size);
    out.Set(i, t);
  }
  return out;
}

Napi::Value NativeGpt::config(const Napi::CallbackInfo& info) {
  const GptConfig& c = model_->config();
  auto out = Napi::Object::New(info.Env());
  out.Set("nLayer", c.n_layer);
  out.Set("nHead", c.n_head);
  out.Set("nEmbd", c.n_embd);
  out.Set("nPositions", c.n_positions);
  out.Set("vocabSize", c.vocab_size);
  out.Set("layerNormEps", c.layer_norm_eps);
  return out;
}

Napi::Value NativeGpt::num_params(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), (double)model_->num_params());
}

// memoryUse() -> { params, grads, optimizer, activations }: bytes held, activations at the largest batch so far
Napi::Value NativeGpt::memory_use(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const MemoryUse use = model_->memory_use();
  auto out = Napi::Object::New(env);
  out.Set("params", (double)use.params);
  out.Set("grads", (double)use.grads);
  out.Set("optimizer", (double)use.optimizer);
  out.Set("activations", (double)use.activations);
  return out;
}

Napi::Value NativeGpt::get_threads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), model_->threads());
}

void NativeGpt::set_threads(const Napi::CallbackInfo& info) {
  ensure_idle(info.Env(), "setThreads");
  int threads = expect_int(info[0], "threads");
  guarded(info.Env(), [&] { model_->set_threads(threads); });
}

Napi::Value NativeGpt::get_optimizer(const Napi::CallbackInfo& info) {
  const OptimizerConfig& o = model_->optimizer();
  auto out = Napi::Object::New(info.Env());
  out.Set("lr", o.lr);
  out.Set("beta1", o.beta1);
  out.Set("beta2", o.beta2);
  out.Set("eps", o.eps);
  out.Set("weightDecay", o.weight_decay);
  out.Set("warmupSteps", o.warmup_steps);
  out.Set("totalSteps", o.total_steps);
  out.Set("minLrRatio", o.min_lr_ratio);
  out.Set("gradClip", o.grad_clip);
  return out;
}

void NativeGpt::set_optimizer(const Napi::CallbackInfo& info) {
  host_call(info.Env(), "setOptimizer", true);
  OptimizerConfig o = parse_optimizer(info[0]);
  guarded(info.Env(), [&] { model_->set_optimizer(o); });
}

Napi::Value NativeGpt::get_params(const Napi::CallbackInfo& info) {
  host_call(info.Env(), "getParams", false);
  return to_float32_array(info.Env(), model_->params(), model_->num_params());
}

void NativeGpt::set_params(const Napi::CallbackInfo& info) {
  host_call(info.Env(), "setParams", true);
  step_open_ = false;
  auto values = copy_typed_array<float>(info[0], "params", (long long)model_->num_params());
  check_all_finite(info.Env(), values, "params");
  std::copy(values.begin(), values.end(), model_->params());
}

Napi::Value NativeGpt::get_grads(const Napi::CallbackInfo& info) {
  host_call(info.Env(), "getGrads", false);
  return to_float32_array(info.Env(), model_->grads(), model_->num_params());
}

Napi::Value NativeGpt::get_optimizer_state(const Napi::CallbackInfo& info) {
  host_call(info.Env(), "getOptimizerState", false);
  Napi::Env env = info.Env();
  auto out = Napi::Object::New(env);
  out.Set("m", to_float32_array(env, model_->adam_m(), model_->num_params()));
  out.Set("v", to_float32_array(env, model_->adam_v(), model_->num_params()));
  out.Set("step", model_->optimizer_step());
  return out;
}

Napi::Value NativeGpt::optimizer_step(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), current_step());
}

void NativeGpt::set_optimizer_state(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  host_call(env, "setOptimizerState", true);
  step_open_ = false;
  Napi::Object state = expect_object(info[0], "state");
  const long long n = (long long)model_->num_params();
  auto m = copy_typed_array<float>(state.Get("m"), "state.m", n);
  auto v = copy_typed_array<float>(state.Get("v"), "state.v", n);
  int step = expect_int(state.Get("step"), "state.step", 0);
  check_all_finite(env, m, "state.m");
  check_all_finite(env, v, "state.v");
  for (size_t i = 0; i < v.size(); i++) {
    if (v[i] < 0) fail(env, "state.v[" + std::to_string(i) + "]: second moments cannot be negative");
  }
  std::copy(m.begin(), m.end(), model_->adam_m());
  std::copy(v.begin(), v.end(), model_->adam_v());
  model_->set_optimizer_step(step);
}

// forward(tokens, batch, { targets?, weights?, hidden?: number[], residMid?, attnOut?, mlpOut?, pattern?: number[],
//                         lnFinal?: boolean, logits?: boolean })
//   -> Promise<{ logits?, loss?, logprobs?, hidden, residMid, attnOut, mlpOut, pattern: Float32Array[], lnFinal? }>
Napi::Value NativeGpt::forward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  host_call(env, "forward", false);
  step_open_ = false;
  Napi::Object options = options_arg(info, 2);
  Napi::Value targets_value = options.Get("targets");
  bool with_targets = !targets_value.IsUndefined();
  Batch batch = parse_batch(info[0], info[1], with_targets ? &targets_value : nullptr, &options);

  const int n_layer = model_->config().n_layer;
  std::vector<int> layers = index_list(options, "hidden", "residual layer", n_layer);
  // Per-block activations: resid_mid, attn_out, mlp_out and the attention pattern, in BlockAct order.
  std::array<std::vector<int>, kBlockActCount> blocks;
  for (int k = 0; k < kBlockActCount; k++) blocks[k] = index_list(options, kBlockActs[k], "block", n_layer - 1);
  bool want_ln_final = options.Get("lnFinal").ToBoolean();
  bool want_logits = options.Has("logits") ? options.Get("logits").ToBoolean().Value() : true;

  struct Result {
    std::vector<float> logits, logprobs, ln_final;
    std::vector<std::vector<float>> hidden;
    std::array<std::vector<std::vector<float>>, kBlockActCount> blocks;
    double loss = 0;
  };
  auto result = std::make_shared<Result>();
  auto shared_batch = std::make_shared<Batch>(std::move(batch));
  Gpt* model = model_.get();
  auto run = [=] {
    const Batch& b = *shared_batch;
    model->forward(b.tokens.data(), b.B, b.T);
    const size_t rows = (size_t)b.B * b.T, C = model->config().n_embd;
    if (with_targets) {
      result->loss = model->loss(b.targets.data(), b.weights.empty() ? nullptr : b.weights.data());
      result->logprobs.assign(model->logprobs(), model->logprobs() + rows);
    }
    if (want_logits) result->logits.assign(model->logits(), model->logits() + rows * model->config().vocab_size);
    if (want_ln_final) result->ln_final.assign(model->ln_final(), model->ln_final() + rows * C);
    for (int l : layers) result->hidden.emplace_back(model->hidden(l), model->hidden(l) + rows * C);
    const size_t pattern_size = (size_t)b.B * model->config().n_head * b.T * b.T;
    for (int k = 0; k < kBlockActCount; k++) {
      for (int l : blocks[k]) {
        auto& out = result->blocks[k].emplace_back(k == kPattern ? pattern_size : rows * C);
        if (k == kResidMid) std::copy(model->resid_mid(l), model->resid_mid(l) + rows * C, out.begin());
        if (k == kAttnOut) model->attn_out(l, out.data());
        if (k == kMlpOut) model->mlp_out(l, out.data());
        if (k == kPattern) model->attn_pattern(l, out.data());
      }
    }
  };
  auto settle = [=](Napi::Env env) -> Napi::Value {
    auto out = Napi::Object::New(env);
    if (want_logits) out.Set("logits", to_float32_array(env, result->logits.data(), result->logits.size()));
    if (with_targets) {
      out.Set("loss", result->loss);
      out.Set("logprobs", to_float32_array(env, result->logprobs.data(), result->logprobs.size()));
    }
    if (want_ln_final) out.Set("lnFinal", to_float32_array(env, result->ln_final.data(), result->ln_final.size()));
    out.Set("hidden", float32_arrays(env, result->hidden));
    for (int k = 0; k < kBlockActCount; k++) out.Set(kBlockActs[k], float32_arrays(env, result->blocks[k]));
    return out;
  };
  return queue(env, run, settle);
}

namespace {

// Gradients a caller adds to (hiddenGrad on one residual layer) or puts in place of (logprobGrad) the loss's own.
struct ExtraGrads {
  std::vector<float> hidden_grad;  // (B,T,C), empty when absent
  int hidden_grad_layer = -1;
  std::vector<float> logprob_grad;  // (B,T), empty when absent

  // Runs the backward pass of the model's last forward and loss with these gradients.
  void backward(Gpt* model) const {
    if (!logprob_grad.empty()) model->set_logprob_grad(logprob_grad.data());
    model->backward(hidden_grad.empty() ? nullptr : hidden_grad.data(), hidden_grad_layer);
  }
};

// options { hiddenGrad?, hiddenGradLayer?, logprobGrad? } for a batch of `rows` = B*T positions.
ExtraGrads parse_extra_grads(Napi::Env env, const Napi::Object& options, const GptConfig& config, long long rows) {
  ExtraGrads extra;
  if (!options.Get("hiddenGrad").IsUndefined()) {
    extra.hidden_grad = copy_typed_array<float>(options.Get("hiddenGrad"), "options.hiddenGrad", rows * config.n_embd);
    check_all_finite(env, extra.hidden_grad, "options.hiddenGrad");
    extra.hidden_grad_layer = expect_int(options.Get("hiddenGradLayer"), "options.hiddenGradLayer", 0, config.n_layer);
  }
  if (!options.Get("logprobGrad").IsUndefined()) {
    extra.logprob_grad = copy_typed_array<float>(options.Get("logprobGrad"), "options.logprobGrad", rows);
    check_all_finite(env, extra.logprob_grad, "options.logprobGrad");
  }
  return extra;
}

}  // namespace

// lossAndGrads(tokens, targets, batch, { weights?, hiddenGrad?, hiddenGradLayer?, logprobGrad? })
//   -> Promise<{ loss, logprobs }>; the gradients stay in the model (getGrads). With logprobGrad (B,T) the gradients
//   are those of sum_i logprobGrad[i] * logprob[i] (plus hiddenGrad's), not the loss's.
Napi::Value NativeGpt::loss_and_grads(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  host_call(env, "lossAndGrads", false);
  Napi::Object options = options_arg(info, 3);
  Napi::Value targets_value = info[1];
  auto batch = std::make_shared<Batch>(parse_batch(info[0], info[2], &targets_value, &options));
  auto extra = std::make_shared<ExtraGrads>(parse_extra_grads(env, options, model_->config(), (long long)batch->tokens.size()));
  step_open_ = false;
  struct Result {
    double loss = 0;
    std::vector<float> logprobs;
  };
  auto result = std::make_shared<Result>();
  Gpt* model = model_.get();
  auto run = [=] {
    const Batch& b = *batch;
    model->forward(b.tokens.data(), b.B, b.T);
    result->loss = model->loss(b.targets.data(), b.weights.empty() ? nullptr : b.weights.data());
    result->logprobs.assign(model->logprobs(), model->logprobs() + b.tokens.size());
    extra->backward(model);
  };
  auto settle = [=](Napi::Env env) -> Napi::Value {
    auto out = Napi::Object::New(env);
    out.Set("loss", result->loss);
    out.Set("logprobs", to_float32_array(env, result->logprobs.data(), result->logprobs.size()));
    return out;
  };
  return queue(env, run, settle);
}

// beginStep(tokens, targets, batch, { weights?, hidden?: number[] }) -> Promise<{ loss, logprobs, hidden }>
//   The first half of a training step whose objective is computed by the caller: forward and loss, keeping the
//   activations; `hidden` residual layers are returned (B,T,C each). finishStep completes it.
Napi::Value NativeGpt::begin_step(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  host_call(env, "beginStep", false);
  Napi::Object options = options_arg(info, 3);
  Napi::Value targets_value = info[1];
  auto batch = std::make_shared<Batch>(parse_batch(info[0], info[2], &targets_value, &options));
  std::vector<int> layers = index_list(options, "hidden", "residual layer", model_->config().n_layer);
  struct Result {
    double loss = 0;
    std::vector<float> logprobs;
    std::vector<std::vector<float>> hidden;
  };
  auto result = std::make_shared<Result>();
  Gpt* model = model_.get();
  step_open_ = false;
  auto run = [=] {
    const Batch& b = *batch;
    model->forward(b.tokens.data(), b.B, b.T);
    result->loss = model->loss(b.targets.data(), b.weights.empty() ? nullptr : b.weights.data());
    result->logprobs.assign(model->logprobs(), model->logprobs() + b.tokens.size());
    const size_t n = b.tokens.size() * model->config().n_embd;
    for (int layer : layers) result->hidden.emplace_back(model->hidden(layer), model->hidden(layer) + n);
  };
  auto settle = [=](Napi::Env env) -> Napi::Value {
    step_open_ = true;
    open_step_loss_ = result->loss;
    auto out = Napi::Object::New(env);
    out.Set("loss", result->loss);
    out.Set("logprobs", to_float32_array(env, result->logprobs.data(), result->logprobs.size()));
    out.Set("hidden", float32_arrays(env, result->hidden));
    return out;
  };
  return queue(env, run, settle);
}

// finishStep({ loss, hiddenGrad?, hiddenGradLayer?, logprobGrad? }) -> Promise<{ loss, gradNorm, lr, step }>
//   Backward pass of beginStep's batch with the caller's gradients (as lossAndGrads takes them), then one AdamW
//   update; `loss` is the objective's value, reported in the result (beginStep's loss when absent).
Napi::Value NativeGpt::finish_step(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  host_call(env, "finishStep", true);
  if (!step_open_) fail(env, "finishStep: call beginStep first (and nothing else in between)");
  Napi::Object options = options_arg(info, 0);
  const long long rows = (long long)model_->batch() * model_->seq_len();
  auto extra = std::make_shared<ExtraGrads>(parse_extra_grads(env, options, model_->config(), rows));
  const bool has_loss = !options.Get("loss").IsUndefined();
  const double loss = has_loss ? expect_number(options.Get("loss"), "options.loss") : open_step_loss_;
  step_open_ = false;
  auto result = std::make_shared<StepResult>();
  Gpt* model = model_.get();
  auto run = [=] {
    extra->backward(model);
    *result = model->update(loss);
  };
  auto settle = [=](Napi::Env env) -> Napi::Value { return step_result_object(env, *result, model->optimizer_step()); };
  return queue(env, run, settle);
}

// step(tokens, targets, batch, { weights? }) -> Promise<{ loss, gradNorm, lr, step }>
Napi::Value NativeGpt::step(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  host_call(env, "step", true);
  step_open_ = false;
  Napi::Object options = options_arg(info, 3);
  Napi::Value targets_value = info[1];
  auto batch = std::make_shared<Batch>(parse_batch(info[0], info[2], &targets_value, &options));
  auto result = std::make_shared<StepResult>();
  Gpt* model = model_.get();
  auto run = [=] {
    const Batch& b = *batch;
    model->forward(b.tokens.data(), b.B, b.T);
    double loss = model->loss(b.targets.data(), b.weights.empty() ? nullptr : b.weights.data());
    model->backward();
    *result = model->update(loss);
  };
  auto settle = [=](Napi::Env env) -> Napi::Value { return step_result_object(env, *result, model->optimizer_step()); };
  return queue(env, run, settle);
}

}  // namespace clusterlens::binding
