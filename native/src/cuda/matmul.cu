// Matrix products on the device: a shared-memory tiled sgemm (row-major, either operand transposed), fp32 by default
// and on TF32 tensor cores inside a Tf32Scope (launch.cuh), and the linear layers built on it.
#include <mma.h>

#include <stdexcept>
#include <string>

#include "clusterlens/cuda_kernels.hpp"
#include "launch.cuh"

namespace clusterlens::cuda {

namespace {

// A block computes a kTileM x kTileN tile of C; each of its 16 x 16 threads a 4 x 4 grid of it, rows ty + 16 r and
// columns tx + 16 c (strided, so that a warp's shared-memory reads spread over the banks). K advances kTileK at a time.
constexpr int kTileM = 64, kTileN = 64, kTileK = 16, kPer = 4, kSide = 16;
constexpr int kThreads = kSide * kSide;

// Loads op(A)'s kTileM x kTileK tile at (i0, k0) and op(B)'s kTileK x kTileN tile at (k0, j0), zero outside the
// matrices, through store_a(i, k, value) and store_b(k, j, value) (each kernel's shared-memory layout). Consecutive
// threads load consecutive addresses of the stored operand, whichever way it is transposed.
template <int Threads, typename StoreA, typename StoreB>
__device__ void load_tiles(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda, const float* B,
                           int ldb, int i0, int j0, int k0, StoreA store_a, StoreB store_b) {
  for (int e = threadIdx.x; e < kTileM * kTileK; e += Threads) {
    const int i = trans_a ? e % kTileM : e / kTileK, k = trans_a ? e / kTileM : e % kTileK;
    const int gi = i0 + i, gk = k0 + k;
    store_a(i, k, gi < M && gk < K ? (trans_a ? A[(size_t)gk * lda + gi] : A[(size_t)gi * lda + gk]) : 0.0f);
  }
  for (int e = threadIdx.x; e < kTileN * kTileK; e += Threads) {
    const int j = trans_b ? e / kTileK : e % kTileN, k = trans_b ? e % kTileK : e / kTileN;
    const int gj = j0 + j, gk = k0 + k;
    store_b(k, j, gj < N && gk < K ? (trans_b ? B[(size_t)gj * ldb + gk] : B[(size_t)gk * ldb + gj]) : 0.0f);
  }
}

__global__ void sgemm_kernel(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda,
                             const float* B, int ldb, float beta, float* C, int ldc) {
  __shared__ float a_tile[kTileK][kTileM + 1];  // a_tile[k][i] = op(A)(i0 + i, k0 + k)
  __shared__ float b_tile[kTileK][kTileN + 1];  // b_tile[k][j] = op(B)(k0 + k, j0 + j)
  const int tx = threadIdx.x % kSide, ty = threadIdx.x / kSide;
  const int i0 = blockIdx.y * kTileM, j0 = blockIdx.x * kTileN;
  float acc[kPer][kPer] = {};
  for (int k0 = 0; k0 < K; k0 += kTileK) {
    load_tiles<kThreads>(trans_a, trans_b, M, N, K, A, lda, B, ldb, i0, j0, k0,
                         [&](int i, int k, float v) { a_tile[k][i] = v; }, [&](int k, int j, float v) { b_tile[k][j] = v; });
    __syncthreads();
    for (int k = 0; k < kTileK; k++) {
      float a[kPer], b[kPer];
      for (int r = 0; r < kPer; r++) a[r] = a_tile[k][ty + kSide * r];
      for (int c = 0; c < kPer; c++) b[c] = b_tile[k][tx + kSide * c];
      for (int r = 0; r < kPer; r++)
        for (int c = 0; c < kPer; c++) acc[r][c] = fmaf(a[r], b[c], acc[r][c]);
    }
    __syncthreads();
  }
  for (int r = 0; r < kPer; r++) {
    const int i = i0 + ty + kSide * r;
    if (i >= M) continue;
    for (int c = 0; c < kPer; c++) {
      const int j = j0 + tx + kSide * c;
      if (j >= N) continue;
      float* out = C + (size_t)i * ldc + j;
      *out = beta == 0.0f ? acc[r][c] : acc[r][c] + beta * *out;
    }
  }
}

// The TF32 path: the same 64 x 64 tiles of C and the same coalesced loads into shared memory, multiplied by tensor
// cores (wmma, m16n16k8 TF32 fragments, fp32 accumulation). 4 warps, each a 32 x 32 quarter of the tile as 2 x 2
// fragments; C goes through shared memory so that edge tiles and beta are handled as in the fp32 kernel. Rows of
// the shared tiles are padded by 4 floats (16 bytes), which keeps every fragment's start 32-byte aligned.
namespace wmma = nvcuda::wmma;
constexpr int kTf32Warps = 4, kTf32Threads = 32 * kTf32Warps;

__global__ void sgemm_tf32_kernel(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda,
                                  const float* B, int ldb, float beta, float* C, int ldc) {
#if __CUDA_ARCH__ >= 800
  constexpr int kFrag = 16, kFragK = 8, kPad = 4;
  __shared__ __align__(32) float a_tile[kTileM][kTileK + kPad];  // a_tile[i][k] = op(A)(i0 + i, k0 + k)
  __shared__ __align__(32) float b_tile[kTileK][kTileN + kPad];  // b_tile[k][j] = op(B)(k0 + k, j0 + j)
  __shared__ __align__(32) float c_tile[kTileM][kTileN + kPad];
  const int warp = threadIdx.x / 32, wi = (warp / 2) * 32, wj = (warp % 2) * 32;
  const int i0 = blockIdx.y * kTileM, j0 = blockIdx.x * kTileN;
  wmma::fragment<wmma::accumulator, kFrag, kFrag, kFragK, float> acc[2][2];
  for (int r = 0; r < 2; r++)
    for (int c = 0; c < 2; c++) wmma::fill_fragment(acc[r][c], 0.0f);
  for (int k0 = 0; k0 < K; k0 += kTileK) {
    load_tiles<kTf32Threads>(trans_a, trans_b, M, N, K, A, lda, B, ldb, i0, j0, k0,
                             [&](int i, int k, float v) { a_tile[i][k] = v; }, [&](int k, int j, float v) { b_tile[k][j] = v; });
    __syncthreads();
    for (int k = 0; k < kTileK; k += kFragK) {
      wmma::fragment<wmma::matrix_a, kFrag, kFrag, kFragK, wmma::precision::tf32, wmma::row_major> a[2];
      wmma::fragment<wmma::matrix_b, kFrag, kFrag, kFragK, wmma::precision::tf32, wmma::row_major> b[2];
      for (int r = 0; r < 2; r++) {
        wmma::load_matrix_sync(a[r], &a_tile[wi + kFrag * r][k], kTileK + kPad);
        for (int t = 0; t < a[r].num_elements; t++) a[r].x[t] = wmma::__float_to_tf32(a[r].x[t]);
      }
      for (int c = 0; c < 2; c++) {
        wmma::load_matrix_sync(b[c], &b_tile[k][wj + kFrag * c], kTileN + kPad);
        for (int t = 0; t < b[c].num_elements; t++) b[c].x[t] = wmma::__float_to_tf32(b[c].x[t]);
      }
      for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++) wmma::mma_sync(acc[r][c], a[r], b[c], acc[r][c]);
    }
    __syncthreads();
  }
  for (int r = 0; r < 2; r++)
    for (int c = 0; c < 2; c++)
      wmma::store_matrix_sync(&c_tile[wi + kFrag * r][wj + kFrag * c], acc[r][c], kTileN + kPad, wmma::mem_row_major);
  __syncthreads();
  for (int e = threadIdx.x; e < kTileM * kTileN; e += kTf32Threads) {
    const int i = i0 + e / kTileN, j = j0 + e % kTileN;
    if (i >= M || j >= N) continue;
    float* out = C + (size_t)i * ldc + j;
    const float value = c_tile[e / kTileN][e % kTileN];
    *out = beta == 0.0f ? value : value + beta * *out;
  }
#endif
}

// out (N,OC) += bias (OC), row by row
__global__ void add_bias_kernel(float* out, const float* bias, int N, int OC) {
  const size_t idx = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (idx < (size_t)N * OC) out[idx] += bias[idx % OC];
}

// sums (OC) += column sums of x (N,OC): 32 columns per block, 8 row groups whose partial sums meet in shared memory
constexpr int kColumns = 32, kRowGroups = 8;
__global__ void add_column_sums_kernel(float* sums, const float* x, int N, int OC) {
  __shared__ float partial[kRowGroups][kColumns];
  const int j = blockIdx.x * kColumns + threadIdx.x;
  float s = 0.0f;
  if (j < OC)
    for (int i = threadIdx.y; i < N; i += kRowGroups) s += x[(size_t)i * OC + j];
  partial[threadIdx.y][threadIdx.x] = s;
  __syncthreads();
  if (threadIdx.y == 0 && j < OC) {
    float total = 0.0f;
    for (int g = 0; g < kRowGroups; g++) total += partial[g][threadIdx.x];
    sums[j] += total;
  }
}

}  // namespace

