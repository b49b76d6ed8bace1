#include "clusterlens/build_info.hpp"

namespace clusterlens {

const char* simd_level() {
#if defined(__AVX512F__)
  return "avx512";
#elif defined(__AVX2__)
  return "avx2";
#else
  return "baseline";
#endif
}

}  // namespace clusterlens
