// NativeGpt: the JS class over clusterlens::Gpt. Argument checks and buffer copies only; no math.
#pragma once
#include <napi.h>

#include <atomic>
#include <memory>

#include "clusterlens/gpt.hpp"
#include "task_worker.hpp"

namespace clusterlens::binding {

// The model's copy on a device (gpt_device_binding.cpp, which alone knows its types).
struct DeviceCopy;
struct DeviceCopyDeleter {
  void operator()(DeviceCopy* copy) const;
};

class NativeGpt : public Napi::ObjectWrap<NativeGpt> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit NativeGpt(const Napi::CallbackInfo& info);

 private:
  // An ensemble makes its members' device copies and copies them back (ensemble_binding.cpp).
  friend class NativeEnsemble;

  Napi::Value layout(const Napi::CallbackInfo& info);
  Napi::Value config(const Napi::CallbackInfo& info);
  Napi::Value num_params(const Napi::CallbackInfo& info);
  Napi::Value memory_use(const Napi::CallbackInfo& info);
  Napi::Value get_threads(const Napi::CallbackInfo& info);
  void set_threads(const Napi::CallbackInfo& info);
  Napi::Value get_optimizer(const Napi::CallbackInfo& info);
  void set_optimizer(const Napi::CallbackInfo& info);
  Napi::Value get_params(const Napi::CallbackInfo& info);
  void set_params(const Napi::CallbackInfo& info);
  Napi::Value get_grads(const Napi::CallbackInfo& info);
  Napi::Value get_optimizer_state(const Napi::CallbackInfo& info);
  Napi::Value optimizer_step(const Napi::CallbackInfo& info);
  void set_optimizer_state(const Napi::CallbackInfo& info);
  Napi::Value forward(const Napi::CallbackInfo& info);
  Napi::Value loss_and_grads(const Napi::CallbackInfo& info);
  Napi::Value step(const Napi::CallbackInfo& info);
  Napi::Value begin_step(const Napi::CallbackInfo& info);
  Napi::Value finish_step(const Napi::CallbackInfo& info);
  // Training on a CUDA device (gpt_device_binding.cpp): deviceStep trains a device copy of the model, deviceRelease
  // copies its state back and frees it.
  Napi::Value device_step(const Napi::CallbackInfo& info);
  void device_release(const Napi::CallbackInfo& info);

  // Marks the model busy and runs `run` off the JS thread (TaskWorker); the promise resolves with settle's value.
  Napi::Value queue(Napi::Env env, TaskWorker::Run run, TaskWorker::Settle settle);
  // Throws a JS error while an async call is running: its buffers must not change underneath it.
  void ensure_idle(Napi::Env env, const char* method) const;
  // The start of a call on the host model: ensure_idle, then to_host (dropping the device copy if the call changes
  // the model).
  void host_call(Napi::Env env, const char* method, bool changes_model);
  // Copies a device copy's newer state to the host model; with drop, frees the copy too.
  void to_host(bool drop);
  // The optimiser's step count, the device copy's while it is ahead of the host.
  int current_step() const;

  std::unique_ptr<Gpt> model_;
  std::atomic<bool> busy_{false};
  // beginStep has run and nothing has touched the model's activations since: finishStep may complete the step.
  bool step_open_ = false;
  double open_step_loss_ = 0.0;
  std::unique_ptr<DeviceCopy, DeviceCopyDeleter> device_;
};

}  // namespace clusterlens::binding
