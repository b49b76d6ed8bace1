// Work splitting that keeps results independent of the thread count.
#pragma once
#include <cstddef>

namespace clusterlens::cpu {

// Calls fn(begin, end) for fixed chunks of [0, n). The chunk boundaries (and so which elements take
// the vectorised or the scalar path) never depend on the thread count, only the chunk-to-thread map does.
// Internal linkage: kernel sources compile it for their own instruction set (simd_path.hpp).
template <typename Fn>
static void parallel_chunks(size_t n, size_t chunk, int threads, Fn&& fn) {
  const long long n_chunks = (long long)((n + chunk - 1) / chunk);
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (long long c = 0; c < n_chunks; c++) {
    size_t begin = (size_t)c * chunk;
    size_t end = begin + chunk < n ? begin + chunk : n;
    fn(begin, end);
  }
}

}  // namespace clusterlens::cpu
