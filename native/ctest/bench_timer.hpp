// Timing for the micro-benchmarks (bench_*.cpp).
#pragma once
#include <algorithm>
#include <chrono>

namespace bench {

inline double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Seconds per call: the fastest of many short samples (each >= 1 ms of calls), spread over at least min_s seconds.
// The minimum rather than the mean, so that a busy machine (other processes stealing a core from a 2-thread run)
// reports the kernel and not the scheduler. One call first warms caches, buffers and the thread pool.
template <typename Call>
double fastest_seconds_per_call(Call call, double min_s) {
  call();
  double best = 1e30, start = now_s();
  do {
    int calls = 0;
    double t0 = now_s(), t;
    do {
      call();
      calls++;
      t = now_s();
    } while (t - t0 < 1e-3);
    best = std::min(best, (t - t0) / calls);
  } while (now_s() - start < min_s);
  return best;
}

}  // namespace bench
