// clusterlens::cpu's kernels, routed to one instruction-set path (simd_path.hpp). The path is chosen at the first
// call: CLUSTERLENS_SIMD when set, else the widest path the CPU supports. All paths give the same bits.
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "clusterlens/kernels.hpp"

namespace clusterlens::cpu {

// Each path's kernels, declared in its namespace.
namespace baseline {
#include "clusterlens/kernel_signatures.inc"
}
#ifdef CLUSTERLENS_X86_PATHS
namespace avx2 {
#include "clusterlens/kernel_signatures.inc"
}
namespace avx512 {
#include "clusterlens/kernel_signatures.inc"
}
#endif

namespace {

// Every dispatched kernel, named once: X(ns, kernel) for each. The Path table's fields and each path's entry are
// built from this list (the entry points below still spell out each signature).
#define CLUSTERLENS_KERNELS(X, ns)                                                                               \
  X(ns, sgemm) X(ns, encoder_forward) X(ns, encoder_backward) X(ns, layernorm_forward) X(ns, layernorm_backward) \
  X(ns, linear_forward) X(ns, linear_backward) X(ns, attention_forward) X(ns, attention_backward)               \
  X(ns, gelu_forward) X(ns, gelu_backward) X(ns, residual_forward) X(ns, crossentropy_forward)                  \
  X(ns, crossentropy_backward) X(ns, sum_of_squares) X(ns, adamw_update)

#define CLUSTERLENS_KERNEL_FIELD(ns, kernel) decltype(&ns::kernel) kernel;
#define CLUSTERLENS_KERNEL_POINTER(ns, kernel) , ns::kernel

struct Path {
  const char* name;
  bool (*supported)();
  // The largest MLP activation (bytes) whose GELU backward gains from the forward's kept tanh (gelu_tanh_keep_bytes).
  size_t gelu_tanh_keep_bytes;
  CLUSTERLENS_KERNELS(CLUSTERLENS_KERNEL_FIELD, baseline)
};

#define CLUSTERLENS_PATH_ENTRY(ns, check, tanh_bytes) \
  Path{#ns, check, tanh_bytes CLUSTERLENS_KERNELS(CLUSTERLENS_KERNEL_POINTER, ns)}

#ifdef CLUSTERLENS_X86_PATHS
// libgcc checks the CPU's features and that the OS saves the wider registers (XCR0).
bool has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("x86-64-v4");
}
bool has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("x86-64-v3");
}
#endif
bool always() { return true; }

// Widest first: the default is the first one this CPU supports.
// Keeping GELU's tanh (in-process A/B of whole steps): 7-8% of a step of the controls' model (3 blocks, C=32), whose
// MLP activations stay in cache, and 3-5% on AVX2 at every size measured; on AVX-512 it costs 1-3% once they
// outgrow 1 MB (the default model's 4 MB a block), where the extra array's traffic outweighs the exp and division it
// saves.
constexpr size_t kAlways = SIZE_MAX;
const Path kPaths[] = {
#ifdef CLUSTERLENS_X86_PATHS
    CLUSTERLENS_PATH_ENTRY(avx512, has_avx512, size_t{1} << 20),
    CLUSTERLENS_PATH_ENTRY(avx2, has_avx2, kAlways),
#endif
    CLUSTERLENS_PATH_ENTRY(baseline, always, kAlways),
};
constexpr int kPathCount = sizeof(kPaths) / sizeof(kPaths[0]);

const Path* find(const char* name) {
  for (const Path& p : kPaths)
    if (std::strcmp(p.name, name) == 0) return &p;
  return nullptr;
}

std::string path_names() {
  std::string names;
  for (const Path& p : kPaths) names += std::string(names.empty() ? "" : ", ") + p.name;
  return names;
}

const Path* choose() {
  const char* wanted = std::getenv("CLUSTERLENS_SIMD");
  if (wanted && *wanted) {
    const Path* p = find(wanted);
    if (!p) throw std::runtime_error(std::string("CLUSTERLENS_SIMD=") + wanted + ": unknown path; this build has " + path_names());
    if (!p->supported()) throw std::runtime_error(std::string("CLUSTERLENS_SIMD=") + wanted + ": this CPU cannot run it; unset it to use the widest path the CPU supports");
    return p;
  }
  for (const Path& p : kPaths)
    if (p.supported()) return &p;
  return &kPaths[kPathCount - 1];
}

std::atomic<const Path*> active_path{nullptr};

const Path& active() {
  const Path* p = active_path.load(std::memory_order_acquire);
  if (!p) {
    p = choose();
    active_path.store(p, std::memory_order_release);
  }
  return *p;
}

}  // namespace

