// One thread per JavaScript environment for the engine's multi-threaded calls. OpenMP keeps a team of workers for
// each thread that starts a parallel region. Run on whichever libuv pool thread is free, an environment's calls made
// up to four teams (the pool's size); libgomp then counted more threads than cores and cut its workers' spinning
// between regions to about a thousand iterations, so each of a step's hundred-odd regions woke its workers from a
// futex: a 3-block, C=32 step took 3.5 ms on 2 threads against 2.2 ms on one. Calls on one thread keep one team.
// Single-threaded calls start no team and run on the pool thread as before.
#pragma once
#include <napi.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace clusterlens::binding {

class EngineThread {
 public:
  EngineThread() : thread_([this] { loop(); }) {}
  EngineThread(const EngineThread&) = delete;
  EngineThread& operator=(const EngineThread&) = delete;

  // Finishes the queued calls, then stops.
  ~EngineThread() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  // Runs `call` on this thread and returns when it has; rethrows what it threw. Calls run one at a time, in order.
  void run(const std::function<void()>& call) {
    std::packaged_task<void()> task(call);
    std::future<void> done = task.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(task));
    }
    wake_.notify_one();
    done.get();
  }

  // The environment's engine thread, started at its first multi-threaded call; call on the JS thread.
  static EngineThread* of(Napi::Env env) {
    auto* engine = env.GetInstanceData<EngineThread>();
    if (!engine) {
      engine = new EngineThread();
      env.SetInstanceData(engine);  // deleted (so joined) when the environment is torn down
    }
    return engine;
  }

 private:
  void loop() {
    for (;;) {
      std::packaged_task<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::packaged_task<void()>> queue_;
  bool stop_ = false;
  std::thread thread_;  // last: it starts once the members above exist
};

}  // namespace clusterlens::binding
