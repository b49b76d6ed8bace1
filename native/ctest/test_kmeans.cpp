// k-means and silhouette against naive double-precision references: k-means++ picks the same points,
// Lloyd from the same initial centroids reaches the same labels, results are bit-identical for any
// thread count, the inertia never increases, empty clusters are moved onto far points, and the
// silhouette matches an O(n^2) computation.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <vector>

#include "check.hpp"
#include "clusterlens/kmeans.hpp"
#include "clusterlens/rng.hpp"

namespace cpu = clusterlens::cpu;
using clusterlens::Rng;

namespace {

// (n,dim) points around `centers` random centres in [-spread, spread]^dim with unit normal noise;
// truth (n) receives each point's centre.
std::vector<float> blobs(int n, int dim, int centers, double spread, uint64_t seed, std::vector<int32_t>* truth) {
  Rng rng(seed);
  std::vector<double> mu((size_t)centers * dim);
  for (auto& m : mu) m = (rng.uniform() * 2 - 1) * spread;
  std::vector<float> x((size_t)n * dim);
  if (truth) truth->resize(n);
  for (int i = 0; i < n; i++) {
    int c = i % centers;
    if (truth) (*truth)[i] = c;
    for (int d = 0; d < dim; d++) x[(size_t)i * dim + d] = (float)(mu[(size_t)c * dim + d] + rng.normal());
  }
  return x;
}

double sq_dist(const float* a, const float* b, int dim) {
  double s = 0;
  for (int d = 0; d < dim; d++) {
    double diff = (double)a[d] - (double)b[d];
    s += diff * diff;
  }
  return s;
}

// ---- naive references (double distances, plain loops, the same rules) ----

std::vector<int> reference_plusplus(const std::vector<float>& x, int n, int dim, int k, Rng& rng) {
  const int T = 2 + (int)std::floor(std::log((double)k));
  std::vector<int> chosen;
  int first = std::min(n - 1, (int)(rng.uniform() * n));
  chosen.push_back(first);
  std::vector<double> closest(n);
  double pot = 0;
  for (int i = 0; i < n; i++) pot += closest[i] = sq_dist(&x[(size_t)i * dim], &x[(size_t)first * dim], dim);
  for (int c = 1; c < k; c++) {
    std::vector<double> cum(n);
    double run = 0;
    for (int i = 0; i < n; i++) cum[i] = run += closest[i];
    int best = -1;
    double best_pot = 0;
    std::vector<double> best_closest;
    for (int t = 0; t < T; t++) {
      double r = rng.uniform() * pot;
      int id = 0;
      while (id < n - 1 && cum[id] < r) id++;
      std::vector<double> next(n);
      double p = 0;
      for (int i = 0; i < n; i++) p += next[i] = std::min(closest[i], sq_dist(&x[(size_t)i * dim], &x[(size_t)id * dim], dim));
      if (best < 0 || p < best_pot) best = id, best_pot = p, best_closest = next;
    }
    chosen.push_back(best);
    closest = best_closest;
    pot = best_pot;
  }
  return chosen;
}

struct LloydResult {
  std::vector<int32_t> labels;
  std::vector<float> centroids;
  int iterations = 0;
};

// Lloyd with double distances and the documented empty-cluster rule.
LloydResult reference_lloyd(const std::vector<float>& x, int n, int dim, int k, std::vector<float> c, int max_iter,
                            double tol) {
  auto assign = [&](const std::vector<float>& cent, std::vector<int32_t>& labels) {
    for (int i = 0; i < n; i++) {
      int best = 0;
      double bd = sq_dist(&x[(size_t)i * dim], &cent[0], dim);
      for (int j = 1; j < k; j++) {
        double d = sq_dist(&x[(size_t)i * dim], &cent[(size_t)j * dim], dim);
        if (d < bd) bd = d, best = j;
      }
      labels[i] = best;
    }
  };
  LloydResult r;
  r.labels.assign(n, 0);
  std::vector<int32_t> old(n, -1);
  bool strict = false;
  for (int it = 0; it < max_iter; it++) {
    assign(c, r.labels);
    std::vector<double> sums((size_t)k * dim, 0.0);
    std::vector<long> counts(k, 0);
    for (int i = 0; i < n; i++) {
      counts[r.labels[i]]++;
      for (int d = 0; d < dim; d++) sums[(size_t)r.labels[i] * dim + d] += x[(size_t)i * dim + d];
    }
    std::vector<double> dist(n);
    for (int i = 0; i < n; i++) dist[i] = sq_dist(&x[(size_t)i * dim], &c[(size_t)r.labels[i] * dim], dim);
    for (int e = 0; e < k; e++) {
      if (counts[e]) continue;
      int far = -1;
      for (int i = 0; i < n; i++)
        if (dist[i] >= 0 && counts[r.labels[i]] > 1 && (far < 0 || dist[i] > dist[far])) far = i;
      if (far < 0) continue;
      dist[far] = -1;
      for (int d = 0; d < dim; d++) {
        sums[(size_t)r.labels[far] * dim + d] -= x[(size_t)far * dim + d];
        sums[(size_t)e * dim + d] = x[(size_t)far * dim + d];
      }
      counts[r.labels[far]]--;
      counts[e] = 1;
    }
    std::vector<float> next(c);
    for (int j = 0; j < k; j++)
      if (counts[j])
        for (int d = 0; d < dim; d++) next[(size_t)j * dim + d] = (float)(sums[(size_t)j * dim + d] / counts[j]);
    double shift = 0;
    for (size_t i = 0; i < c.size(); i++) shift += ((double)next[i] - c[i]) * ((double)next[i] - c[i]);
    c = next;
    r.iterations = it + 1;
    if (r.labels == old) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
    old = r.labels;
  }
  if (!strict) assign(c, r.labels);
  r.centroids = c;
  return r;
}

double reference_silhouette(const std::vector<float>& x, const std::vector<int32_t>& labels, int n, int dim) {
  int L = *std::max_element(labels.begin(), labels.end()) + 1;
  std::vector<long> sizes(L, 0);
  for (int l : labels) sizes[l]++;
  double total = 0;
  for (int i = 0; i < n; i++) {
    std::vector<double> sums(L, 0.0);
    for (int j = 0; j < n; j++) sums[labels[j]] += std::sqrt(sq_dist(&x[(size_t)i * dim], &x[(size_t)j * dim], dim));
    if (sizes[labels[i]] == 1) continue;
    double a = sums[labels[i]] / (sizes[labels[i]] - 1), b = INFINITY;
    for (int c = 0; c < L; c++)
      if (c != labels[i] && sizes[c]) b = std::min(b, sums[c] / sizes[c]);
    total += (b - a) / std::max(a, b);
  }
  return total / n;
}

bool same_bits(const cpu::KmeansResult& a, const cpu::KmeansResult& b) {
  return a.labels == b.labels && a.iterations == b.iterations &&
         std::memcmp(a.centroids.data(), b.centroids.data(), a.centroids.size() * sizeof(float)) == 0 &&
         std::memcmp(&a.inertia, &b.inertia, sizeof(double)) == 0;
}

// b is a relabelling of a (one-to-one)
bool same_partition(const std::vector<int32_t>& a, const std::vector<int32_t>& b, int k) {
  std::vector<int> ab(k + 64, -1), ba(k + 64, -1);
  for (size_t i = 0; i < a.size(); i++) {
    if (ab[a[i]] == -1 && ba[b[i]] == -1) ab[a[i]] = b[i], ba[b[i]] = a[i];
    else if (ab[a[i]] != b[i] || ba[b[i]] != a[i]) return false;
  }
  return true;
}

// ---- tests ----

void test_plusplus_matches_reference() {
  const int n = 400, dim = 6;
  auto x = blobs(n, dim, 5, 6.0, 11, nullptr);
  for (int k : {1, 2, 5, 9}) {
    for (uint64_t seed : {1ull, 2ull, 3ull}) {
      cpu::KmeansWorkspace ws(n, dim, k, 1);
      cpu::row_sq_norms(ws.x_sq_norms.data(), x.data(), n, dim, 1);
      std::vector<float> c((size_t)k * dim);
      std::vector<int32_t> idx(k);
      Rng a(seed), b(seed);
      cpu::kmeans_plusplus(c.data(), idx.data(), x.data(), n, dim, k, a, ws);
      auto want = reference_plusplus(x, n, dim, k, b);
      bool same = std::equal(want.begin(), want.end(), idx.begin());
      if (!same) std::printf("  k=%d seed=%llu\n", k, (unsigned long long)seed);
      check::that(same, "k-means++ chooses the reference's points");
      for (int j = 0; j < k; j++)
        check::that(std::memcmp(&c[(size_t)j * dim], &x[(size_t)idx[j] * dim], dim * sizeof(float)) == 0,
                    "k-means++ centroids are the chosen points");
    }
  }
}

void test_lloyd_matches_reference() {
  struct Case { int n, dim, k, centers; double spread; int max_iter; double tol; };
  for (Case cs : {Case{300, 5, 4, 4, 5.0, 300, 0.0}, Case{517, 19, 7, 5, 2.0, 300, 1e-4},
                  Case{1000, 3, 12, 6, 1.0, 7, 0.0}, Case{260, 40, 3, 3, 0.3, 300, 0.0}}) {
    auto x = blobs(cs.n, cs.dim, cs.centers, cs.spread, 7 + cs.n, nullptr);
    cpu::KmeansWorkspace ws(cs.n, cs.dim, cs.k, 1);
    cpu::row_sq_norms(ws.x_sq_norms.data(), x.data(), cs.n, cs.dim, 1);
    std::vector<float> c((size_t)cs.k * cs.dim);
    Rng rng(99);
    cpu::kmeans_plusplus(c.data(), nullptr, x.data(), cs.n, cs.dim, cs.k, rng, ws);
    double tol_abs = cpu::kmeans_tolerance(x.data(), cs.n, cs.dim, cs.tol);
    auto want = reference_lloyd(x, cs.n, cs.dim, cs.k, c, cs.max_iter, tol_abs);
    std::vector<int32_t> labels(cs.n);
    int iters = cpu::kmeans_lloyd(c.data(), labels.data(), x.data(), cs.n, cs.dim, cs.k, cs.max_iter, tol_abs, ws);
    if (iters != want.iterations) std::printf("  n=%d: %d vs %d iterations\n", cs.n, iters, want.iterations);
    check::that(labels == want.labels, "Lloyd labels equal the reference's");
    check::that(iters == want.iterations, "Lloyd iteration count equals the reference's");
    check::close("Lloyd centroids", c.data(), want.centroids.data(), c.size(), 1e-5);
    double inertia = cpu::kmeans_inertia(x.data(), labels.data(), c.data(), cs.n, cs.dim, ws);
    double ref = 0;
    for (int i = 0; i < cs.n; i++) ref += sq_dist(&x[(size_t)i * cs.dim], &want.centroids[(size_t)want.labels[i] * cs.dim], cs.dim);
    check::that(std::fabs(inertia - ref) <= 1e-5 * ref, "inertia equals the reference's");
  }
}

void test_thread_count_does_not_change_bits() {
  const int n = 1337, dim = 37;  // not multiples of any tile or block size
  auto x = blobs(n, dim, 6, 1.5, 5, nullptr);
  cpu::KmeansOptions o;
  o.k = 6;
  o.n_init = 3;
  o.seed = 1234;
  o.threads = 1;
  auto base = cpu::kmeans(x.data(), n, dim, o);
  for (int t : {2, 3, 4, 7}) {
    o.threads = t;
    check::that(same_bits(base, cpu::kmeans(x.data(), n, dim, o)), "k-means is bit-identical for any thread count");
  }
  // k large enough for narrower assignment tiles
  auto y = blobs(2000, 5, 40, 3.0, 6, nullptr);
  cpu::KmeansOptions big;
  big.k = 300;
  big.n_init = 1;
  big.seed = 8;
  auto big1 = cpu::kmeans(y.data(), 2000, 5, big);
  big.threads = 3;
  check::that(same_bits(big1, cpu::kmeans(y.data(), 2000, 5, big)), "k = 300 is bit-identical for any thread count");

  o.threads = 2;
  check::that(same_bits(cpu::kmeans(x.data(), n, dim, o), cpu::kmeans(x.data(), n, dim, o)),
              "k-means is repeatable with the same seed");
  o.seed = 1235;
  auto other = cpu::kmeans(x.data(), n, dim, o);
  check::that(other.inertia > 0 && std::isfinite(other.inertia), "another seed gives a finite inertia");
}

void test_inertia_never_increases() {
  const int n = 3000, dim = 8, k = 10, max_iter = 200;
  std::vector<float> x = check::random_vector((size_t)n * dim, 3);  // no cluster structure: many iterations
  for (int threads : {1, 2}) {
    cpu::KmeansWorkspace ws(n, dim, k, threads);
    cpu::row_sq_norms(ws.x_sq_norms.data(), x.data(), n, dim, threads);
    std::vector<float> c((size_t)k * dim);
    Rng rng(5);
    cpu::kmeans_plusplus(c.data(), nullptr, x.data(), n, dim, k, rng, ws);
    std::vector<int32_t> labels(n);
    std::vector<double> trace(max_iter);
    int iters = cpu::kmeans_lloyd(c.data(), labels.data(), x.data(), n, dim, k, max_iter, 0.0, ws, trace.data());
    check::that(iters > 10, "uniform data needs more than 10 iterations");
    bool monotone = true;
    for (int i = 1; i < iters; i++) monotone &= trace[i] <= trace[i - 1] * (1 + 1e-12);
    double final_inertia = cpu::kmeans_inertia(x.data(), labels.data(), c.data(), n, dim, ws);
    monotone &= final_inertia <= trace[iters - 1] * (1 + 1e-12);
    check::that(monotone, "inertia never increases across Lloyd iterations");
  }
}

void test_empty_cluster_moves_to_farthest_point() {
  // Two tight groups and one outlier; centroid 2 starts far from everything and gets no points.
  const int dim = 2;
  std::vector<float> x = {0, 0, 0.1f, 0, 0, 0.1f, 10, 10, 10.1f, 10, 10, 10.1f, 4, -3};
  const int n = (int)x.size() / dim, k = 3;
  std::vector<float> c = {0, 0, 10, 10, 1000, 1000};
  cpu::KmeansWorkspace ws(n, dim, k, 1);
  cpu::row_sq_norms(ws.x_sq_norms.data(), x.data(), n, dim, 1);
  std::vector<int32_t> labels(n);
  int iters = cpu::kmeans_lloyd(c.data(), labels.data(), x.data(), n, dim, k, 1, 0.0, ws);
  check::that(iters == 1, "one iteration");
  // After the first assignment the outlier (4,-3) is the farthest point from its centroid (0,0).
  check::that(c[4] == 4.0f && c[5] == -3.0f, "the empty cluster's centroid is the farthest point");
  check::that(labels[6] == 2, "the relabelled outlier belongs to the relocated cluster");
  std::vector<float> want0 = {0.1f / 3, 0.1f / 3};
  check::close("the far point left its old cluster's mean", c.data(), want0.data(), 2, 1e-6);
  auto ref = reference_lloyd(x, n, dim, k, {0, 0, 10, 10, 1000, 1000}, 1, 0.0);
  check::that(ref.labels == labels, "relocation matches the reference");

  // More clusters than distinct points: no crash, every label valid, finite centroids.
  std::vector<float> dup = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3};
  cpu::KmeansOptions o;
  o.k = 5;
  o.seed = 3;
  auto r = cpu::kmeans(dup.data(), 6, 2, o);
  bool ok = std::isfinite(r.inertia) && r.inertia < 1e-9;
  for (int32_t l : r.labels) ok &= l >= 0 && l < 5;
  for (float v : r.centroids) ok &= std::isfinite(v);
  check::that(ok, "k above the number of distinct points still gives a valid clustering");
}

