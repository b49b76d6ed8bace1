// Runs engine work off the JS thread and settles a promise: single-threaded work on the libuv pool, multi-threaded
// work on the environment's engine thread (engine_thread.hpp).
#pragma once
#include <napi.h>

#include <atomic>
#include <exception>
#include <functional>
#include <new>
#include <stdexcept>

#include "engine_thread.hpp"

namespace clusterlens::binding {

class TaskWorker : public Napi::AsyncWorker {
 public:
  using Run = std::function<void()>;                     // on a pool thread; may throw
  using Settle = std::function<Napi::Value(Napi::Env)>;  // on the JS thread; builds the result

  // Queues run and returns the promise that settle's value resolves. An engine exception rejects it:
  // std::invalid_argument (a bad input the engine caught) as a RangeError, anything else as an Error.
  // owner, when given, stays referenced until the promise settles, so an object whose buffers the work uses
  // cannot be collected mid-call; busy, when given, is cleared when the call ends. threads: how many the work uses.
  static Napi::Promise queue(Napi::Env env, int threads, Run run, Settle settle, Napi::Object owner = Napi::Object(),
                             std::atomic<bool>* busy = nullptr) {
    EngineThread* engine = threads > 1 ? EngineThread::of(env) : nullptr;
    auto* worker = new TaskWorker(env, engine, std::move(run), std::move(settle), owner, busy);
    worker->Queue();  // the worker deletes itself once the promise settles
    return worker->deferred_.Promise();
  }

  void Execute() override {
    try {
      if (engine_) engine_->run(run_);
      else run_();
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
  TaskWorker(Napi::Env env, EngineThread* engine, Run run, Settle settle, Napi::Object owner, std::atomic<bool>* busy)
      : Napi::AsyncWorker(env, "clusterlens"),
        deferred_(Napi::Promise::Deferred::New(env)),
        engine_(engine),
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
  EngineThread* engine_;  // null: run on the pool thread
  std::atomic<bool>* busy_;
  Run run_;
  Settle settle_;
  bool range_error_ = false;  // written in Execute, read in OnError after the pool thread is done
};

}  // namespace clusterlens::binding
