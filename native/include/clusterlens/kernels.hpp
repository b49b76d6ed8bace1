// CPU kernels of the GPT-2 engine: plain functions over contiguous float buffers.
// Shapes are written as (dim, dim, ...) in row-major order. B = batch, T = time, C = channels,
// NH = heads, hs = C / NH, V = vocabulary, OC = output channels.
//
// Every kernel that takes `threads` partitions its work so that each output element is computed
// by exactly one thread in a fixed order: results are bit-identical for any thread count.
#pragma once
#include <cstddef>
#include <cstdint>

namespace clusterlens::cpu {
#include "clusterlens/kernel_signatures.inc"

// Inspection only (one portable function, not dispatched per path): attention probabilities recomputed from the
// fused forward's qkv (B,T,3C) and lse (B,NH,T) as pattern (B,NH,T,T) = exp(q_t . k_s / sqrt(hs) - lse_t) for
// s <= t and 0 above the diagonal (causal), so each row sums to 1.
void attention_pattern(float* pattern, const float* qkv, const float* lse, int B, int T, int C, int NH, int threads);

// Instruction-set paths. Every path computes every kernel with the same operations in the same order (no implicit
// FMA contraction, FMA explicit and identical where used, reductions over a fixed number of partial sums), so all
// paths give the same bits; they differ only in speed. The path is chosen once, at the first kernel call: the
// CLUSTERLENS_SIMD environment variable (avx512, avx2 or baseline) when set, else the widest this CPU supports.
// Name of the path in use ("avx512", "avx2" or "baseline"); throws std::runtime_error on a bad CLUSTERLENS_SIMD.
const char* simd_path();
// The paths this build has and this CPU can run, widest first.
const char* const* supported_simd_paths(int* count);
// Switches every later kernel call to `name` (tests); throws std::invalid_argument if unknown or unsupported here.
void set_simd_path(const char* name);
// The largest MLP activation, in bytes, for which the active path's gelu_backward is faster reading the tanh that
// gelu_forward kept than computing it again (the same bits either way): a tuning of each path, measured.
size_t gelu_tanh_keep_bytes();

}  // namespace clusterlens::cpu
