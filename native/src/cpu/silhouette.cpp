// Mean silhouette coefficient, scikit-learn's silhouette_score with the Euclidean metric.
//
// For the s sampled points S (s,dim) with labels l:
//   a_i = sum_{j in S, l_j = l_i} d(i,j) / (|l_i| - 1)      mean distance within i's cluster
//   b_i = min_{c != l_i} sum_{j in S, l_j = c} d(i,j) / |c|  mean distance to the nearest other cluster
//   s_i = (b_i - a_i) / max(a_i, b_i), and 0 where that is 0/0 (a cluster of one point, duplicates)
// The result is the mean of s_i. Cost O(s^2 dim): the Gram matrix comes from sgemm, one block of
// RB rows at a time, d(i,j) = sqrt(max(0, ||x_i||^2 + ||x_j||^2 - 2 x_i.x_j)).
//
// Accuracy: the sample is centred on its mean before the Gram product, so the float cancellation in
// ||x_i||^2 + ||x_j||^2 - 2 x_i.x_j is relative to the spread of the data, not its offset.
// Determinism: each row's cluster sums run over j in order in double; the mean sums rows in order.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "clusterlens/kernels.hpp"
#include "clusterlens/kmeans.hpp"
#include "parallel.hpp"

namespace clusterlens::cpu {
namespace {

constexpr int RB = 16;  // rows of the distance matrix per block

// The rows to use: all of [0, n) when sample_size >= n, else sample_size distinct rows chosen by
// a partial Fisher-Yates shuffle with Rng(seed), in increasing order.
std::vector<int> sample_rows(int n, int sample_size, uint64_t seed) {
  std::vector<int> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  if (sample_size >= n) return rows;
  Rng rng(seed);
  for (int i = 0; i < sample_size; i++) {
    int j = i + std::min(n - i - 1, (int)(rng.uniform() * (n - i)));
    std::swap(rows[i], rows[j]);
  }
  rows.resize(sample_size);
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

double silhouette(const float* data, const int32_t* labels, int n, int dim, int sample_size, uint64_t seed,
                  int threads) {
  if (n < 1 || dim < 1) throw std::invalid_argument("n, dim: must be at least 1");
  if (sample_size < 1) throw std::invalid_argument("sampleSize: must be at least 1");
  if (threads < 1) throw std::invalid_argument("threads: must be at least 1");
  const std::vector<int> rows = sample_rows(n, sample_size, seed);
  const int s = (int)rows.size();

  // Dense cluster ids 0..L-1 in increasing label order, and cluster sizes within the sample.
  std::vector<int32_t> ids(s);
  for (int i = 0; i < s; i++) {
    if (labels[rows[i]] < 0) throw std::invalid_argument("labels[" + std::to_string(rows[i]) + "]: is negative");
    ids[i] = labels[rows[i]];
  }
  std::vector<int32_t> distinct(ids);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  const int L = (int)distinct.size();
  if (L < 2 || L > s - 1) {
    throw std::invalid_argument("labels: the silhouette needs 2 to " + std::to_string(s - 1) +
                                " distinct labels among the " + std::to_string(s) + " points used, got " +
                                std::to_string(L));
  }
  for (auto& id : ids) id = (int32_t)(std::lower_bound(distinct.begin(), distinct.end(), id) - distinct.begin());
  std::vector<int64_t> sizes(L, 0);
  for (int32_t id : ids) sizes[id]++;

  // X (s,dim): the sampled rows minus their mean.
  std::vector<double> mean(dim, 0.0);
  for (int r : rows)
    for (int d = 0; d < dim; d++) mean[d] += data[(size_t)r * dim + d];
  for (auto& m : mean) m /= s;
  std::vector<float> X((size_t)s * dim);
  for (int i = 0; i < s; i++)
    for (int d = 0; d < dim; d++) X[(size_t)i * dim + d] = (float)(data[(size_t)rows[i] * dim + d] - mean[d]);
  std::vector<double> sq(s);
  for (int i = 0; i < s; i++) {
    double acc = 0;
    for (int d = 0; d < dim; d++) acc += (double)X[(size_t)i * dim + d] * X[(size_t)i * dim + d];
    sq[i] = acc;
  }

  std::vector<float> gram((size_t)threads * RB * s);  // per thread (RB, s)
  std::vector<double> cluster_sums((size_t)threads * L);
  std::vector<double> sil(s);
  parallel_chunks((size_t)s, RB, threads, [&](size_t begin, size_t end) {
    const int t = omp_get_thread_num();
    float* G = gram.data() + (size_t)t * RB * s;
    double* sums = cluster_sums.data() + (size_t)t * L;
    const int m = (int)(end - begin);
    sgemm(false, true, m, s, dim, X.data() + begin * dim, dim, X.data(), dim, 0.0f, G, s, 1);
    for (int r = 0; r < m; r++) {
      const size_t i = begin + r;
      std::fill(sums, sums + L, 0.0);
      const float* g = G + (size_t)r * s;
      for (int j = 0; j < s; j++) {
        double d2 = sq[i] + sq[j] - 2.0 * (double)g[j];
        sums[ids[j]] += (size_t)j == i ? 0.0 : std::sqrt(std::max(0.0, d2));
      }
      const int own = ids[i];
      if (sizes[own] == 1) {  // alone in its cluster: 0 by definition
        sil[i] = 0;
        continue;
      }
      double a = sums[own] / (double)(sizes[own] - 1);
      double b = INFINITY;
      for (int c = 0; c < L; c++)
        if (c != own) b = std::min(b, sums[c] / (double)sizes[c]);
      double denom = std::max(a, b);
      sil[i] = denom > 0 ? (b - a) / denom : 0.0;
    }
  });
  double total = 0;
  for (double v : sil) total += v;
  return total / s;
}

}  // namespace clusterlens::cpu
