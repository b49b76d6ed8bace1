// NativeEnsemble: its members' device copies are views of one ensemble (MemberCopy), so a member's host calls copy
// its state back and free its membership as they do a single model's copy (gpt_device_binding.cpp); a member changed
// on the host has left the ensemble, which then refuses to step.
#include "ensemble_binding.hpp"

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "args.hpp"
#include "batch_args.hpp"
#include "device_copy.hpp"
#include "task_worker.hpp"
#ifdef CLUSTERLENS_WITH_CUDA
#include "clusterlens/cuda_gpt.hpp"
#endif

namespace clusterlens::binding {

// What trains the members: every member's step on one batch of S (B,T) slices.
struct EnsembleEngine {
  virtual ~EnsembleEngine() = default;
  // tokens, targets (S,B,T); weights (S,B,T) or null.
  virtual std::vector<StepResult> step(const int* tokens, const int* targets, const float* weights, int B, int T) = 0;
  virtual void download(int member, Gpt& host) const = 0;
  virtual int optimizer_step(int member) const = 0;
  // As DeviceCopy::set_tf32: the CUDA engine's option.
  virtual void set_tf32(bool enabled) {
    if (enabled) throw std::invalid_argument("options.tf32: TF32 runs on 'cuda' only, not on 'emulated'");
  }
};

struct Ensemble {
  std::unique_ptr<EnsembleEngine> engine;
  // Member i's copy is still its host model's device copy (not dropped by a change on the host).
  std::vector<bool> attached;
  std::atomic<bool> busy{false};
};

namespace {

class EmulatedEngine : public EnsembleEngine {
 public:
  explicit EmulatedEngine(const std::vector<Gpt*>& hosts) {
    for (Gpt* host : hosts) copies_.push_back(std::make_unique<EmulatedCopy>(*host));
  }

  std::vector<StepResult> step(const int* tokens, const int* targets, const float* weights, int B, int T) override {
    const size_t N = (size_t)B * T;
    std::vector<StepResult> results;
    for (size_t i = 0; i < copies_.size(); i++) {
      results.push_back(copies_[i]->step_on(tokens + i * N, targets + i * N, weights ? weights + i * N : nullptr, B, T));
    }
    return results;
  }

  void download(int member, Gpt& host) const override { copies_[member]->download(host); }
  int optimizer_step(int member) const override { return copies_[member]->optimizer_step(); }

 private:
  std::vector<std::unique_ptr<EmulatedCopy>> copies_;
};

#ifdef CLUSTERLENS_WITH_CUDA
class CudaEngine : public EnsembleEngine {
 public:
  explicit CudaEngine(const std::vector<Gpt*>& hosts) : ensemble_(hosts) {}

  std::vector<StepResult> step(const int* tokens, const int* targets, const float* weights, int B, int T) override {
    return ensemble_.step(tokens, targets, weights, B, T);
  }

  void download(int member, Gpt& host) const override {
    ensemble_.download(member, host.params(), host.adam_m(), host.adam_v());
    host.set_optimizer_step(ensemble_.optimizer_step(member));
  }

  int optimizer_step(int member) const override { return ensemble_.optimizer_step(member); }
  void set_tf32(bool enabled) override { ensemble_.set_tf32(enabled); }

 private:
  cuda::CudaEnsemble ensemble_;
};
#endif

std::unique_ptr<EnsembleEngine> make_engine(const std::vector<Gpt*>& hosts, const std::string& kind) {
  if (kind == "emulated") return std::make_unique<EmulatedEngine>(hosts);
  if (kind != "cuda") throw std::invalid_argument("options.device: expected 'cuda' or 'emulated', got '" + kind + "'");
#ifdef CLUSTERLENS_WITH_CUDA
  return std::make_unique<CudaEngine>(hosts);
#else
  throw std::runtime_error("NativeEnsemble: this build of the engine has no CUDA kernels (nvcc was not found when it was built)");
#endif
}

// Member `index` of an ensemble, as its host model's device copy.
class MemberCopy : public DeviceCopy {
 public:
  MemberCopy(std::shared_ptr<Ensemble> ensemble, int index)
      : DeviceCopy("ensemble"), ensemble_(std::move(ensemble)), index_(index) {}
  ~MemberCopy() override { ensemble_->attached[index_] = false; }

  StepResult step(const Batch&) override { throw std::logic_error("an ensemble member trains through its ensemble"); }
  void download(Gpt& host) const override { ensemble_->engine->download(index_, host); }
  int optimizer_step() const override { return ensemble_->engine->optimizer_step(index_); }
  bool busy() const override { return ensemble_->busy.load(); }

