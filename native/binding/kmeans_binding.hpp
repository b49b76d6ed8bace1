// kmeans() and silhouette(): the clustering kernels as promise-returning functions. Argument
// checks and buffer copies only; the work runs on the libuv pool.
#pragma once
#include <napi.h>

namespace clusterlens::binding {

// kmeans(data: Float32Array, { n, dim, k, nInit?, maxIter?, tol?, seed, threads?, init? })
//   -> Promise<{ labels: Int32Array, centroids: Float32Array, inertia, iterations }>
Napi::Value kmeans(const Napi::CallbackInfo& info);

// silhouette(data: Float32Array, labels: Int32Array, { n, dim, sampleSize?, seed, threads? }) -> Promise<number>
Napi::Value silhouette(const Napi::CallbackInfo& info);

// Adds kmeans and silhouette to the module's exports.
void register_clustering(Napi::Env env, Napi::Object exports);

}  // namespace clusterlens::binding
