// Included last by every kernel source (after the standard headers). CMake compiles each kernel source once per
// instruction-set path, defining CLUSTERLENS_PATH (avx512, avx2 or baseline) and CLUSTERLENS_PATH_AVX512 or
// CLUSTERLENS_PATH_AVX2; the kernels land in clusterlens::cpu::<path>, and src/cpu/dispatch.cpp routes
// clusterlens::cpu's calls to one path.
//
// The instruction set is raised by a target pragma here, not by -march on the command line: functions defined from
// here on are compiled for the path, while the standard library's inline templates (defined in headers included
// before) stay baseline x86-64. Every path's object holds out-of-line copies of those templates and the linker keeps
// one; with -march they could be AVX-512 code reached from the baseline path. For the same reason the helpers this
// directory defines in headers (fastmath.hpp, parallel.hpp) have internal linkage. In C++ the pragma does not update
// the __AVX512F__-style macros, so code tests CLUSTERLENS_PATH_AVX512 / _AVX2 instead.
#pragma once
#include <cstddef>
#include <cstdint>
#include <immintrin.h>

#ifndef CLUSTERLENS_PATH
#error "CLUSTERLENS_PATH is not defined: kernel sources are compiled once per path by native/CMakeLists.txt"
#endif

#if defined(CLUSTERLENS_PATH_AVX512)
#pragma GCC target("arch=x86-64-v4")
#elif defined(CLUSTERLENS_PATH_AVX2)
#pragma GCC target("arch=x86-64-v3")
#endif

namespace clusterlens::cpu::CLUSTERLENS_PATH {
#include "clusterlens/kernel_signatures.inc"
}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
