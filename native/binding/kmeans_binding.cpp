#include "kmeans_binding.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "args.hpp"
#include "clusterlens/cuda.hpp"
#include "clusterlens/kmeans.hpp"
#ifdef CLUSTERLENS_WITH_CUDA
#include "clusterlens/cuda_kmeans.hpp"
#endif
#include "task_worker.hpp"

namespace clusterlens::binding {

namespace {

constexpr double MAX_SAFE_INTEGER = 9007199254740991.0;

// describe(), with integers printed as integers ("7", not "7.000000").
std::string show(const Napi::Value& v) {
  if (v.IsNumber()) {
    double x = v.As<Napi::Number>().DoubleValue();
    if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 1e18) return std::to_string((long long)x);
    if (std::isfinite(x)) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", x);
      return buf;
    }
  }
  return describe(v);
}

// options[key] as an integer in [lo, hi]; fallback when absent (required when fallback is null).
int int_option(const Napi::Object& options, const char* key, double lo, double hi, const std::string& range,
               const int* fallback = nullptr) {
  Napi::Value v = options.Get(key);
  const std::string name = std::string("options.") + key;
  if (v.IsUndefined() && fallback) return *fallback;
  double x = expect_number(v, name);
  if (x != std::floor(x) || x < lo || x > hi) {
    fail(v.Env(), name + ": expected an integer " + range + ", got " + show(v));
  }
  return (int)x;
}

uint64_t seed_option(const Napi::Object& options) {
  Napi::Value v = options.Get("seed");
  double x = expect_number(v, "options.seed");
  if (x != std::floor(x) || x < 0 || x > MAX_SAFE_INTEGER) {
    fail(v.Env(), "options.seed: expected an integer in [0, 2^53 - 1], got " + show(v));
  }
  return (uint64_t)x;
}

Napi::Object options_arg(const Napi::CallbackInfo& info, size_t index) {
  if (info.Length() <= index) fail(info.Env(), "options: expected an object, got undefined");
  return expect_object(info[index], "options");
}

// data (n*dim floats), all finite.
std::shared_ptr<std::vector<float>> data_arg(const Napi::Value& v, int n, int dim) {
  auto data = std::make_shared<std::vector<float>>(copy_typed_array<float>(v, "data", (long long)n * dim));
  check_all_finite(v.Env(), *data, "data");
  return data;
}

constexpr double INT_MAX_D = 2147483647.0;

// options.device: 'cpu' (default) or 'cuda' (the Lloyd iterations on the GPU, cuda_kmeans.hpp); true for 'cuda'.
bool device_option(const Napi::Object& options, bool with_init) {
  Napi::Value v = options.Get("device");
  if (v.IsUndefined() || (v.IsString() && v.As<Napi::String>().Utf8Value() == "cpu")) return false;
  Napi::Env env = options.Env();
  if (!v.IsString() || v.As<Napi::String>().Utf8Value() != "cuda") {
    fail(env, "options.device: expected 'cpu' or 'cuda', got " + show(v));
  }
#ifndef CLUSTERLENS_WITH_CUDA
  fail(env, "options.device 'cuda': this build of the engine has no CUDA kernels (nvcc was not found when it was built)");
#endif
  if (cuda_device_count() == 0) fail(env, "options.device 'cuda': this process sees no CUDA device");
  if (with_init) fail(env, "options.init: starting centroids run on the CPU only; leave options.device out");
  return true;
}

// Runs body; an argument error it throws becomes a rejected promise, so that callers handle every
// failure of these promise-returning functions in one place.
template <typename Body>
Napi::Value rejecting(Napi::Env env, Body&& body) {
  try {
    return body();
  } catch (const Napi::Error& e) {
    auto deferred = Napi::Promise::Deferred::New(env);
    deferred.Reject(e.Value());
    return deferred.Promise();
  }
}

