// The arguments and results the model's training calls share (NativeGpt's CPU and device methods): a batch of
// token sequences, the options object, a step's statistics, and engine exceptions turned into JS errors.
#pragma once
#include <napi.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "args.hpp"
#include "clusterlens/gpt.hpp"

namespace clusterlens::binding {

// Runs fn, turning C++ exceptions from the engine into JS errors.
template <typename Fn>
auto guarded(Napi::Env env, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::invalid_argument& e) {
    throw Napi::RangeError::New(env, e.what());
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  }
}

// A batch of token sequences: tokens (B,T) and, for training calls, targets and optional weights.
struct Batch {
  std::vector<int32_t> tokens, targets;
  std::vector<float> weights;
  int B = 0, T = 0;
};

inline Batch parse_batch(const Napi::Value& tokens, const Napi::Value& batch, const Napi::Value* targets,
                         const Napi::Object* options) {
  Batch b;
  b.tokens = copy_typed_array<int32_t>(tokens, "tokens");
  b.B = expect_int(batch, "batch", 1, 1 << 24);
  if (b.tokens.empty() || b.tokens.size() % b.B != 0) {
    fail(tokens.Env(), "tokens: length " + std::to_string(b.tokens.size()) + " is not a positive multiple of batch " +
                           std::to_string(b.B));
  }
  b.T = (int)(b.tokens.size() / b.B);
  if (targets) b.targets = copy_typed_array<int32_t>(*targets, "targets", (long long)b.tokens.size());
  if (options && options->Has("weights") && !options->Get("weights").IsUndefined()) {
    b.weights = copy_typed_array<float>(options->Get("weights"), "weights", (long long)b.tokens.size());
  }
  return b;
}

// info[index] as an options object; an empty one when it is absent.
inline Napi::Object options_arg(const Napi::CallbackInfo& info, size_t index) {
  if (info.Length() <= index || info[index].IsUndefined()) return Napi::Object::New(info.Env());
  return expect_object(info[index], "options");
}

// A step's statistics as JS sees them: { loss, gradNorm, lr, step }.
inline Napi::Object step_result_object(Napi::Env env, const StepResult& result, int step) {
  auto out = Napi::Object::New(env);
  out.Set("loss", result.loss);
  out.Set("gradNorm", result.grad_norm);
  out.Set("lr", result.lr);
  out.Set("step", step);
  return out;
}

}  // namespace clusterlens::binding
