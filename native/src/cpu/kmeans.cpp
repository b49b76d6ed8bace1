// k-means: greedy k-means++ initialisation and Lloyd iterations, following scikit-learn's KMeans
// (algorithm="lloyd"): the same initialisation, convergence tests, final relabelling and choice of
// the best restart. Randomness comes from clusterlens::Rng, so the draws differ from NumPy's.
//
// The hot step is the assignment: for a tile of points X_t (m,dim),
//   D (k,m) = C (k,dim) @ X_t^T          one sgemm per tile (k in sgemm's M: it is small, and m is
//                                         the wide dimension the micro-kernel vectorises over)
//   label_i = argmin_c ||c||^2 - 2 D(c,i) (||x_i||^2 is the same for every c, so it is left out)
// The centroid update (sums of each cluster's points, in double) is fused into the same pass, so the
// data is read once per iteration: threads take fixed runs of tiles ("update chunks"), each with its
// own partial sums, and the partials are added in chunk order.
//
// Determinism: sgemm gives the same bits for an element whatever the tile or thread; the argmin is
// per point; the chunk boundaries depend on (n, k, dim) only, each chunk sums its points in index
// order and the chunks are added in order; every other reduction sums fixed-size chunks in chunk
// order. So results are bit-identical for any thread count.
//
// Empty clusters (a centroid that no point chose): as scikit-learn, each empty cluster, in
// increasing cluster id, takes the point farthest (exact squared distance to its centroid; the
// lowest index on ties) from the points not yet taken; that point's contribution moves from its old
// cluster's sum to the empty cluster, whose centroid becomes the point. Unlike scikit-learn, a
// point that is the only member of its cluster is never taken (that would empty another cluster);
// when no point qualifies (k close to the number of distinct points) the centroid stays where it was.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "clusterlens/kernels.hpp"
#include "clusterlens/kmeans.hpp"
#include "parallel.hpp"

namespace clusterlens::cpu {
namespace {

constexpr int TILE = 256;   // points per assignment tile and per reduction chunk
// Per-chunk partial centroid sums may take at most this many doubles (32 MB); below it, chunks of at
// least 4 tiles, at most 64 of them, so that threads have work to share.
constexpr size_t PARTIAL_BUDGET = (size_t)1 << 22;
constexpr size_t MAX_UPDATE_CHUNKS = 64;

inline int local_trials(int k) { return 2 + (int)std::floor(portable_log((double)k)); }

inline size_t n_chunks(int n) { return ((size_t)n + TILE - 1) / TILE; }

// This thread's distance tile: room for (k, sub_tile) or (trials, TILE) floats.
inline float* thread_tile(KmeansWorkspace& ws) {
  const size_t stride = ws.dist.size() / ws.threads;
  return ws.dist.data() + (size_t)omp_get_thread_num() * stride;
}

// labels (n) = nearest centroid of each point. With accumulate, also the sums (k,dim) and counts (k)
// of the points of each cluster (the centroid update), fused into the same pass over the data while
// each tile is still in cache: every update chunk (a fixed run of tiles, one thread) sums its points
// in index order into its own partial buffer, and the partials are added in chunk order.
void assign_labels(int32_t* labels, const float* data, const float* centroids, int n, int dim, int k,
                   KmeansWorkspace& ws, bool accumulate) {
  float* c_sq = ws.c_sq_norms.data();
  row_sq_norms(c_sq, centroids, k, dim, 1);
  const size_t kd = (size_t)k * dim;
  parallel_chunks((size_t)n, ws.chunk_points, ws.threads, [&](size_t chunk_begin, size_t chunk_end) {
    const size_t chunk = chunk_begin / ws.chunk_points;
    double* partial = ws.partial_sums.data() + chunk * kd;
    int64_t* counts = ws.partial_counts.data() + chunk * k;
    if (accumulate) {
      std::fill(partial, partial + kd, 0.0);
      std::fill(counts, counts + k, 0);
    }
    float* D = thread_tile(ws);  // (k, m)
    for (size_t begin = chunk_begin; begin < chunk_end; begin += ws.sub_tile) {
      const int m = (int)std::min((size_t)ws.sub_tile, chunk_end - begin);
      const float* x = data + begin * dim;
      sgemm(false, true, k, m, dim, centroids, dim, x, dim, 0.0f, D, m, 1);
      float best[TILE];
      int32_t* arg = labels + begin;
      for (int i = 0; i < m; i++) best[i] = c_sq[0] - 2.0f * D[i], arg[i] = 0;
      for (int c = 1; c < k; c++) {
        const float* row = D + (size_t)c * m;
        const float cs = c_sq[c];
        for (int i = 0; i < m; i++) {
          float d = cs - 2.0f * row[i];
          if (d < best[i]) best[i] = d, arg[i] = c;  // strict: the lowest index wins ties
        }
      }
      if (!accumulate) continue;
      for (int i = 0; i < m; i++) {
        double* s = partial + (size_t)arg[i] * dim;
        const float* xi = x + (size_t)i * dim;
        for (int d = 0; d < dim; d++) s[d] += (double)xi[d];
        counts[arg[i]]++;
      }
    }
  });
  if (!accumulate) return;
  double* sums = ws.sums.data();
  int64_t* counts = ws.counts.data();
  std::copy(ws.partial_sums.begin(), ws.partial_sums.begin() + kd, sums);
  std::copy(ws.partial_counts.begin(), ws.partial_counts.begin() + k, counts);
  for (size_t chunk = 1; chunk < ws.update_chunks; chunk++) {
    const double* p = ws.partial_sums.data() + chunk * kd;
    for (size_t j = 0; j < kd; j++) sums[j] += p[j];
    const int64_t* pc = ws.partial_counts.data() + chunk * k;
    for (int c = 0; c < k; c++) counts[c] += pc[c];
  }
}

// Exact squared distance of every point to its assigned centroid, into ws.point_dist (n).
void point_distances(const float* data, const int32_t* labels, const float* centroids, int n, int dim,
                     KmeansWorkspace& ws) {
  double* out = ws.point_dist.data();
  parallel_chunks((size_t)n, TILE, ws.threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; i++) {
      const float* x = data + i * dim;
      const float* c = centroids + (size_t)labels[i] * dim;
      double s = 0;
      for (int d = 0; d < dim; d++) {
        double diff = (double)x[d] - (double)c[d];
        s += diff * diff;
      }
      out[i] = s;
    }
  });
}

