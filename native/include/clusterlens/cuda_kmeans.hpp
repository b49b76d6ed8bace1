// k-means with the Lloyd iterations on a CUDA device, for large probes: the CPU path's algorithm (cpu::kmeans) with
// its k-means++ initialisation (on the CPU, the same random streams), its convergence rule and its choice of the
// best restart, but each iteration's distances as one matrix product on the device (points (n,dim) x centroids^T),
// the arg-min per point and the centroid sums on the device. Sums run in another order than on the CPU, so
// centroids and inertia agree to float rounding; on well-separated data the labels are the CPU path's. An empty
// cluster keeps its centroid (the CPU path moves it onto the farthest point). Built only where nvcc exists.
#pragma once
#include "clusterlens/kmeans.hpp"

namespace clusterlens::cuda {

// As cpu::kmeans (the same options and validation; options.threads is the CPU initialisation's thread count).
cpu::KmeansResult kmeans(const float* data, int n, int dim, const cpu::KmeansOptions& options);

}  // namespace clusterlens::cuda