Napi::Value kmeans_impl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object options = options_arg(info, 1);
  const int n = int_option(options, "n", 1, INT_MAX_D, ">= 1");
  const int dim = int_option(options, "dim", 1, INT_MAX_D, ">= 1");
  cpu::KmeansOptions o;
  o.k = int_option(options, "k", 1, n, "in [1, n = " + std::to_string(n) + "]");
  const int default_n_init = 10, default_max_iter = 300, default_threads = 1;
  o.n_init = int_option(options, "nInit", 1, 1e6, "in [1, 1000000]", &default_n_init);
  o.max_iter = int_option(options, "maxIter", 1, 1e9, "in [1, 1e9]", &default_max_iter);
  o.tol = number_field(options, "tol", "options.", 1e-4);
  if (o.tol < 0) fail(env, "options.tol: expected a number >= 0, got " + show(options.Get("tol")));
  o.seed = seed_option(options);
  o.threads = int_option(options, "threads", 1, 256, "in [1, 256]", &default_threads);
  auto data = data_arg(info[0], n, dim);
  std::shared_ptr<std::vector<float>> init;
  if (!options.Get("init").IsUndefined()) {
    init = std::make_shared<std::vector<float>>(
        copy_typed_array<float>(options.Get("init"), "options.init", (long long)o.k * dim));
    check_all_finite(env, *init, "options.init");
  }

  const bool on_gpu = device_option(options, init != nullptr);

  auto result = std::make_shared<cpu::KmeansResult>();
  auto run = [=] {
#ifdef CLUSTERLENS_WITH_CUDA
    if (on_gpu) {
      *result = cuda::kmeans(data->data(), n, dim, o);
      return;
    }
#endif
    *result = init ? cpu::kmeans_from_centroids(data->data(), n, dim, init->data(), o)
                   : cpu::kmeans(data->data(), n, dim, o);
  };
  auto settle = [=](Napi::Env env) -> Napi::Value {
    auto out = Napi::Object::New(env);
    auto labels = Napi::Int32Array::New(env, result->labels.size());
    std::copy(result->labels.begin(), result->labels.end(), labels.Data());
    out.Set("labels", labels);
    out.Set("centroids", to_float32_array(env, result->centroids.data(), result->centroids.size()));
    out.Set("inertia", result->inertia);
    out.Set("iterations", result->iterations);
    return out;
  };
  return TaskWorker::queue(env, o.threads, run, settle);
}

Napi::Value silhouette_impl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object options = options_arg(info, 2);
  const int n = int_option(options, "n", 1, INT_MAX_D, ">= 1");
  const int dim = int_option(options, "dim", 1, INT_MAX_D, ">= 1");
  const int default_sample = 2000, default_threads = 1;
  const int sample_size = int_option(options, "sampleSize", 2, INT_MAX_D, ">= 2", &default_sample);
  const uint64_t seed = seed_option(options);
  const int threads = int_option(options, "threads", 1, 256, "in [1, 256]", &default_threads);
  auto data = data_arg(info[0], n, dim);
  auto labels = std::make_shared<std::vector<int32_t>>(copy_typed_array<int32_t>(info[1], "labels", n));
  for (size_t i = 0; i < labels->size(); i++) {
    if ((*labels)[i] < 0) fail(env, "labels[" + std::to_string(i) + "]: " + std::to_string((*labels)[i]) + " is negative");
  }

  auto result = std::make_shared<double>(0.0);
  auto run = [=] { *result = cpu::silhouette(data->data(), labels->data(), n, dim, sample_size, seed, threads); };
  auto settle = [=](Napi::Env env) -> Napi::Value { return Napi::Number::New(env, *result); };
  return TaskWorker::queue(env, threads, run, settle);
}

}  // namespace

Napi::Value kmeans(const Napi::CallbackInfo& info) {
  return rejecting(info.Env(), [&] { return kmeans_impl(info); });
}

Napi::Value silhouette(const Napi::CallbackInfo& info) {
  return rejecting(info.Env(), [&] { return silhouette_impl(info); });
}

void register_clustering(Napi::Env env, Napi::Object exports) {
  exports.Set("kmeans", Napi::Function::New(env, kmeans, "kmeans"));
  exports.Set("silhouette", Napi::Function::New(env, silhouette, "silhouette"));
}

}  // namespace clusterlens::binding
