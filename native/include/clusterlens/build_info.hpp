// What the engine was compiled with, reported by the addon's capabilities.
#pragma once

namespace clusterlens {

// "avx512", "avx2" or "baseline": the vector width the CPU kernels were compiled for.
const char* simd_level();

}  // namespace clusterlens
