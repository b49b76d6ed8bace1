// Single-precision GEMM for the CPU engine: BLIS-style packing around one register-blocked
// micro-kernel written with GCC/Clang vector extensions (no intrinsics, so it builds anywhere).
//
//   C (M,N) = op(A) (M,K) @ op(B) (K,N) + beta * C
//
// Structure (names follow BLIS):
//   sgemm            picks a 2-D grid of (M-block, N-block) tiles and runs them on OpenMP threads
//   gemm_tile        one tile: loops over NC column blocks, KC depth blocks and MC row blocks,
//                    packing op(B) (KC,NC) and op(A) (MC,KC) into contiguous micro-panels (a k-contiguous
//                    op(A) is read in place instead, but for a last, partial panel)
//   macro_kernel     walks the MR x NR micro-tiles of one (MC,KC) x (KC,NC) product
//   micro_kernel     MR x NR outer-product accumulation over KC in registers, then stores to C
//
// Determinism: every element of C is produced by exactly one tile (hence one thread), as
//   C = beta*C, then for each fixed KC block in increasing k: C = C + (fma chain over the block)
// KC is a constant and every element runs the same fma sequence whatever its position inside a
// micro-tile (edges are zero-padded, not special-cased), so the result does not depend on the
// thread count, the tile grid, MC or NC, nor on the instruction-set path: each path (simd_path.hpp)
// has its own register tile, but an element's fma chain is the same, with a fused multiply-add
// written out explicitly (an intrinsic, or fmaf on the baseline path, where it is a library call).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "simd_path.hpp"
#include "fused.hpp"
#include "transpose.hpp"

