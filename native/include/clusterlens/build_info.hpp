// What the engine can do here, reported by the addon's capabilities.
#pragma once

namespace clusterlens {

// "avx512", "avx2" or "baseline": the instruction-set path the CPU kernels run on (clusterlens::cpu::simd_path).
const char* simd_level();

}  // namespace clusterlens
