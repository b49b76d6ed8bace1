// k-means on the device (cuda_kmeans.hpp): k-means++ on the CPU, Lloyd iterations on the GPU.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "clusterlens/cuda.hpp"
#include "clusterlens/cuda_kernels.hpp"
#include "clusterlens/cuda_kmeans.hpp"
#include "launch.cuh"

namespace clusterlens::cuda {

namespace {

constexpr unsigned kThreads = 256;

__global__ void squared_norms_kernel(float* out, const float* rows, int count, int dim) {
  const int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= count) return;
  float s = 0.0f;
  for (int d = 0; d < dim; d++) s += rows[(size_t)r * dim + d] * rows[(size_t)r * dim + d];
  out[r] = s;
}

// labels[i] = argmin_c ||c||^2 - 2 x_i.c (the lowest c on ties, as the CPU path); *changed = 1 if any label moved
__global__ void assign_kernel(int* labels, int* changed, const float* dots, const float* c_sq, int n, int k) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const float* row = dots + (size_t)i * k;
  int best = 0;
  float best_d = c_sq[0] - 2.0f * row[0];
  for (int c = 1; c < k; c++) {
    const float d = c_sq[c] - 2.0f * row[c];
    if (d < best_d) best = c, best_d = d;
  }
  if (labels[i] != best) *changed = 1;
  labels[i] = best;
}

// sums (k,dim) and counts (k) of each cluster's points, in double (atomic additions, in no fixed order)
__global__ void accumulate_kernel(double* sums, unsigned long long* counts, const float* data, const int* labels, int n,
                                  int dim) {
  const size_t idx = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (idx >= (size_t)n * dim) return;
  const size_t i = idx / dim, d = idx % dim;
  const int c = labels[i];
  atomicAdd(sums + (size_t)c * dim + d, (double)data[idx]);
  if (d == 0) atomicAdd(counts + c, 1ull);
}

// centroids (k,dim) = sums / counts; an empty cluster keeps its centroid
__global__ void means_kernel(float* centroids, const double* sums, const unsigned long long* counts, int k, int dim) {
  const size_t idx = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (idx >= (size_t)k * dim) return;
  const unsigned long long count = counts[idx / dim];
  if (count > 0) centroids[idx] = (float)(sums[idx] / (double)count);
}

// The device's share of one k-means problem: the data, once, and every iteration's buffers.
struct Lloyd {
  int n, dim, k;
  DeviceArray<float> data, centroids, dots, c_sq;
  DeviceArray<int> labels, changed;
  DeviceArray<double> sums;
  DeviceArray<unsigned long long> counts;

  Lloyd(const float* host_data, int n_, int dim_, int k_)
      : n(n_), dim(dim_), k(k_), data((size_t)n_ * dim_), centroids((size_t)k_ * dim_), dots((size_t)n_ * k_),
        c_sq(k_), labels(n_), changed(1), sums((size_t)k_ * dim_), counts(k_) {
    data.upload(host_data, (size_t)n * dim);
  }

  // Assigns every point to its nearest centroid; returns whether a label moved.
  bool assign() {
    squared_norms_kernel<<<blocks_for(k, kThreads), kThreads, 0, current_stream()>>>(c_sq.get(), centroids.get(), k, dim);
    check_launch("kmeans centroid norms");
    sgemm(false, true, n, k, dim, data.get(), dim, centroids.get(), dim, 0.0f, dots.get(), k);
    changed.zero(1);
    assign_kernel<<<blocks_for(n, kThreads), kThreads, 0, current_stream()>>>(labels.get(), changed.get(), dots.get(),
                                                                               c_sq.get(), n, k);
    check_launch("kmeans assign");
    int moved = 0;
    changed.download(&moved, 1);
    return moved != 0;
  }

  // Moves each centroid to the mean of its points.
  void update() {
    sums.zero((size_t)k * dim);
    counts.zero(k);
    accumulate_kernel<<<blocks_for((size_t)n * dim, kThreads), kThreads, 0, current_stream()>>>(
        sums.get(), counts.get(), data.get(), labels.get(), n, dim);
    check_launch("kmeans sums");
    means_kernel<<<blocks_for((size_t)k * dim, kThreads), kThreads, 0, current_stream()>>>(centroids.get(), sums.get(),
                                                                                           counts.get(), k, dim);
    check_launch("kmeans means");
  }