namespace clusterlens::cpu::CLUSTERLENS_PATH {
namespace {

// ----------------------------------------------------------------------------------------------
// Register tile. NR spans whole vectors of C's contiguous (N) dimension; MR rows are broadcast.
// Accumulators: MR * NR / VL vector registers, chosen to leave room for the B vectors and a
// broadcast of A in the register file.
#if defined(CLUSTERLENS_PATH_AVX512)
#define GEMM_VL 16  // 32 zmm registers: 8 x 2 = 16 accumulators + 2 B vectors
constexpr int MR = 8;
constexpr int NR = 32;
#elif defined(CLUSTERLENS_PATH_AVX2)
#define GEMM_VL 8  // 16 ymm registers: 6 x 2 = 12 accumulators + 2 B vectors + 1 broadcast
constexpr int MR = 6;
constexpr int NR = 16;
#else
#define GEMM_VL 4  // 128-bit SSE: 4 x 2 = 8 accumulators
constexpr int MR = 4;
constexpr int NR = 8;
#endif
constexpr int VL = GEMM_VL;
constexpr int NV = NR / VL;  // vectors per micro-tile row

// Vector of VL floats. vf is for the packed buffers (aligned to the vector size); vfu is for C,
// whose rows have arbitrary alignment and may be read through float pointers (may_alias).
typedef float vf __attribute__((vector_size(GEMM_VL * sizeof(float))));
typedef float vfu __attribute__((vector_size(GEMM_VL * sizeof(float)), aligned(sizeof(float)), may_alias));

// Cache blocking.
//   KC: depth of one packed block. FIXED (it sets the summation order, see the header comment).
//       An A micro-panel (MR,KC) = 8 KB stays in L1 while B micro-panels stream past it.
//   NC: width of the packed B block; (KC,NC) = 512 KB lives in L2 (1 MB on Zen 4) and is
//       reused by every MR-row panel of A.
//   MC: height of the packed A block; (MC,KC) = 128 KB, also L2 resident.
constexpr int KC = 256;
constexpr int NC = 512;
constexpr int MC = 128 / MR * MR;
// Floats a packing transpose may write past the end of a packed block (transpose_8_columns), kept free after each
// packing buffer: a multiple of 16, so the buffer after it stays 64-byte aligned.
constexpr long kPackSlack = 16;
static_assert(NC % NR == 0 && MC % MR == 0, "blocks must hold whole micro-panels");

// op(X) as a strided view: element (i, k) is at p[i * rs + k * cs]. The transposes of the API
// only swap the strides, so packing absorbs them and the micro-kernel sees one layout.
struct View {
  const float* p;
  long rs, cs;
};

inline int ceil_div(int a, int b) { return (a + b - 1) / b; }

// ----------------------------------------------------------------------------------------------
// Packing. A panel of width W (W = MR for A, NR for B) holds W lanes of a strided view for kc
// consecutive k, laid out k-major: panel[k*W + l] = X(l0 + l, k0 + k); lanes past the edge of
// the matrix are 0, so the micro-kernel never needs a ragged case.

// Lanes are contiguous in memory (A transposed, B not): row copies. Works in chunks of KB rows
// of k and, inside a chunk, panel by panel. Chunks keep the source reads local (a whole-panel
// walk strides down the matrix once per panel); filling one panel at a time keeps the writes
// sequential (a row-at-a-time scatter writes to width/W panels kc*W floats apart, multiples of
// 4 KB, which all land in the same L1 set and thrash it).
template <int W>
void pack_block_lanes_contiguous(float* __restrict dst, const float* __restrict src, long k_stride,
                                 int width, int kc) {
  constexpr int KB = 16;
  for (int k0 = 0; k0 < kc; k0 += KB) {
    int k1 = std::min(kc, k0 + KB);
    for (int l = 0; l < width; l += W) {
      int w = std::min(W, width - l);
      float* d = dst + (long)l * kc;
      for (int k = k0; k < k1; k++) {
        if (w == W) {
          std::memcpy(d + k * W, src + k * k_stride + l, W * sizeof(float));
        } else {
          std::memcpy(d + k * W, src + k * k_stride + l, w * sizeof(float));
          std::memset(d + k * W + w, 0, (W - w) * sizeof(float));
        }
      }
    }
  }
}

// k is contiguous in memory (A not transposed, B transposed): a transpose, panel by panel, by
// 8x8 blocks where the shuffle builtin exists; ragged lanes and the k tail go element by element.
template <int W>
void pack_panel_k_contiguous(float* __restrict dst, const float* __restrict src, long lane_stride, int w,
                             int kc) {
  int k0 = 0;
#ifdef CLUSTERLENS_HAVE_SHUFFLE
  if constexpr (W % 8 == 0) {
    if (w == W)
      for (; k0 + 8 <= kc; k0 += 8)
        for (int l = 0; l < W; l += 8) transpose_8_columns<8>(dst + k0 * W + l, W, src + l * lane_stride + k0, lane_stride);
  } else if constexpr (W < 8) {
    if (w == W)  // writes up to 8 - W floats past the panel, within kPackSlack of the buffer's end
      for (; k0 + 8 <= kc; k0 += 8) transpose_8_columns<W>(dst + k0 * W, W, src + k0, lane_stride);
  }
#endif
  for (; k0 < kc; k0++) {
    float* d = dst + k0 * W;
    for (int l = 0; l < w; l++) d[l] = src[l * lane_stride + k0];
    for (int l = w; l < W; l++) d[l] = 0.0f;
  }
}

// Packs lanes l0..l0+width-1 and k0..k0+kc-1 of X(l, k) = x.p[l*x.rs + k*x.cs] into ceil(width/W)
// consecutive panels of W*kc floats each, laid out k-major: panel[k*W + l], lanes past the edge 0.
template <int W>
void pack_block(float* dst, View x, int l0, int width, int k0, int kc) {
  const float* src = x.p + l0 * x.rs + (long)k0 * x.cs;
  if (x.rs == 1) {
    pack_block_lanes_contiguous<W>(dst, src, x.cs, width, kc);
  } else if (x.cs == 1) {
    for (int l = 0; l < width; l += W)
      pack_panel_k_contiguous<W>(dst + (long)l * kc, src + l * x.rs, x.rs, std::min(W, width - l), kc);
  } else {  // general strides: not produced by the API, kept so that View means what it says
    for (int l = 0; l < width; l += W)
      for (int k = 0; k < kc; k++)
        for (int i = 0; i < W; i++)
          dst[(long)l * kc + k * W + i] = l + i < width ? src[(l + i) * x.rs + k * x.cs] : 0.0f;
  }
}

// ----------------------------------------------------------------------------------------------
// Micro-kernel: acc (MR,NR) = a (MR,kc) @ b (kc,NR), b a packed panel, a either a packed panel (a[k*MR + r],
// a_stride == 0) or MR rows of op(A) read in place (a[r*a_stride + k], k contiguous), then
//   C (m,n) = acc            (accumulate == false: C may hold garbage or NaN, it is never read)
//   C (m,n) = C + acc        (accumulate == true)
// m <= MR, n <= NR trim the store at the matrix edges; the arithmetic is the same either way, and the same whichever
// way a is read (every element's fma chain over k in the same order).
template <bool InPlace>
inline void micro_kernel(int kc, const float* __restrict a, long a_stride, const float* __restrict b,
                         float* __restrict C, long ldc, int m, int n, bool accumulate) {
  vf acc[MR][NV];
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NV; v++) acc[r][v] = vf{};
  for (int k = 0; k < kc; k++) {
    vf bv[NV];
    for (int v = 0; v < NV; v++) bv[v] = *(const vf*)(b + v * VL);
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      float ar = InPlace ? a[r * a_stride + k] : a[r];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[r][v] = fused_multiply_add(bv[v], ar, acc[r][v]);
    }
    if (!InPlace) a += MR;
    b += NR;
  }