// Moves empty clusters onto far points (see the header comment); sums and counts are the
// accumulated (not yet averaged) update, centroids_old the centroids the labels were made with.
void relocate_empty_clusters(double* sums, int64_t* counts, const float* data, const int32_t* labels,
                             const float* centroids_old, int n, int dim, int k, KmeansWorkspace& ws) {
  point_distances(data, labels, centroids_old, n, dim, ws);
  double* dist = ws.point_dist.data();
  for (int e = 0; e < k; e++) {
    if (counts[e] != 0) continue;
    long far = -1;
    double far_dist = -1;
    for (int i = 0; i < n; i++) {
      if (dist[i] > far_dist && counts[labels[i]] > 1) far = i, far_dist = dist[i];
    }
    if (far < 0) continue;  // no point can move without emptying its cluster
    dist[far] = -2;         // taken
    const float* x = data + (size_t)far * dim;
    double* from = sums + (size_t)labels[far] * dim;
    double* to = sums + (size_t)e * dim;
    for (int d = 0; d < dim; d++) from[d] -= (double)x[d], to[d] = (double)x[d];
    counts[labels[far]]--;
    counts[e] = 1;
  }
}

// centroids_new (k,dim) = mean of each cluster's points, from the sums and counts accumulated by
// assign_labels; empty clusters as documented above.
void update_centroids(float* centroids_new, const float* centroids_old, const int32_t* labels, const float* data,
                      int n, int dim, int k, KmeansWorkspace& ws) {
  int64_t* counts = ws.counts.data();
  double* sums = ws.sums.data();
  bool any_empty = false;
  for (int c = 0; c < k; c++) any_empty |= counts[c] == 0;
  if (any_empty) relocate_empty_clusters(sums, counts, data, labels, centroids_old, n, dim, k, ws);
  for (int c = 0; c < k; c++) {
    float* out = centroids_new + (size_t)c * dim;
    if (counts[c] == 0) {  // nothing could be moved here: keep the old centroid
      std::memcpy(out, centroids_old + (size_t)c * dim, (size_t)dim * sizeof(float));
      continue;
    }
    const double* s = sums + (size_t)c * dim;
    const double inv = 1.0 / (double)counts[c];
    for (int d = 0; d < dim; d++) out[d] = (float)(s[d] * inv);
  }
}