  // cpu::kmeans_lloyd's iterations from `init` (k,dim): stops when no label moves or the total squared centroid
  // shift is <= tol_abs; writes the final centroids and labels; returns the iterations.
  int run(float* host_centroids, int* host_labels, int max_iter, double tol_abs) {
    centroids.upload(host_centroids, (size_t)k * dim);
    check(cudaMemsetAsync(labels.get(), 0xff, (size_t)n * sizeof(int), current_stream()), "cudaMemset");  // -1
    std::vector<float> before((size_t)k * dim);
    bool strict = false;
    int iterations = 0;
    for (int it = 0; it < max_iter; it++) {
      const bool moved = assign();
      centroids.download(before.data(), before.size());
      update();
      centroids.download(host_centroids, before.size());
      iterations = it + 1;
      if (!moved && it > 0) {
        strict = true;  // the new centroids are the means of unchanged labels
        break;
      }
      double shift = 0.0;
      for (size_t i = 0; i < before.size(); i++) shift += ((double)host_centroids[i] - before[i]) * ((double)host_centroids[i] - before[i]);
      if (shift <= tol_abs) break;
    }
    if (!strict) assign();
    labels.download(host_labels, n);
    return iterations;
  }
};

// Exact inertia in double on the host: sum over points of the squared distance to their centroid.
double inertia(const float* data, const int* labels, const float* centroids, int n, int dim) {
  double total = 0.0;
  for (int i = 0; i < n; i++) {
    const float* x = data + (size_t)i * dim;
    const float* c = centroids + (size_t)labels[i] * dim;
    for (int d = 0; d < dim; d++) total += ((double)x[d] - c[d]) * ((double)x[d] - c[d]);
  }
  return total;
}

// Whether two labelings are the same partition up to renaming the clusters (as the CPU path's restart choice).
bool same_partition(const std::vector<int32_t>& a, const std::vector<int32_t>& b, int k) {
  std::vector<int32_t> mapping(k, -1);
  for (size_t i = 0; i < a.size(); i++) {
    if (mapping[a[i]] < 0) mapping[a[i]] = b[i];
    else if (mapping[a[i]] != b[i]) return false;
  }
  return true;
}

}  // namespace

cpu::KmeansResult kmeans(const float* data, int n, int dim, const cpu::KmeansOptions& o) {
  if (cuda_device_count() == 0) throw std::runtime_error("cuda::kmeans: no CUDA device");
  if (n < 1 || dim < 1 || o.k < 1 || o.k > n || o.n_init < 1 || o.max_iter < 1 || !(o.tol >= 0) || o.threads < 1) {
    throw std::invalid_argument("cuda::kmeans: n " + std::to_string(n) + ", dim " + std::to_string(dim) + ", k " +
                                std::to_string(o.k) + ", nInit, maxIter, tol or threads out of range (see cpu::kmeans)");
  }
  cpu::KmeansWorkspace ws(n, dim, o.k, o.threads);
  cpu::row_sq_norms(ws.x_sq_norms.data(), data, n, dim, o.threads);
  const double tol_abs = cpu::kmeans_tolerance(data, n, dim, o.tol);
  Lloyd lloyd(data, n, dim, o.k);
  cpu::KmeansResult best;
  std::vector<float> centroids((size_t)o.k * dim);
  std::vector<int32_t> labels(n);
  for (int r = 0; r < o.n_init; r++) {
    Rng rng(cpu::restart_seed(o.seed, r));
    cpu::kmeans_plusplus(centroids.data(), nullptr, data, n, dim, o.k, rng, ws);
    const int iterations = lloyd.run(centroids.data(), labels.data(), o.max_iter, tol_abs);
    const double value = inertia(data, labels.data(), centroids.data(), n, dim);
    // As the CPU path: a lower inertia wins unless it is the same partition (rounding noise); the earliest on ties.
    if (r == 0 || (value < best.inertia && !same_partition(labels, best.labels, o.k))) {
      best.labels = labels;
      best.centroids = centroids;
      best.inertia = value;
      best.iterations = iterations;
    }
  }
  return best;
}

}  // namespace clusterlens::cuda
