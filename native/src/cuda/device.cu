#include <cuda_runtime.h>

#include "clusterlens/cuda.hpp"

namespace clusterlens {

int cuda_device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error left by a missing driver
    return 0;
  }
  return count;
}

}  // namespace clusterlens
