// What every CUDA kernel source shares: launch checks, streams, device arrays, grid sizes and warp and block sums.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include "clusterlens/cuda_kernels.hpp"

namespace clusterlens::cuda {

// Throws when the last launch (or an earlier asynchronous error) failed.
inline void check_launch(const char* kernel) {
  cudaError_t error = cudaGetLastError();
  if (error != cudaSuccess) throw std::runtime_error(std::string(kernel) + ": " + cudaGetErrorString(error));
}

inline void check(cudaError_t error, const char* what) {
  if (error != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(error));
}

// Sets a thread's setting for the lifetime of the scope, then puts the old value back (StreamScope, Tf32Scope).
template <typename T>
class ThreadSettingScope {
 public:
  ThreadSettingScope(T& setting, T value) : setting_(setting), saved_(setting) { setting = value; }
  ~ThreadSettingScope() { setting_ = saved_; }
  ThreadSettingScope(const ThreadSettingScope&) = delete;
  ThreadSettingScope& operator=(const ThreadSettingScope&) = delete;

 private:
  T& setting_;
  T saved_;
};

// The stream this thread's kernels and memsets go to: 0, which src/cuda's per-thread default stream makes the calling
// thread's own, unless a StreamScope names another (CudaEnsemble runs each model on its own stream, so that the
// models' steps overlap on the GPU).
inline thread_local cudaStream_t tls_stream = 0;
inline cudaStream_t current_stream() { return tls_stream; }

struct StreamScope : ThreadSettingScope<cudaStream_t> {
  explicit StreamScope(cudaStream_t stream) : ThreadSettingScope(tls_stream, stream) {}
};

// Whether this thread's matrix products run on TF32 tensor cores (inputs rounded to 10 mantissa bits: a relative
// error near 1e-3 instead of fp32's 1e-6), as a Tf32Scope sets it; a model's step sets its own (ModelState::tf32).
inline thread_local bool tls_tf32 = false;
inline bool tf32_enabled() { return tls_tf32; }

struct Tf32Scope : ThreadSettingScope<bool> {
  explicit Tf32Scope(bool enabled) : ThreadSettingScope(tls_tf32, enabled) {}
};

inline unsigned blocks_for(size_t n, unsigned threads) { return (unsigned)((n + threads - 1) / threads); }

// A device array of n values, freed with its owner.
template <typename T>
class DeviceArray {
 public:
  DeviceArray() = default;
  explicit DeviceArray(size_t n) : n_(n) { check(cudaMalloc(&ptr_, (n ? n : 1) * sizeof(T)), "cudaMalloc"); }
  ~DeviceArray() { cudaFree(ptr_); }
  DeviceArray(DeviceArray&& other) noexcept : ptr_(other.ptr_), n_(other.n_) { other.ptr_ = nullptr, other.n_ = 0; }
  DeviceArray& operator=(DeviceArray&& other) noexcept {
    std::swap(ptr_, other.ptr_);
    std::swap(n_, other.n_);
    return *this;
  }
  T* get() const { return ptr_; }
  size_t size() const { return n_; }
  void upload(const T* host, size_t n) { check(cudaMemcpy(ptr_, host, n * sizeof(T), cudaMemcpyHostToDevice), "upload"); }
  void download(T* host, size_t n) const { check(cudaMemcpy(host, ptr_, n * sizeof(T), cudaMemcpyDeviceToHost), "download"); }
  void zero(size_t n) { check(cudaMemsetAsync(ptr_, 0, n * sizeof(T), current_stream()), "cudaMemset"); }

 private:
  T* ptr_ = nullptr;
  size_t n_ = 0;
};

// StepScalars and the reductions' scratch on the device: a training step's (ModelState), or those of a call that
// returns a reduction to the host (crossentropy_forward, sum_of_squares).
struct DeviceScalars {
  DeviceArray<StepScalars> scalars{1};
  DeviceArray<double> scratch{kReductionScratch};

  // Waits for the work queued before, and copies the scalars to the host.
  StepScalars read() const {
    StepScalars host{};
    scalars.download(&host, 1);
    return host;
  }
};

constexpr unsigned kFullMask = 0xffffffffu;

__device__ inline float warp_sum(float x) {
  for (int offset = 16; offset > 0; offset >>= 1) x += __shfl_xor_sync(kFullMask, x, offset);
  return x;
}

__device__ inline float warp_max(float x) {
  for (int offset = 16; offset > 0; offset >>= 1) x = fmaxf(x, __shfl_xor_sync(kFullMask, x, offset));
  return x;
}

__device__ inline double warp_sum(double x) {
  for (int offset = 16; offset > 0; offset >>= 1) x += __shfl_xor_sync(kFullMask, x, offset);
  return x;
}

// The sum of v over the block (blockDim.x a multiple of 32), in thread 0; every thread of the block must call it.
// Warps in order, so the sum does not depend on scheduling.
__device__ inline double block_sum(double v) {
  __shared__ double warps[32];
  v = warp_sum(v);
  if (threadIdx.x % 32 == 0) warps[threadIdx.x / 32] = v;
  __syncthreads();
  double total = 0.0;
  if (threadIdx.x == 0)
    for (unsigned w = 0; w < blockDim.x / 32; w++) total += warps[w];
  __syncthreads();  // the next call may reuse warps[]
  return total;
}

// partials[offset], partials[offset + stride], ... (count of them) added in order: one thread's sum of per-block
// partial sums, the same whatever order the blocks ran in.
__device__ inline double ordered_sum(const double* partials, unsigned count, unsigned stride = 1, unsigned offset = 0) {
  double total = 0.0;
  for (unsigned b = 0; b < count; b++) total += partials[offset + b * stride];
  return total;
}

}  // namespace clusterlens::cuda
