// NativeGpt's copy on a device. deviceStep trains the copy (made from the host model at the first such step); every
// other call reads or writes the host model, so the binding keeps the two consistent: a call that reads the model
// first copies the device's newer parameters, AdamW moments and step count back (to_host), and a call that changes
// the model also drops the copy, which the next deviceStep makes again from the changed model.
//
// deviceStep makes two kinds of copy (device_copy.hpp): 'cuda', the model on the CUDA kernels (a build with CUDA, a
// process with a GPU), and 'emulated', a second CPU model that stands in for the device wherever a test needs the
// copying without a GPU: it computes what the host model would, bit for bit.
#include <memory>
#include <string>

#include "batch_args.hpp"
#include "device_copy.hpp"
#include "gpt_binding.hpp"
#ifdef CLUSTERLENS_WITH_CUDA
#include "clusterlens/cuda_gpt.hpp"
#endif

namespace clusterlens::binding {

void DeviceCopyDeleter::operator()(DeviceCopy* copy) const { delete copy; }

namespace {

#ifdef CLUSTERLENS_WITH_CUDA
class CudaCopy : public DeviceCopy {
 public:
  explicit CudaCopy(Gpt& host) : DeviceCopy("cuda"), gpt_(host) {}

  StepResult step(const Batch& b) override {
    return gpt_.step(b.tokens.data(), b.targets.data(), b.weights.empty() ? nullptr : b.weights.data(), b.B, b.T);
  }

  void download(Gpt& host) const override {
    gpt_.download(host.params(), host.adam_m(), host.adam_v());
    host.set_optimizer_step(gpt_.optimizer_step());
  }

  int optimizer_step() const override { return gpt_.optimizer_step(); }
  void set_tf32(bool enabled) override { gpt_.set_tf32(enabled); }

 private:
  cuda::CudaGpt gpt_;
};
#endif

// A new copy of `host` on the device `kind` names; throws where this build or process cannot make it.
DeviceCopy* make_copy(Gpt& host, const std::string& kind) {
  if (kind == "emulated") return new EmulatedCopy(host);
  if (kind != "cuda") throw std::invalid_argument("options.device: expected 'cuda' or 'emulated', got '" + kind + "'");
#ifdef CLUSTERLENS_WITH_CUDA
  return new CudaCopy(host);
#else
  throw std::runtime_error("deviceStep: this build of the engine has no CUDA kernels (nvcc was not found when it was built)");
#endif
}

}  // namespace

void NativeGpt::to_host(bool drop) {
  if (device_ && device_->ahead) {
    device_->download(*model_);
    device_->ahead = false;
  }
  if (drop) device_.reset();
}

int NativeGpt::current_step() const {
  return device_ && device_->ahead ? device_->optimizer_step() : model_->optimizer_step();
}

// deviceStep(tokens, targets, batch, { weights?, device?: 'cuda' | 'emulated', tf32? }) -> Promise<{ loss, gradNorm,
// lr, step }>: step on the device's copy of the model (default 'cuda'), its matrix products on TF32 tensor cores with
// tf32 (a 'cuda' copy only).
Napi::Value NativeGpt::device_step(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensure_idle(env, "deviceStep");
  step_open_ = false;
  Napi::Object options = options_arg(info, 3);
  Napi::Value targets_value = info[1];
  auto batch = std::make_shared<Batch>(parse_batch(info[0], info[2], &targets_value, &options));
  const std::string kind = options.Has("device") ? options.Get("device").ToString().Utf8Value() : "cuda";
  if (device_ && device_->kind != kind) guarded(env, [&] { to_host(true); });  // another kind: copied back, freed
  const bool tf32 = options.Has("tf32") && options.Get("tf32").ToBoolean().Value();
  if (!device_) device_.reset(guarded(env, [&] { return make_copy(*model_, kind); }));
  auto result = std::make_shared<StepResult>();
  DeviceCopy* copy = device_.get();
  guarded(env, [&] { copy->set_tf32(tf32); });
  copy->ahead = true;  // from here on the host's state is stale, also if the step fails half-way
  auto run = [=] { *result = copy->step(*batch); };
  auto settle = [=](Napi::Env env) -> Napi::Value { return step_result_object(env, *result, copy->optimizer_step()); };
  return queue(env, run, settle);
}

// deviceRelease(): copies the device copy's state back to the host model and frees the copy.
void NativeGpt::device_release(const Napi::CallbackInfo& info) {
  ensure_idle(info.Env(), "deviceRelease");
  guarded(info.Env(), [&] { to_host(true); });
}

}  // namespace clusterlens::binding
