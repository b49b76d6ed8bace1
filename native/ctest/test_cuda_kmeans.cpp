// cuda::kmeans against cpu::kmeans on well-separated data (8 Gaussian blobs in 16 dimensions, 5000 points, unit
// spread, centres 20 apart on average): the same labels, and centroids and inertia within a relative error of 1e-5,
// for several seeds and restarts. Exits 77 (ctest: skipped) without a CUDA device.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "check.hpp"
#include "cuda_check.hpp"
#include "clusterlens/cuda_kmeans.hpp"
#include "clusterlens/kmeans.hpp"
#include "clusterlens/rng.hpp"

using namespace clusterlens;

namespace {

constexpr double kTolerance = 1e-5;

// n points around k centres drawn uniformly in [-20, 20]^dim, with a standard normal spread.
std::vector<float> blobs(int n, int dim, int k, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> centres((size_t)k * dim), data((size_t)n * dim);
  for (float& c : centres) c = (float)(40.0 * rng.uniform() - 20.0);
  for (int i = 0; i < n; i++)
    for (int d = 0; d < dim; d++) data[(size_t)i * dim + d] = centres[(size_t)(i % k) * dim + d] + (float)rng.normal();
  return data;
}

}  // namespace

int main() {
  check::require_cuda_device("test_cuda_kmeans");
  const int n = 5000, dim = 16, k = 8;
  const std::vector<float> data = blobs(n, dim, k, 3);
  for (uint64_t seed : {0u, 1u, 2u}) {
    cpu::KmeansOptions options;
    options.k = k;
    options.n_init = 3;
    options.seed = seed;
    const cpu::KmeansResult want = cpu::kmeans(data.data(), n, dim, options);
    const cpu::KmeansResult got = cuda::kmeans(data.data(), n, dim, options);
    const std::string at = " (seed " + std::to_string(seed) + ")";
    check::that(got.labels == want.labels, ("labels identical" + at).c_str());
    check::within("centroids" + at, check::relative_error_norm(got.centroids.data(), want.centroids.data(), want.centroids.size()), kTolerance);
    check::within("inertia" + at, std::fabs(got.inertia - want.inertia) / want.inertia, kTolerance);
  }
  return check::finish("test_cuda_kmeans");
}
