// Runs a model call on the libuv pool and settles a promise: no compute on the JS thread.
#pragma once
#include <napi.h>

#include <atomic>
#include <exception>
#include <functional>

namespace clusterlens::binding {

class TaskWorker : public Napi::AsyncWorker {
 public:
  using Run = std::function<void()>;                     // on a pool thread; may throw
  using Settle = std::function<Napi::Value(Napi::Env)>;  // on the JS thread; builds the result

  // owner stays referenced until the promise settles, so the model cannot be collected mid-call;
  // busy is cleared when the call ends.
  TaskWorker(Napi::Env env, Napi::Object owner, std::atomic<bool>* busy, Run run, Settle settle)
      : Napi::AsyncWorker(env, "clusterlens"),
        deferred_(Napi::Promise::Deferred::New(env)),
        owner_(Napi::Persistent(owner)),
        busy_(busy),
        run_(std::move(run)),
        settle_(std::move(settle)) {}

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute() override {
    try {
      run_();
    } catch (const std::exception& e) {
      SetError(e.what());
    } catch (...) {
      SetError("unknown native error");
    }
  }

  void OnOK() override {
    busy_->store(false);
    Napi::Env env = Env();
    try {
      deferred_.Resolve(settle_(env));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& e) override {
    busy_->store(false);
    deferred_.Reject(e.Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference owner_;
  std::atomic<bool>* busy_;
  Run run_;
  Settle settle_;
};

}  // namespace clusterlens::binding
