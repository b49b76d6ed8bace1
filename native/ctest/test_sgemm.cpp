// sgemm against a naive double-precision triple loop: all transpose combinations, beta 0 and 1,
// odd sizes, padded strides, K = 0, and bit-identical results across thread counts.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "check.hpp"
#include "clusterlens/kernels.hpp"

using clusterlens::cpu::sgemm;

namespace {

// C (M,N) = op(A) @ op(B) + beta * C, summed in double.
void sgemm_reference(bool ta, bool tb, int M, int N, int K, const float* A, int lda, const float* B,
                     int ldb, float beta, float* C, int ldc) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      double s = 0;
      for (int k = 0; k < K; k++) {
        double a = ta ? A[(size_t)k * lda + i] : A[(size_t)i * lda + k];
        double b = tb ? B[(size_t)j * ldb + k] : B[(size_t)k * ldb + j];
        s += a * b;
      }
      float& c = C[(size_t)i * ldc + j];
      c = (float)(beta == 0.0f ? s : s + (double)beta * c);
    }
}

struct Case {
  bool ta, tb;
  int M, N, K;
  int pad;  // extra elements per row of A, B and C (stride > logical width)
};

// Storage for one case: A, B and C with their row strides. Padding lanes hold NaN so that a
// kernel reading past the logical width poisons the result.
struct Operands {
  int lda, ldb, ldc;
  std::vector<float> A, B, C0;
};

Operands make_operands(const Case& c, unsigned seed) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Operands o;
  int a_rows = c.ta ? c.K : c.M, a_cols = c.ta ? c.M : c.K;
  int b_rows = c.tb ? c.N : c.K, b_cols = c.tb ? c.K : c.N;
  o.lda = a_cols + c.pad;
  o.ldb = b_cols + c.pad;
  o.ldc = c.N + c.pad;
  auto fill = [&](int rows, int cols, int ld, unsigned s) {
    std::vector<float> v((size_t)std::max(rows, 1) * ld, nan);
    std::vector<float> r = check::random_vector((size_t)rows * cols, s);
    for (int i = 0; i < rows; i++)
      for (int j = 0; j < cols; j++) v[(size_t)i * ld + j] = r[(size_t)i * cols + j];
    return v;
  };
  o.A = fill(a_rows, a_cols, o.lda, seed);
  o.B = fill(b_rows, b_cols, o.ldb, seed + 1);
  o.C0 = fill(c.M, c.N, o.ldc, seed + 2);
  return o;
}

// Copies the logical (M,N) part of a strided C into a dense vector for comparison.
std::vector<float> dense(const std::vector<float>& C, int M, int N, int ldc) {
  std::vector<float> d((size_t)M * N);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) d[(size_t)i * N + j] = C[(size_t)i * ldc + j];
  return d;
}

// True when the padding lanes of C still hold their NaN: sgemm must not write past N.
bool padding_untouched(const std::vector<float>& C, int M, int N, int ldc) {
  for (int i = 0; i < M; i++)
    for (int j = N; j < ldc; j++)
      if (!std::isnan(C[(size_t)i * ldc + j])) return false;
  return true;
}

void check_case(const Case& c, float beta, int threads, unsigned seed) {
  Operands o = make_operands(c, seed);
  std::vector<float> want = o.C0, got = o.C0;
  if (beta == 0.0f)  // beta 0 must overwrite: C's previous contents (NaN here) are never read
    for (int i = 0; i < c.M; i++)
      for (int j = 0; j < c.N; j++) got[(size_t)i * o.ldc + j] = std::numeric_limits<float>::quiet_NaN();
  sgemm_reference(c.ta, c.tb, c.M, c.N, c.K, o.A.data(), o.lda, o.B.data(), o.ldb, beta, want.data(), o.ldc);
  sgemm(c.ta, c.tb, c.M, c.N, c.K, o.A.data(), o.lda, o.B.data(), o.ldb, beta, got.data(), o.ldc, threads);

  char what[160];
  std::snprintf(what, sizeof what, "sgemm ta=%d tb=%d M=%d N=%d K=%d pad=%d beta=%g threads=%d", c.ta, c.tb,
                c.M, c.N, c.K, c.pad, beta, threads);
  std::vector<float> g = dense(got, c.M, c.N, o.ldc), w = dense(want, c.M, c.N, o.ldc);
  // 1e-5 up to K = 256; beyond that float rounding grows with the length of the sum (a plain
  // sequential float loop already reaches ~1e-5 at K = 520 on these inputs), so scale with K.
  double tol = 1e-5 * std::max(1.0, c.K / 256.0);
  check::close(what, g.data(), w.data(), g.size(), tol);
  if (c.pad > 0) check::that(padding_untouched(got, c.M, c.N, o.ldc), what);
}

// The same product on 1, 2, 3 and 4 threads must give identical bits (beta 0 and 1).
void check_thread_invariance(const Case& c, unsigned seed) {
  Operands o = make_operands(c, seed);
  for (float beta : {0.0f, 1.0f}) {
    std::vector<float> first;
    for (int threads = 1; threads <= 4; threads++) {
      std::vector<float> got = o.C0;
      sgemm(c.ta, c.tb, c.M, c.N, c.K, o.A.data(), o.lda, o.B.data(), o.ldb, beta, got.data(), o.ldc, threads);
      std::vector<float> d = dense(got, c.M, c.N, o.ldc);
      if (threads == 1) {
        first = d;
        continue;
      }
      char what[160];
      std::snprintf(what, sizeof what, "sgemm bit-identical ta=%d tb=%d M=%d N=%d K=%d beta=%g threads=1 vs %d",
                    c.ta, c.tb, c.M, c.N, c.K, beta, threads);
      check::that(std::memcmp(d.data(), first.data(), d.size() * sizeof(float)) == 0, what);
    }
  }
}

}  // namespace

int main() {
  const int sizes[][3] = {
      {1, 1, 1},     {1, 17, 9},    {19, 1, 9},     {7, 13, 5},    {8, 32, 16},   {9, 33, 17},
      {37, 67, 129}, {130, 33, 300}, {64, 64, 256}, {65, 70, 257}, {200, 530, 40}, {3, 600, 520},
  };
  unsigned seed = 1;
  for (auto& s : sizes)
    for (int ta = 0; ta < 2; ta++)
      for (int tb = 0; tb < 2; tb++)
        for (int pad : {0, 5})
          for (float beta : {0.0f, 1.0f})
            for (int threads : {1, 2}) check_case({ta != 0, tb != 0, s[0], s[1], s[2], pad}, beta, threads, seed++);

  // K = 0: C = beta * C (beta 0 clears NaN, beta 1 leaves C alone)
  for (int ta = 0; ta < 2; ta++)
    for (float beta : {0.0f, 1.0f}) check_case({ta != 0, ta == 0, 9, 35, 0, 3}, beta, 2, seed++);

  // Any other beta scales C first (not used by the engine, but part of the contract).
  check_case({false, true, 21, 40, 19, 2}, -2.0f, 2, seed++);

  // Thread invariance on shapes with several K blocks and uneven tile splits, plus a GPT-2-like one.
  const Case inv[] = {
      {false, false, 130, 97, 700, 0},  {true, false, 77, 300, 1030, 2}, {false, true, 259, 45, 513, 1},
      {true, true, 41, 131, 300, 0},    {false, false, 1024, 384, 128, 0}, {true, false, 128, 384, 2048, 0},
  };
  for (const Case& c : inv) check_thread_invariance(c, seed++);

  return check::finish("sgemm");
}