// Sum over clusters of ||a_c - b_c||^2, in double.
double total_shift(const float* a, const float* b, int k, int dim) {
  double s = 0;
  for (size_t i = 0; i < (size_t)k * dim; i++) {
    double diff = (double)a[i] - (double)b[i];
    s += diff * diff;
  }
  return s;
}

// scikit-learn's _is_same_clustering: b is a relabelling of a.
bool same_clustering(const int32_t* a, const int32_t* b, int n, int k, std::vector<int32_t>& mapping) {
  std::fill(mapping.begin(), mapping.begin() + k, -1);
  for (int i = 0; i < n; i++) {
    if (mapping[a[i]] == -1) mapping[a[i]] = b[i];
    else if (mapping[a[i]] != b[i]) return false;
  }
  return true;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

}  // namespace

KmeansWorkspace::KmeansWorkspace(int n_, int dim_, int k_, int threads_)
    : n(n_), dim(dim_), k(k_), threads(std::max(1, threads_)) {
  const int rows = std::max(k, local_trials(k));
  // Assignment tiles hold (k, sub_tile) distances: narrower than TILE when k is large, so that a
  // thread's buffer stays near 256 KB. sub_tile divides TILE; sgemm's bits do not depend on it.
  sub_tile = TILE;
  while (sub_tile > 16 && (size_t)k * sub_tile > ((size_t)1 << 16)) sub_tile /= 2;
  x_sq_norms.resize(n);
  dist.resize((size_t)threads * std::max((size_t)k * sub_tile, (size_t)local_trials(k) * TILE));
  c_sq_norms.resize(std::max(k, rows));
  centroids_new.resize((size_t)k * dim);
  sums.resize((size_t)k * dim);
  counts.resize(k);
  labels_old.resize(n);
  point_dist.resize(n);
  cumulative.resize(n);
  candidates.resize((size_t)local_trials(k) * dim);
  chunk_sums.resize(n_chunks(n) * local_trials(k));
  // The update chunks depend on (n, k, dim) only, never on the thread count.
  const size_t kd = (size_t)k * dim, tiles = n_chunks(n);
  const size_t max_chunks = std::max<size_t>(1, std::min(MAX_UPDATE_CHUNKS, PARTIAL_BUDGET / kd));
  const size_t tiles_per_chunk = std::max<size_t>(4, (tiles + max_chunks - 1) / max_chunks);
  chunk_points = tiles_per_chunk * TILE;
  update_chunks = ((size_t)n + chunk_points - 1) / chunk_points;
  partial_sums.resize(update_chunks * kd);
  partial_counts.resize(update_chunks * k);
}

void row_sq_norms(float* out, const float* data, int n, int dim, int threads) {
  parallel_chunks((size_t)n, TILE, threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; i++) {
      const float* x = data + i * dim;
      float s = 0;
      for (int d = 0; d < dim; d++) s += x[d] * x[d];
      out[i] = s;
    }
  });
}

uint64_t restart_seed(uint64_t seed, int restart) {
  Rng mix(seed ^ (0xD1B54A32D192ED03ull * (uint64_t)(restart + 1)));
  return mix.next_u64();
}

double kmeans_tolerance(const float* data, int n, int dim, double tol) {
  if (tol == 0) return 0;
  // Two row-major passes (means, then squared deviations), in double.
  std::vector<double> mean(dim, 0.0), ss(dim, 0.0);
  for (int i = 0; i < n; i++)
    for (int d = 0; d < dim; d++) mean[d] += data[(size_t)i * dim + d];
  for (int d = 0; d < dim; d++) mean[d] /= n;
  for (int i = 0; i < n; i++)
    for (int d = 0; d < dim; d++) {
      double diff = data[(size_t)i * dim + d] - mean[d];
      ss[d] += diff * diff;
    }
  double var_sum = 0;
  for (int d = 0; d < dim; d++) var_sum += ss[d] / n;
  return var_sum / dim * tol;
}

