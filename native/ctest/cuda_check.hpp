// What the CUDA test and benchmark programs share (they are built only where the engine has its CUDA part).
#pragma once
#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>

#include "clusterlens/cuda.hpp"

namespace check {

// The CUDA engine's agreement with the CPU engine over training steps: relative error norm (the CUDA issue's bound).
constexpr double kCpuAgreement = 1e-4;

// Exits with 77 (ctest: skipped) where no CUDA device is present; otherwise prints the device's name.
inline void require_cuda_device(const char* program) {
  if (clusterlens::cuda_device_count() == 0) {
    std::printf("%s: skipped, no CUDA device\n", program);
    std::exit(77);
  }
  cudaDeviceProp prop;
  if (cudaGetDeviceProperties(&prop, 0) == cudaSuccess) std::printf("device: %s (sm_%d%d)\n", prop.name, prop.major, prop.minor);
}

}  // namespace check