  if (m == MR && n == NR) {
    for (int r = 0; r < MR; r++) {
      vfu* c = (vfu*)(C + r * ldc);
      for (int v = 0; v < NV; v++) c[v] = accumulate ? c[v] + acc[r][v] : acc[r][v];
    }
    return;
  }
  // Edge tile: spill to memory and store only the valid (m,n) corner.
  alignas(64) float tile[MR][NR];
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NV; v++) *(vf*)(&tile[r][v * VL]) = acc[r][v];
  for (int r = 0; r < m; r++) {
    float* c = C + r * ldc;
    if (accumulate)
      for (int j = 0; j < n; j++) c[j] = c[j] + tile[r][j];
    else
      for (int j = 0; j < n; j++) c[j] = tile[r][j];
  }
}

// The source of a block about to be packed: lanes [l0, l0 + width) and k [k0, k0 + kc) of a view, as `count`
// contiguous runs of `length` floats, `stride` apart (rows of k for a k-contiguous view, rows of lanes otherwise).
struct Region {
  const float* p = nullptr;
  long stride = 0;
  int count = 0, length = 0;
};

Region region_of(View x, int l0, int width, int k0, int kc) {
  const float* p = x.p + l0 * x.rs + (long)k0 * x.cs;
  if (x.cs == 1) return {p, x.rs, width, kc};
  if (x.rs == 1) return {p, x.cs, kc, width};
  return {};  // general strides: not produced by the API, not prefetched
}

// Part `part` of `parts` of the region fetched into cache (a hint: no value changes), one touch per 64-byte line.
inline void prefetch_part(const Region& r, int part, int parts) {
  const int first = (int)((long)r.count * part / parts), last = (int)((long)r.count * (part + 1) / parts);
  for (int i = first; i < last; i++)
    for (int j = 0; j < r.length; j += 16) __builtin_prefetch(r.p + i * r.stride + j);
}

// Where the A block's micro-panels come from: packed (rows == nullptr: panel i at Ap + i MR kc), or, for a
// k-contiguous op(A), its full MR-row panels read in place from `rows` (`stride` apart) and only a last, partial panel
// packed (at Ap, zero-padded). Packing a k-contiguous A is a transpose, and with few columns of B to reuse each packed
// panel over (a small model's products) the transposes cost as much as the products.
struct ASource {
  const float* Ap;
  const float* rows = nullptr;
  long stride = 0;
};

