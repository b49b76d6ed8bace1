#include "clusterlens/build_info.hpp"

#include "clusterlens/kernels.hpp"

namespace clusterlens {

const char* simd_level() { return cpu::simd_path(); }

}  // namespace clusterlens