bool tf32_supported() {
  // Asked once per process (the process uses one device).
  static const bool supported = [] {
    int device = 0, major = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device), "cudaDeviceGetAttribute");
    return major >= 8;
  }();
  return supported;
}

void require_tf32(const char* who) {
  if (!tf32_supported()) throw std::invalid_argument(std::string(who) + ": TF32 needs a GPU of compute capability 8.0 or newer");
}

void sgemm_tf32(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda, const float* B, int ldb,
                float beta, float* C, int ldc) {
  require_tf32("sgemm_tf32");
  if (M <= 0 || N <= 0) return;
  dim3 grid((N + kTileN - 1) / kTileN, (M + kTileM - 1) / kTileM);
  sgemm_tf32_kernel<<<grid, kTf32Threads, 0, current_stream()>>>(trans_a, trans_b, M, N, K < 0 ? 0 : K, A, lda, B, ldb, beta, C, ldc);
  check_launch("sgemm_tf32");
}

void sgemm(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc) {
  if (tf32_enabled()) return sgemm_tf32(trans_a, trans_b, M, N, K, A, lda, B, ldb, beta, C, ldc);
  if (M <= 0 || N <= 0) return;
  dim3 grid((N + kTileN - 1) / kTileN, (M + kTileM - 1) / kTileM);
  // K = 0 leaves acc at 0: C = beta * C, as on the CPU.
  sgemm_kernel<<<grid, kThreads, 0, current_stream()>>>(trans_a, trans_b, M, N, K < 0 ? 0 : K, A, lda, B, ldb, beta, C, ldc);
  check_launch("sgemm");
}

void linear_forward(float* out, const float* inp, const float* weight, const float* bias, int N, int C, int OC) {
  sgemm(false, false, N, OC, C, inp, C, weight, OC, 0.0f, out, OC);
  if (!bias) return;
  add_bias_kernel<<<blocks_for((size_t)N * OC, 256), 256, 0, current_stream()>>>(out, bias, N, OC);
  check_launch("linear_forward bias");
}

void linear_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                     const float* weight, int N, int C, int OC) {
  if (dinp) sgemm(false, true, N, C, OC, dout, OC, weight, OC, 0.0f, dinp, C);
  sgemm(true, false, C, OC, N, inp, C, dout, OC, 1.0f, dweight, OC);
  if (!dbias) return;
  add_column_sums_kernel<<<(OC + kColumns - 1) / kColumns, dim3(kColumns, kRowGroups), 0, current_stream()>>>(dbias, dout, N, OC);
  check_launch("linear_backward bias");
}

}  // namespace clusterlens::cuda
