// Runs engine work on the libuv pool and settles a promise: no compute on the JS thread.
#pragma once
#include <napi.h>

#include <atomic>
#include <exception>
#include <functional>
#include <new>
#include <stdexcept>

namespace clusterlens::binding {

class TaskWorker : public Napi::AsyncWorker {
 public:
  using Run = std::function<void()>;                     // on a pool thread; may throw
  using Settle = std::function<Napi::Value(Napi::Env)>;  // on the JS thread; builds the result

  // Queues run and returns the promise that settle's value resolves. An engine exception rejects it:
  // std::invalid_argument (a bad input the engine caught) as a RangeError, anything else as an Error.
  // owner, when given, stays referenced until the promise settles, so an object whose buffers the work uses
  // cannot be collected mid-call; busy, when given, is cleared when the call ends.
  static Napi::Promise queue(Napi::Env env, Run run, Settle settle, Napi::Object owner = Napi::Object(),
                             std::atomic<bool>* busy = nullptr) {
    auto* worker = new TaskWorker(env, std::move(run), std::move(settle), owner, busy);
    worker->Queue();  // the worker deletes itself once the promise settles
    return worker->deferred_.Promise();
  }

  void Execute() override {
    try {
      run_();
    } catch (const std::invalid_argument& e) {
      range_error_ = true;
      SetError(e.what());
    } catch (const std::bad_alloc&) {
      SetError("out of memory");
    } catch (const std::exception& e) {
      SetError(e.what());
    } catch (...) {
      SetError("unknown native error");
    }
  }

  void OnOK() override {
    release();
    try {
      deferred_.Resolve(settle_(Env()));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& e) override {
    release();
    deferred_.Reject(range_error_ ? Napi::RangeError::New(Env(), e.Message()).Value() : e.Value());
  }

 private:
  TaskWorker(Napi::Env env, Run run, Settle settle, Napi::Object owner, std::atomic<bool>* busy)
      : Napi::AsyncWorker(env, "clusterlens"),
        deferred_(Napi::Promise::Deferred::New(env)),
        busy_(busy),
        run_(std::move(run)),
        settle_(std::move(settle)) {
    if (!owner.IsEmpty()) owner_ = Napi::Persistent(owner);
  }

  void release() {
    if (busy_) busy_->store(false);
  }

  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference owner_;
  std::atomic<bool>* busy_;
  Run run_;
  Settle settle_;
  bool range_error_ = false;  // written in Execute, read in OnError after the pool thread is done
};

}  // namespace clusterlens::binding