const char* simd_path() { return active().name; }

size_t gelu_tanh_keep_bytes() { return active().gelu_tanh_keep_bytes; }

const char* const* supported_simd_paths(int* count) {
  static const char* names[kPathCount];
  static const int n = [] {
    int k = 0;
    for (const Path& p : kPaths)
      if (p.supported()) names[k++] = p.name;
    return k;
  }();
  *count = n;
  return names;
}

void set_simd_path(const char* name) {
  const Path* p = find(name);
  if (!p || !p->supported()) throw std::invalid_argument(std::string("set_simd_path: ") + name + " is not a path this build and CPU can run (" + path_names() + ")");
  active_path.store(p, std::memory_order_release);
}

void sgemm(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc, int threads) {
  active().sgemm(trans_a, trans_b, M, N, K, A, lda, B, ldb, beta, C, ldc, threads);
}
void encoder_forward(float* out, const int* tokens, const float* wte, const float* wpe, int B, int T, int C, int threads) {
  active().encoder_forward(out, tokens, wte, wpe, B, T, C, threads);
}
void encoder_backward(float* dwte, float* dwpe, const float* dout, const int* tokens, int B, int T, int C, int V, int threads) {
  active().encoder_backward(dwte, dwpe, dout, tokens, B, T, C, V, threads);
}
void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight, const float* bias,
                       int N, int C, float eps, int threads) {
  active().layernorm_forward(out, mean, rstd, inp, weight, bias, N, C, eps, threads);
}
void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp, const float* weight,
                        const float* mean, const float* rstd, int N, int C, int threads) {
  active().layernorm_backward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, N, C, threads);
}
void linear_forward(float* out, const float* inp, const float* weight, const float* bias, int N, int C, int OC, int threads) {
  active().linear_forward(out, inp, weight, bias, N, C, OC, threads);
}
void linear_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp, const float* weight,
                     int N, int C, int OC, int threads) {
  active().linear_backward(dinp, dweight, dbias, dout, inp, weight, N, C, OC, threads);
}
void attention_forward(float* out, float* lse, const float* qkv, int B, int T, int C, int NH, int threads) {
  active().attention_forward(out, lse, qkv, B, T, C, NH, threads);
}
void attention_backward(float* dqkv, const float* dout, const float* qkv, const float* out, const float* lse, int B, int T,
                        int C, int NH, int threads) {
  active().attention_backward(dqkv, dout, qkv, out, lse, B, T, C, NH, threads);
}
void gelu_forward(float* out, float* tanh_out, const float* inp, size_t n, int threads) {
  active().gelu_forward(out, tanh_out, inp, n, threads);
}
void gelu_backward(float* dinp, const float* inp, const float* tanh_in, const float* dout, size_t n, int threads) {
  active().gelu_backward(dinp, inp, tanh_in, dout, n, threads);
}
void residual_forward(float* out, const float* a, const float* b, size_t n, int threads) {
  active().residual_forward(out, a, b, n, threads);
}
double crossentropy_forward(float* logprobs, double* weight_sum, const float* logits, const int* targets,
                            const float* weights, int N, int V, int threads) {
  return active().crossentropy_forward(logprobs, weight_sum, logits, targets, weights, N, V, threads);
}
void crossentropy_backward(float* dlogits, const float* logits, const int* targets, const float* weights, float scale,
                           int N, int V, int threads) {
  active().crossentropy_backward(dlogits, logits, targets, weights, scale, N, V, threads);
}
double sum_of_squares(const float* x, size_t n, int threads) { return active().sum_of_squares(x, n, threads); }
void adamw_update(float* params, const float* grads, float* m, float* v, size_t n, float lr, float beta1, float beta2,
                  float eps, float weight_decay, float grad_scale, int t, int threads) {
  active().adamw_update(params, grads, m, v, n, lr, beta1, beta2, eps, weight_decay, grad_scale, t, threads);
}

}  // namespace clusterlens::cpu