 private:
  std::shared_ptr<Ensemble> ensemble_;
  int index_;
};

}  // namespace

Napi::Function NativeEnsemble::define(Napi::Env env) {
  return DefineClass(env, "NativeEnsemble",
                     {
                         InstanceMethod<&NativeEnsemble::size>("size"),
                         InstanceMethod<&NativeEnsemble::step>("step"),
                         InstanceMethod<&NativeEnsemble::release>("release"),
                     });
}

// new NativeEnsemble(models: NativeGpt[], { device?: 'cuda' | 'emulated', tf32? }): the models' current states become
// the members' (each model's own device copy, if any, is copied back first); tf32: matrix products on TF32 tensor
// cores ('cuda' only).
NativeEnsemble::NativeEnsemble(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeEnsemble>(info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray() || info[0].As<Napi::Array>().Length() == 0) {
    fail(env, "models: expected a non-empty array of NativeGpt, got " + describe(info[0]));
  }
  auto models = info[0].As<Napi::Array>();
  Napi::Object options = options_arg(info, 1);
  const std::string kind = options.Has("device") ? options.Get("device").ToString().Utf8Value() : "cuda";
  std::vector<Gpt*> hosts;
  for (uint32_t i = 0; i < models.Length(); i++) {
    Napi::Value value = models.Get(i);
    NativeGpt* member = value.IsObject() ? NativeGpt::Unwrap(value.As<Napi::Object>()) : nullptr;
    const std::string name = "models[" + std::to_string(i) + "]";
    if (!member) fail(env, name + ": expected a NativeGpt, got " + describe(value));
    for (NativeGpt* other : members_) {
      if (other == member) fail(env, name + ": the same model is in the ensemble twice");
    }
    member->ensure_idle(env, "NativeEnsemble");
    members_.push_back(member);
    member_refs_.push_back(Napi::Persistent(value.As<Napi::Object>()));
  }
  for (NativeGpt* member : members_) {
    guarded(env, [&] { member->to_host(true); });
    hosts.push_back(member->model_.get());
  }
  auto ensemble = std::make_shared<Ensemble>();
  ensemble->engine = guarded(env, [&] { return make_engine(hosts, kind); });
  const bool tf32 = options.Has("tf32") && options.Get("tf32").ToBoolean().Value();
  guarded(env, [&] { ensemble->engine->set_tf32(tf32); });
  ensemble->attached.assign(members_.size(), true);
  for (size_t i = 0; i < members_.size(); i++) members_[i]->device_.reset(new MemberCopy(ensemble, (int)i));
  ensemble_ = ensemble;
}

Napi::Value NativeEnsemble::size(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), (double)members_.size());
}

// step(tokens, targets, batch, { weights? }) -> Promise<{ loss, gradNorm, lr, step }[]>: tokens, targets and weights
// hold the members' batches one after another, (S, batch, T); one AdamW step of every member.
Napi::Value NativeEnsemble::step(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t S = members_.size();
  if (!ensemble_->engine) fail(env, "NativeEnsemble.step: the ensemble was released; make a new one");
  if (ensemble_->busy.load()) fail(env, "NativeEnsemble.step: the ensemble is busy with another step; await it first");
  for (size_t i = 0; i < S; i++) {
    const std::string name = "NativeEnsemble.step: member " + std::to_string(i);
    if (!ensemble_->attached[i]) {
      fail(env, name + " was changed on its own (setParams, a step of its own...) and left the ensemble; make a new one");
    }
    members_[i]->ensure_idle(env, name.c_str());
  }
  const int batch = expect_int(info[2], "batch", 1, 1 << 24);
  Napi::Object options = options_arg(info, 3);
  Napi::Value targets_value = info[1];
  if (info[0].IsTypedArray()) {
    const size_t length = info[0].As<Napi::TypedArray>().ElementLength();
    if (length == 0 || length % (S * batch) != 0) {
      fail(env, "tokens: length " + std::to_string(length) + " is not a positive multiple of " + std::to_string(S) +
                    " members x batch " + std::to_string(batch));
    }
  }
  // Parsed as one batch of S * batch sequences, which checks the types and the other arrays' lengths.
  auto all = std::make_shared<Batch>(parse_batch(info[0], Napi::Number::New(env, (double)S * batch), &targets_value, &options));
  auto results = std::make_shared<std::vector<StepResult>>();
  std::shared_ptr<Ensemble> ensemble = ensemble_;
  for (NativeGpt* member : members_) {
    member->step_open_ = false;
    member->device_->ahead = true;  // from here on the hosts' states are stale, also if the step fails half-way
  }
  auto run = [=] {
    const Batch& b = *all;
    *results = ensemble->engine->step(b.tokens.data(), b.targets.data(), b.weights.empty() ? nullptr : b.weights.data(), batch, b.T);
  };
  auto settle = [=](Napi::Env env) -> Napi::Value {
    auto out = Napi::Array::New(env, S);
    for (size_t i = 0; i < S; i++) out.Set(i, step_result_object(env, (*results)[i], ensemble->engine->optimizer_step((int)i)));
    return out;
  };
  ensemble->busy.store(true);
  return TaskWorker::queue(env, members_[0]->model_->threads(), run, settle, Value(), &ensemble->busy);
}

// release(): copies every member still in the ensemble back to its model and frees the ensemble's device state.
void NativeEnsemble::release(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (ensemble_->busy.load()) fail(env, "NativeEnsemble.release: the ensemble is busy with a step; await it first");
  for (size_t i = 0; i < members_.size(); i++) {
    if (ensemble_->attached[i]) guarded(env, [&] { members_[i]->to_host(true); });
  }
  ensemble_->engine.reset();
}

}  // namespace clusterlens::binding