// C (mc,nc) (+)= A (mc,kc) @ Bp (kc,nc), Bp packed. The A micro-panel (MR,kc) is the outer loop so it stays in L1
// while the B block streams from L2 once per A panel. Each A panel's products also fetch a share of `next`, the
// source of the next A block, so that packing it reads from cache rather than from memory.
void macro_kernel(int mc, int nc, int kc, const ASource& A, const float* Bp, float* C, long ldc,
                  bool accumulate, const Region& next) {
  const int panels = ceil_div(mc, MR);
  for (int ir = 0; ir < mc; ir += MR) {
    if (next.p) prefetch_part(next, ir / MR, panels);
    int m = std::min(MR, mc - ir);
    const bool in_place = A.rows && m == MR;
    const float* a = in_place ? A.rows + ir * A.stride : A.rows ? A.Ap : A.Ap + (long)ir * kc;
    for (int jr = 0; jr < nc; jr += NR) {
      int n = std::min(NR, nc - jr);
      if (in_place) micro_kernel<true>(kc, a, A.stride, Bp + (long)jr * kc, C + ir * ldc + jr, ldc, m, n, accumulate);
      else micro_kernel<false>(kc, a, 0, Bp + (long)jr * kc, C + ir * ldc + jr, ldc, m, n, accumulate);
    }
  }
}

// ----------------------------------------------------------------------------------------------
// Per-thread packing buffers: grown once, then reused by every call (the training loop calls
// sgemm hundreds of times per step). OpenMP keeps its worker threads alive, so thread_local
// storage persists across calls. Heap rather than static TLS: the Node addon is dlopen'ed.
struct PackBuffers {
  std::vector<float> storage;
  float* a = nullptr;  // (MC,KC) as MR-row panels
  float* b = nullptr;  // (KC,NC) as NR-column panels
};

PackBuffers& pack_buffers() {
  static thread_local PackBuffers buf;
  if (buf.storage.empty()) {
    constexpr long ALIGN = 64 / sizeof(float);
    // Each buffer is followed by kPackSlack floats that a packing transpose may write past its last panel.
    constexpr long A_FLOATS = (long)MC * KC + kPackSlack, B_FLOATS = (long)KC * NC + kPackSlack;
    buf.storage.resize(A_FLOATS + B_FLOATS + ALIGN);
    uintptr_t p = (uintptr_t)buf.storage.data();
    buf.a = (float*)((p + 63) & ~(uintptr_t)63);
    buf.b = buf.a + A_FLOATS;  // A_FLOATS is a multiple of 16, so still 64-byte aligned
  }
  return buf;
}

struct Problem {
  View a;   // op(A) (M,K): lanes are rows of C
  View bt;  // op(B)^T (N,K): lanes are columns of C
  int K;
  bool beta_one;  // first K block accumulates into C (beta = 1) or overwrites it (beta = 0)
  float* C;
  long ldc;
};

// Computes the tile C[m0:m1, n0:n1] completely (all of K), so the tile belongs to one thread.
void gemm_tile(const Problem& pr, int m0, int m1, int n0, int n1) {
  PackBuffers& buf = pack_buffers();
  for (int jc = n0; jc < n1; jc += NC) {
    int nc = std::min(NC, n1 - jc);
    for (int pc = 0; pc < pr.K; pc += KC) {
      int kc = std::min(KC, pr.K - pc);
      bool accumulate = pc > 0 || pr.beta_one;
      pack_block<NR>(buf.b, pr.bt, jc, nc, pc, kc);
      for (int ic = m0; ic < m1; ic += MC) {
        int mc = std::min(MC, m1 - ic);
        ASource a{buf.a};
        if (pr.a.cs == 1) {
          a.rows = pr.a.p + ic * pr.a.rs + pc;
          a.stride = pr.a.rs;
          const int full = mc / MR * MR;  // the last, partial panel is packed at buf.a
          if (full < mc) pack_block<MR>(buf.a, pr.a, ic + full, mc - full, pc, kc);
        } else {
          pack_block<MR>(buf.a, pr.a, ic, mc, pc, kc);
        }
        Region next;
        if (ic + MC < m1 && !a.rows) next = region_of(pr.a, ic + MC, std::min(MC, m1 - ic - MC), pc, kc);
        macro_kernel(mc, nc, kc, a, buf.b, pr.C + ic * pr.ldc + jc, pr.ldc, accumulate, next);
      }
    }
  }
}