// Potential of each candidate t (T of them, rows of cand (T,dim)): sum over points of
// min(closest_i, ||x_i - cand_t||^2), into pot (T). With update_closest (T must be 1), closest
// becomes that minimum. Squared distances are ||x||^2 + ||c||^2 - 2 x.c in float, clamped at 0.
static void candidate_potentials(double* pot, const float* cand, int T, const float* data, int n, int dim,
                                 bool update_closest, KmeansWorkspace& ws) {
  float* c_sq = ws.c_sq_norms.data();
  row_sq_norms(c_sq, cand, T, dim, 1);
  const float* x_sq = ws.x_sq_norms.data();
  double* closest = ws.point_dist.data();
  double* partial = ws.chunk_sums.data();  // (chunks, T)
  parallel_chunks((size_t)n, TILE, ws.threads, [&](size_t begin, size_t end) {
    const int m = (int)(end - begin);
    float* D = thread_tile(ws);  // (T, m)
    sgemm(false, true, T, m, dim, cand, dim, data + begin * dim, dim, 0.0f, D, m, 1);
    double* p = partial + (begin / TILE) * T;
    for (int t = 0; t < T; t++) {
      const float* row = D + (size_t)t * m;
      double s = 0;
      for (int i = 0; i < m; i++) {
        float d2 = std::max(0.0f, x_sq[begin + i] + c_sq[t] - 2.0f * row[i]);
        double d = std::min(closest[begin + i], (double)d2);
        s += d;
        if (update_closest) closest[begin + i] = d;
      }
      p[t] = s;
    }
  });
  for (int t = 0; t < T; t++) pot[t] = 0;
  for (size_t c = 0; c < n_chunks(n); c++)
    for (int t = 0; t < T; t++) pot[t] += partial[c * T + t];
}

void kmeans_plusplus(float* centroids, int32_t* indices, const float* data, int n, int dim, int k, Rng& rng,
                     KmeansWorkspace& ws) {
  const int T = local_trials(k);
  double* closest = ws.point_dist.data();
  double* cumulative = ws.cumulative.data();
  float* cand = ws.candidates.data();
  double pot[64];  // T = 2 + floor(ln k) <= 23 for any int k

  int first = std::min(n - 1, (int)(rng.uniform() * n));
  std::memcpy(centroids, data + (size_t)first * dim, (size_t)dim * sizeof(float));
  if (indices) indices[0] = first;
  std::fill(closest, closest + n, INFINITY);
  double current;
  candidate_potentials(&current, centroids, 1, data, n, dim, true, ws);

  int32_t ids[64];
  for (int c = 1; c < k; c++) {
    double run = 0;
    for (int i = 0; i < n; i++) cumulative[i] = run += closest[i];
    for (int t = 0; t < T; t++) {
      double r = rng.uniform() * current;
      // first i with cumulative[i] >= r (numpy.searchsorted, side='left'), clipped to n - 1
      int id = (int)(std::lower_bound(cumulative, cumulative + n, r) - cumulative);
      ids[t] = std::min(id, n - 1);
      std::memcpy(cand + (size_t)t * dim, data + (size_t)ids[t] * dim, (size_t)dim * sizeof(float));
    }
    candidate_potentials(pot, cand, T, data, n, dim, false, ws);
    int best = 0;
    for (int t = 1; t < T; t++)
      if (pot[t] < pot[best]) best = t;
    float* centre = centroids + (size_t)c * dim;
    std::memcpy(centre, cand + (size_t)best * dim, (size_t)dim * sizeof(float));
    if (indices) indices[c] = ids[best];
    candidate_potentials(&current, centre, 1, data, n, dim, true, ws);
  }
}

double kmeans_inertia(const float* data, const int32_t* labels, const float* centroids, int n, int dim,
                      KmeansWorkspace& ws) {
  double* partial = ws.chunk_sums.data();
  parallel_chunks((size_t)n, TILE, ws.threads, [&](size_t begin, size_t end) {
    double s = 0;
    for (size_t i = begin; i < end; i++) {
      const float* x = data + i * dim;
      const float* c = centroids + (size_t)labels[i] * dim;
      for (int d = 0; d < dim; d++) {
        double diff = (double)x[d] - (double)c[d];
        s += diff * diff;
      }
    }
    partial[begin / TILE] = s;
  });
  double total = 0;
  for (size_t c = 0; c < n_chunks(n); c++) total += partial[c];
  return total;
}

