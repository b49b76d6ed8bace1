// The optional CUDA side of the engine. Built only where nvcc exists; used only where a GPU is present.
#pragma once

namespace clusterlens {

#ifdef CLUSTERLENS_WITH_CUDA
// Number of usable CUDA devices; 0 when the machine has no driver or no GPU (the runtime is linked
// statically, so the addon loads either way).
int cuda_device_count();
#else
inline int cuda_device_count() { return 0; }
#endif

}  // namespace clusterlens
