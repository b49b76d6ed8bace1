// Module entry: registers the engine's classes and reports what this build can do.
#include <napi.h>

#include <thread>

#include "clusterlens/kernels.hpp"
#include "clusterlens/cuda.hpp"
#include "ensemble_binding.hpp"
#include "gpt_binding.hpp"
#include "kmeans_binding.hpp"

namespace clusterlens::binding {

Napi::Object capabilities(Napi::Env env) {
  auto caps = Napi::Object::New(env);
  caps.Set("cpu", true);
#ifdef CLUSTERLENS_WITH_CUDA
  caps.Set("cudaBuilt", true);
#else
  caps.Set("cudaBuilt", false);
#endif
  caps.Set("cudaDevices", cuda_device_count());
  caps.Set("hardwareThreads", (double)std::thread::hardware_concurrency());
  caps.Set("simd", cpu::simd_path());
  int count = 0;
  const char* const* paths = cpu::supported_simd_paths(&count);
  auto list = Napi::Array::New(env, count);
  for (int i = 0; i < count; i++) list.Set(i, paths[i]);
  caps.Set("simdPaths", list);
  return caps;
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeGpt", NativeGpt::define(env));
  exports.Set("NativeEnsemble", NativeEnsemble::define(env));
  exports.Set("capabilities", capabilities(env));
  register_clustering(env, exports);
  return exports;
}

}  // namespace clusterlens::binding

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return clusterlens::binding::init(env, exports); }

NODE_API_MODULE(clusterlens, InitAddon)