void test_recovers_blobs() {
  std::vector<int32_t> truth;
  const int n = 2000, dim = 16, k = 6;
  auto x = blobs(n, dim, k, 10.0, 17, &truth);
  cpu::KmeansOptions o;
  o.k = k;
  o.seed = 0;
  o.threads = 2;
  auto r = cpu::kmeans(x.data(), n, dim, o);
  check::that(same_partition(r.labels, truth, k), "k-means recovers well-separated blobs");
  check::that(r.iterations >= 1 && r.iterations <= 300, "iteration count in range");
}

void test_rejects_bad_sizes() {
  std::vector<float> x(10, 0.0f);
  cpu::KmeansOptions o;
  o.k = 6;  // n = 5
  bool threw = false;
  try {
    cpu::kmeans(x.data(), 5, 2, o);
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  check::that(threw, "k > n throws invalid_argument");
}

void test_silhouette_matches_reference() {
  const int n = 350, dim = 7;
  std::vector<int32_t> truth;
  auto x = blobs(n, dim, 4, 3.0, 23, &truth);
  truth[17] = 4;  // a cluster of one point: its silhouette is 0
  std::vector<int32_t> labels(truth);
  for (auto& l : labels) l *= 3;  // non-contiguous label values
  double want = reference_silhouette(x, truth, n, dim);
  for (int threads : {1, 2, 3}) {
    double got = cpu::silhouette(x.data(), labels.data(), n, dim, 2000, 0, threads);
    if (std::fabs(got - want) > 1e-6) std::printf("  silhouette %.12f vs %.12f\n", got, want);
    check::that(std::fabs(got - want) <= 1e-6, "silhouette equals the O(n^2) double reference");
  }
  // Offset data: centring keeps the float Gram product accurate.
  std::vector<float> shifted(x);
  for (auto& v : shifted) v += 1000.0f;
  double got = cpu::silhouette(shifted.data(), labels.data(), n, dim, n, 0, 1);
  double want_shifted = reference_silhouette(shifted, truth, n, dim);
  check::that(std::fabs(got - want_shifted) <= 1e-5, "silhouette stays accurate far from the origin");

  // Subsample: deterministic, identical across threads, different from another seed's sample.
  double s1 = cpu::silhouette(x.data(), labels.data(), n, dim, 100, 42, 1);
  double s2 = cpu::silhouette(x.data(), labels.data(), n, dim, 100, 42, 2);
  double s3 = cpu::silhouette(x.data(), labels.data(), n, dim, 100, 43, 1);
  check::that(std::memcmp(&s1, &s2, sizeof(double)) == 0, "sampled silhouette is bit-identical across threads");
  check::that(s1 != s3 && std::fabs(s1 - want) < 0.1, "another seed samples other points; both near the full value");

  bool threw = false;
  std::vector<int32_t> one(n, 2);
  try {
    cpu::silhouette(x.data(), one.data(), n, dim, 2000, 0, 1);
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  check::that(threw, "a single label throws invalid_argument");
}

}  // namespace

int main() {
  test_plusplus_matches_reference();
  test_lloyd_matches_reference();
  test_thread_count_does_not_change_bits();
  test_inertia_never_increases();
  test_empty_cluster_moves_to_farthest_point();
  test_recovers_blobs();
  test_rejects_bad_sizes();
  test_silhouette_matches_reference();
  return check::finish("test_kmeans");
}