int kmeans_lloyd(float* centroids, int32_t* labels, const float* data, int n, int dim, int k, int max_iter,
                 double tol_abs, KmeansWorkspace& ws, double* inertia_trace) {
  float* cur = centroids;
  float* next = ws.centroids_new.data();
  int32_t* labels_old = ws.labels_old.data();
  std::fill(labels_old, labels_old + n, -1);
  bool strict = false;
  int iterations = 0;
  for (int it = 0; it < max_iter; it++) {
    assign_labels(labels, data, cur, n, dim, k, ws, true);
    if (inertia_trace) inertia_trace[it] = kmeans_inertia(data, labels, cur, n, dim, ws);
    update_centroids(next, cur, labels, data, n, dim, k, ws);
    std::swap(cur, next);
    iterations = it + 1;
    if (std::equal(labels, labels + n, labels_old)) {
      strict = true;  // the new centroids are the means of these labels: nothing can change
      break;
    }
    if (total_shift(cur, next, k, dim) <= tol_abs) break;
    std::memcpy(labels_old, labels, (size_t)n * sizeof(int32_t));
  }
  // Labels must match the returned centroids.
  if (!strict) assign_labels(labels, data, cur, n, dim, k, ws, false);
  if (cur != centroids) std::memcpy(centroids, cur, (size_t)k * dim * sizeof(float));
  return iterations;
}

static void validate(int n, int dim, const KmeansOptions& o) {
  require(n >= 1, "n: must be at least 1, got " + std::to_string(n));
  require(dim >= 1, "dim: must be at least 1, got " + std::to_string(dim));
  require(o.k >= 1 && o.k <= n, "k: must be in [1, n = " + std::to_string(n) + "], got " + std::to_string(o.k));
  require(o.n_init >= 1, "nInit: must be at least 1, got " + std::to_string(o.n_init));
  require(o.max_iter >= 1, "maxIter: must be at least 1, got " + std::to_string(o.max_iter));
  require(o.tol >= 0 && std::isfinite(o.tol), "tol: must be a finite number >= 0");
  require(o.threads >= 1, "threads: must be at least 1, got " + std::to_string(o.threads));
}

KmeansResult kmeans_from_centroids(const float* data, int n, int dim, const float* init, const KmeansOptions& o) {
  validate(n, dim, o);
  KmeansWorkspace ws(n, dim, o.k, o.threads);
  KmeansResult r;
  r.labels.resize(n);
  r.centroids.assign(init, init + (size_t)o.k * dim);
  r.iterations = kmeans_lloyd(r.centroids.data(), r.labels.data(), data, n, dim, o.k, o.max_iter,
                              kmeans_tolerance(data, n, dim, o.tol), ws);
  r.inertia = kmeans_inertia(data, r.labels.data(), r.centroids.data(), n, dim, ws);
  return r;
}

KmeansResult kmeans(const float* data, int n, int dim, const KmeansOptions& o) {
  validate(n, dim, o);
  const int k = o.k;

  KmeansWorkspace ws(n, dim, k, o.threads);
  row_sq_norms(ws.x_sq_norms.data(), data, n, dim, ws.threads);
  const double tol_abs = kmeans_tolerance(data, n, dim, o.tol);

  KmeansResult best;
  best.labels.resize(n);
  best.centroids.resize((size_t)k * dim);
  std::vector<int32_t> labels(n), mapping(k);
  std::vector<float> centroids((size_t)k * dim);
  bool have_best = false;
  for (int r = 0; r < o.n_init; r++) {
    Rng rng(restart_seed(o.seed, r));
    kmeans_plusplus(centroids.data(), nullptr, data, n, dim, k, rng, ws);
    int iterations = kmeans_lloyd(centroids.data(), labels.data(), data, n, dim, k, o.max_iter, tol_abs, ws);
    double inertia = kmeans_inertia(data, labels.data(), centroids.data(), n, dim, ws);
    // As scikit-learn: a lower inertia wins unless it is the same partition (rounding noise).
    if (!have_best ||
        (inertia < best.inertia && !same_clustering(labels.data(), best.labels.data(), n, k, mapping))) {
      have_best = true;
      best.inertia = inertia;
      best.iterations = iterations;
      best.labels.swap(labels);
      best.centroids.swap(centroids);
    }
  }
  return best;
}

}  // namespace clusterlens::cpu
