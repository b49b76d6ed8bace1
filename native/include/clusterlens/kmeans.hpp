// Clustering kernels over contiguous float buffers: k-means (greedy k-means++ initialisation and
// Lloyd iterations, scikit-learn's algorithm) and the mean silhouette coefficient.
// Shapes are row-major: data (n,dim), centroids (k,dim), labels (n).
//
// Determinism: every function takes a seed and a thread count; the same inputs and seed give
// bit-identical outputs for ANY thread count (distances come from sgemm, which has that property,
// and every reduction runs in a fixed order that does not depend on the threads).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "clusterlens/rng.hpp"

namespace clusterlens::cpu {

struct KmeansOptions {
  int k = 8;
  int n_init = 10;      // restarts; the one with the lowest inertia wins (the earliest on ties)
  int max_iter = 300;   // Lloyd iterations per restart
  double tol = 1e-4;    // relative: the absolute tolerance is tol * mean per-feature variance of data
  uint64_t seed = 0;
  int threads = 1;
};

struct KmeansResult {
  std::vector<int32_t> labels;  // (n), in [0, k)
  std::vector<float> centroids; // (k,dim)
  double inertia = 0;           // sum of squared distances to the assigned centroid, in double
  int iterations = 0;           // Lloyd iterations of the winning restart
};

// Full k-means: n_init restarts of k-means++ then Lloyd, keeping the best inertia.
// Restart r draws from its own stream Rng(restart_seed(seed, r)). Throws std::invalid_argument on
// bad sizes (n < 1, dim < 1, k < 1, k > n, n_init < 1, max_iter < 1, tol < 0, threads < 1).
KmeansResult kmeans(const float* data, int n, int dim, const KmeansOptions& options);

// One Lloyd run from the given initial centroids init (k,dim) instead of k-means++ (scikit-learn's
// init=array, which also runs once): options.n_init and options.seed are not used.
KmeansResult kmeans_from_centroids(const float* data, int n, int dim, const float* init,
                                   const KmeansOptions& options);

// The seed of restart r's random stream: a splitmix64 mix of (seed, r), so streams do not overlap
// in any useful sense and restart r does not depend on how many restarts run.
uint64_t restart_seed(uint64_t seed, int restart);

// Absolute tolerance used by Lloyd: tol * mean over features of the (population) variance of data.
double kmeans_tolerance(const float* data, int n, int dim, double tol);

// Reusable buffers for one (n, dim, k, threads) problem, so that no iteration allocates.
struct KmeansWorkspace {
  KmeansWorkspace(int n, int dim, int k, int threads);
  int n, dim, k, threads;
  std::vector<float> x_sq_norms;      // (n) ||x_i||^2: the caller fills it (row_sq_norms) once per data set
  int sub_tile = 0;                   // points per assignment sgemm
  std::vector<float> dist;            // per thread (k, sub_tile) or (trials, TILE) distance tiles
  std::vector<float> c_sq_norms;      // (max(k, trials)) squared norms of centroids or candidates
  std::vector<float> centroids_new;   // (k,dim)
  std::vector<double> sums;           // (k,dim) double accumulation of the centroid update
  std::vector<int64_t> counts;        // (k)
  size_t chunk_points = 0;            // points per update chunk (a multiple of the assignment tile)
  size_t update_chunks = 0;           // ceil(n / chunk_points)
  std::vector<double> partial_sums;   // (update_chunks,k,dim) per-chunk centroid sums
  std::vector<int64_t> partial_counts;// (update_chunks,k)
  std::vector<int32_t> labels_old;    // (n)
  std::vector<double> point_dist;     // (n) k-means++: squared distance to the closest centre;
                                      //     empty clusters: exact squared distance to own centroid
  std::vector<double> cumulative;     // (n) running sum of the init potentials
  std::vector<float> candidates;      // (trials,dim) k-means++ candidate points
  std::vector<double> chunk_sums;     // (ceil(n / 256), trials) partial sums, reduced in order
};

// ||x_i||^2 for each row of data (n,dim) into out (n).
void row_sq_norms(float* out, const float* data, int n, int dim, int threads);

// Greedy k-means++ (scikit-learn's _kmeans_plusplus): the first centre is a uniform random point;
// each next centre samples 2 + floor(ln k) candidates with probability proportional to the squared
// distance to the closest chosen centre and keeps the one that lowers the potential most.
// Writes centroids (k,dim) and, when not null, the chosen row indices (k). ws.x_sq_norms must hold
// row_sq_norms(data).
void kmeans_plusplus(float* centroids, int32_t* indices, const float* data, int n, int dim, int k,
                     Rng& rng, KmeansWorkspace& ws);

// Lloyd iterations from the given centroids (k,dim), updated in place, as scikit-learn's
// _kmeans_single_lloyd: each iteration assigns every point to its nearest centroid and moves each
// centroid to the mean of its points; it stops when the labels do not change or the total squared
// centroid shift is <= tol_abs, after max_iter iterations otherwise, and then reassigns labels to
// the final centroids. Empty clusters are moved onto the points farthest from their centroids (see
// kmeans.cpp). Writes labels (n); returns the number of iterations. When inertia_trace is not null,
// inertia_trace[i] (max_iter entries) receives the exact inertia of iteration i's assignment
// against the centroids it was made with (tests use it; it costs one extra pass per iteration).
int kmeans_lloyd(float* centroids, int32_t* labels, const float* data, int n, int dim, int k, int max_iter,
                 double tol_abs, KmeansWorkspace& ws, double* inertia_trace = nullptr);

// Exact inertia: sum over i of ||x_i - c_{labels_i}||^2 in double, summed in fixed chunks.
double kmeans_inertia(const float* data, const int32_t* labels, const float* centroids, int n, int dim,
                      KmeansWorkspace& ws);

// Mean silhouette coefficient (Euclidean) of labels (n) on data (n,dim), as scikit-learn's
// silhouette_score: s_i = (b_i - a_i) / max(a_i, b_i), 0 for points alone in their cluster.
// When sample_size < n the mean is over sample_size points drawn without replacement by
// Rng(seed) (labels and distances restricted to the sample, as scikit-learn does); otherwise over all.
// Labels are any non-negative integers. Throws std::invalid_argument when the (sampled) labels have
// fewer than 2 or more than s - 1 distinct values (scikit-learn raises too).
double silhouette(const float* data, const int32_t* labels, int n, int dim, int sample_size, uint64_t seed,
                  int threads);

}  // namespace clusterlens::cpu
