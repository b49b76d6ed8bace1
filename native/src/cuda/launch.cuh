// What every CUDA kernel source shares: launch checks, grid sizes and warp reductions.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <stdexcept>
#include <string>

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

// The stream this thread's kernels and memsets go to: 0, which src/cuda's per-thread default stream makes the calling
// thread's own, unless a StreamScope names another (CudaEnsemble runs each model on its own stream, so that the
// models' steps overlap on the GPU).
inline thread_local cudaStream_t tls_stream = 0;
inline cudaStream_t current_stream() { return tls_stream; }

class StreamScope {
 public:
  explicit StreamScope(cudaStream_t stream) : saved_(tls_stream) { tls_stream = stream; }
  ~StreamScope() { tls_stream = saved_; }
  StreamScope(const StreamScope&) = delete;
  StreamScope& operator=(const StreamScope&) = delete;

 private:
  cudaStream_t saved_;
};

inline unsigned blocks_for(size_t n, unsigned threads) { return (unsigned)((n + threads - 1) / threads); }

// StepScalars and the reductions' scratch on the device, for the calls that return a reduction to the host
// (crossentropy_forward, sum_of_squares); a training step keeps its own (CudaGpt).
class DeviceScalars {
 public:
  DeviceScalars() {
    check(cudaMalloc(&scalars_, sizeof(StepScalars)), "cudaMalloc");
    if (cudaMalloc(&scratch_, kReductionScratch * sizeof(double)) != cudaSuccess) {
      cudaFree(scalars_);
      throw std::runtime_error("cudaMalloc: out of device memory");
    }
  }
  ~DeviceScalars() {
    cudaFree(scalars_);
    cudaFree(scratch_);
  }
  DeviceScalars(const DeviceScalars&) = delete;
  DeviceScalars& operator=(const DeviceScalars&) = delete;
  StepScalars* get() const { return scalars_; }
  double* scratch() const { return scratch_; }
  // Waits for the work queued before, and copies the scalars to the host.
  StepScalars read() const {
    StepScalars host{};
    check(cudaMemcpy(&host, scalars_, sizeof(StepScalars), cudaMemcpyDeviceToHost), "cudaMemcpy");
    return host;
  }

 private:
  StepScalars* scalars_ = nullptr;
  double* scratch_ = nullptr;
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

}  // namespace clusterlens::cuda