// Tile grid (gm row blocks x gn column blocks) for `threads` threads. Any grid gives the same
// bits, so this only trades load balance against redundant packing: each tile packs its own
// op(A) rows (once per NC block) and op(B) columns. Costs are in multiply-adds per unit of K.
struct Grid {
  int gm, gn;
};

Grid choose_grid(int M, int N, int threads) {
  if (threads <= 1) return {1, 1};
  const int mp = ceil_div(M, MR), np = ceil_div(N, NR);  // micro-panels per dimension
  const double PACK_COST = 8.0;  // multiply-adds one packed float is worth (rough)
  Grid best{1, 1};
  double best_cost = -1;
  for (int gm = 1; gm <= std::min(mp, 4 * threads); gm++) {
    for (int gn = 1; gn <= std::min(np, 4 * threads) && gm * gn <= 4 * threads; gn++) {
      double tm = (double)ceil_div(mp, gm) * MR, tn = (double)ceil_div(np, gn) * NR;
      double rounds = ceil_div(gm * gn, threads);  // tiles per thread under a static schedule
      double cost = rounds * (tm * tn + PACK_COST * (tm * ceil_div((int)tn, NC) + tn));
      if (best_cost < 0 || cost < best_cost) best = {gm, gn}, best_cost = cost;
    }
  }
  return best;
}

// Bounds of block `i` of `g` blocks over `panels` micro-panels of width `w`, clipped to `n`.
inline void block_range(int i, int g, int panels, int w, int n, int* lo, int* hi) {
  int base = panels / g, extra = panels % g;
  int p0 = i * base + std::min(i, extra), p1 = p0 + base + (i < extra);
  *lo = std::min(n, p0 * w);
  *hi = std::min(n, p1 * w);
}

void run_tile(const Problem& pr, Grid g, int t, int M, int N) {
  int m0, m1, n0, n1;
  block_range(t / g.gn, g.gm, ceil_div(M, MR), MR, M, &m0, &m1);
  block_range(t % g.gn, g.gn, ceil_div(N, NR), NR, N, &n0, &n1);
  if (m0 < m1 && n0 < n1) gemm_tile(pr, m0, m1, n0, n1);
}

// C (M,N) *= beta, for the cases the K loop cannot absorb (K = 0, or beta not 0 or 1).
void scale_c(float* C, long ldc, int M, int N, float beta) {
  for (int i = 0; i < M; i++) {
    float* c = C + i * ldc;
    if (beta == 0.0f) std::fill(c, c + N, 0.0f);  // not 0 * c: C may hold NaN
    else for (int j = 0; j < N; j++) c[j] *= beta;
  }
}

}  // namespace

void sgemm(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc, int threads) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (beta != 1.0f) scale_c(C, ldc, M, N, beta);
    return;
  }
  if (beta != 0.0f && beta != 1.0f) {  // not used by the engine; keep the API total
    scale_c(C, ldc, M, N, beta);
    beta = 1.0f;
  }
  Problem pr;
  // op(A)(i,k): A[i*lda + k], or A[k*lda + i] when transposed
  pr.a = trans_a ? View{A, 1, lda} : View{A, lda, 1};
  // op(B)^T(j,k) = op(B)(k,j): B[k*ldb + j], or B[j*ldb + k] when transposed
  pr.bt = trans_b ? View{B, ldb, 1} : View{B, 1, ldb};
  pr.K = K;
  pr.beta_one = beta == 1.0f;
  pr.C = C;
  pr.ldc = ldc;

  Grid g = choose_grid(M, N, threads);
  int tiles = g.gm * g.gn;
  if (threads <= 1 || tiles == 1) {
    for (int t = 0; t < tiles; t++) run_tile(pr, g, t, M, N);
    return;
  }
#pragma omp parallel for num_threads(std::min(threads, tiles)) schedule(static)
  for (int t = 0; t < tiles; t++) run_tile(pr, g, t, M, N);
}

}  // namespace clusterlens::cpu::CLUSTERLENS_PATH
