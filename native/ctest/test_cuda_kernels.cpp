// Every CUDA kernel (src/cuda) against the CPU kernel of the same contract (cpu::, the dispatched path), on the same
// inputs: a ragged shape (no dimension a multiple of a tile, a warp or a head of 32) and the default model's layer.
// Tolerance: relative error norm ||gpu - cpu|| / ||cpu|| at most 1e-5 (sums in other orders, CUDA's exp and tanh).
// Exits 77, which ctest reports as skipped, where no CUDA device is present.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "check.hpp"
#include "cuda_check.hpp"
#include <cuda_runtime.h>

#include "clusterlens/cuda_kernels.hpp"
#include "clusterlens/kernels.hpp"

namespace cpu = clusterlens::cpu;
namespace gpu = clusterlens::cuda;
using std::vector;

namespace {

constexpr double kTolerance = 1e-5;

void cuda_ok(cudaError_t error, const char* what) {
  if (error != cudaSuccess) {
    std::printf("FAIL %s: %s\n", what, cudaGetErrorString(error));
    std::exit(1);
  }
}

// A device copy of a host vector, freed at scope exit.
template <typename T>
struct Device {
  T* ptr = nullptr;
  size_t n = 0;
  explicit Device(const vector<T>& host) : n(host.size()) {
    cuda_ok(cudaMalloc(&ptr, n * sizeof(T) + 1), "cudaMalloc");
    cuda_ok(cudaMemcpy(ptr, host.data(), n * sizeof(T), cudaMemcpyHostToDevice), "cudaMemcpy to device");
  }
  ~Device() { cudaFree(ptr); }
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;
  vector<T> host() const {
    vector<T> out(n);
    cuda_ok(cudaDeviceSynchronize(), "kernel");
    cuda_ok(cudaMemcpy(out.data(), ptr, n * sizeof(T), cudaMemcpyDeviceToHost), "cudaMemcpy to host");
    return out;
  }
};

void compare(const std::string& what, const vector<float>& got, const vector<float>& want) {
  check::within(what, check::relative_error_norm(got.data(), want.data(), want.size()), kTolerance);
}

void compare_value(const std::string& what, double got, double want) {
  compare(what, vector<float>{(float)got}, vector<float>{(float)want});
}

vector<float> random(size_t n, unsigned seed, float scale = 1.0f) {
  vector<float> v = check::random_vector(n, seed);
  for (float& x : v) x *= scale;
  return v;
}

struct Shape {
  const char* name;
  int B, T, C, NH, V;
};

void test_sgemm() {
  const int M = 37, N = 53, K = 300;
  for (int ta = 0; ta < 2; ta++)
    for (int tb = 0; tb < 2; tb++)
      for (float beta : {0.0f, 1.0f}) {
        vector<float> A = random((size_t)M * K, 1), B = random((size_t)K * N, 2), C = random((size_t)M * N, 3);
        const int lda = ta ? M : K, ldb = tb ? K : N;
        Device<float> dA(A), dB(B), dC(C);
        gpu::sgemm(ta, tb, M, N, K, dA.ptr, lda, dB.ptr, ldb, beta, dC.ptr, N);
        cpu::sgemm(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, beta, C.data(), N, 1);
        compare("sgemm ta=" + std::to_string(ta) + " tb=" + std::to_string(tb) + " beta=" + std::to_string((int)beta),
                dC.host(), C);
      }
}

// TF32's products: near the CPU's (A and B rounded to 10 mantissa bits), but not within fp32's rounding, which says
// the tensor cores did them.
void test_sgemm_tf32() {
  if (!gpu::tf32_supported()) {
    std::printf("sgemm_tf32: not tested (no TF32 on this GPU)\n");
    return;
  }
  const int M = 70, N = 45, K = 300;
  for (int ta = 0; ta < 2; ta++)
    for (int tb = 0; tb < 2; tb++) {
      vector<float> A = random((size_t)M * K, 11), B = random((size_t)K * N, 12), C = random((size_t)M * N, 13);
      const int lda = ta ? M : K, ldb = tb ? K : N;
      Device<float> dA(A), dB(B), dC(C);
      gpu::sgemm_tf32(ta, tb, M, N, K, dA.ptr, lda, dB.ptr, ldb, 1.0f, dC.ptr, N);
      cpu::sgemm(ta, tb, M, N, K, A.data(), lda, B.data(), ldb, 1.0f, C.data(), N, 1);
      const double error = check::relative_error_norm(dC.host().data(), C.data(), C.size());
      const std::string what = "sgemm_tf32 ta=" + std::to_string(ta) + " tb=" + std::to_string(tb);
      check::within(what, error, 3e-3);
      check::that(error > 1e-5, (what + ": the error of TF32's rounding, not fp32's").c_str());
    }
}

void test_layer_kernels(const Shape& s) {
  const std::string at = std::string(" (") + s.name + ")";
  const int N = s.B * s.T, C = s.C, OC = 3 * s.C;
  vector<int> tokens(N);
  for (int i = 0; i < N; i++) tokens[i] = (i * 7 + 3) % s.V;
  Device<int> dtokens(tokens);

  {  // embeddings
    vector<float> wte = random((size_t)s.V * C, 4), wpe = random((size_t)s.T * C, 5), out((size_t)N * C);
    Device<float> dwte(wte), dwpe(wpe), dout(out);
    gpu::encoder_forward(dout.ptr, dtokens.ptr, dwte.ptr, dwpe.ptr, s.B, s.T, C);
    cpu::encoder_forward(out.data(), tokens.data(), wte.data(), wpe.data(), s.B, s.T, C, 1);
    compare("encoder_forward" + at, dout.host(), out);
    vector<float> grad = random((size_t)N * C, 6);
    Device<float> dgrad(grad);
    gpu::encoder_backward(dwte.ptr, dwpe.ptr, dgrad.ptr, dtokens.ptr, s.B, s.T, C);
    cpu::encoder_backward(wte.data(), wpe.data(), grad.data(), tokens.data(), s.B, s.T, C, s.V, 1);
    compare("encoder_backward dwte" + at, dwte.host(), wte);
    compare("encoder_backward dwpe" + at, dwpe.host(), wpe);
  }
  {  // layer norm
    vector<float> inp = random((size_t)N * C, 7, 2.0f), w = random(C, 8), b = random(C, 9);
    vector<float> out((size_t)N * C), mean(N), rstd(N);
    Device<float> dinp(inp), dw(w), db(b), dout(out), dmean(mean), drstd(rstd);
    gpu::layernorm_forward(dout.ptr, dmean.ptr, drstd.ptr, dinp.ptr, dw.ptr, db.ptr, N, C, 1e-5f);
    cpu::layernorm_forward(out.data(), mean.data(), rstd.data(), inp.data(), w.data(), b.data(), N, C, 1e-5f, 1);
    compare("layernorm_forward out" + at, dout.host(), out);
    compare("layernorm_forward mean" + at, dmean.host(), mean);
    compare("layernorm_forward rstd" + at, drstd.host(), rstd);
    vector<float> grad = random((size_t)N * C, 10), dinp_acc = random((size_t)N * C, 11);
    vector<float> dweight = random(C, 12), dbias = random(C, 13);
    Device<float> dgrad(grad), ddinp(dinp_acc), ddw(dweight), ddb(dbias);
    gpu::layernorm_backward(ddinp.ptr, ddw.ptr, ddb.ptr, dgrad.ptr, dinp.ptr, dw.ptr, dmean.ptr, drstd.ptr, N, C);
    cpu::layernorm_backward(dinp_acc.data(), dweight.data(), dbias.data(), grad.data(), inp.data(), w.data(),
                            mean.data(), rstd.data(), N, C, 1);
    compare("layernorm_backward dinp" + at, ddinp.host(), dinp_acc);
    compare("layernorm_backward dweight" + at, ddw.host(), dweight);
    compare("layernorm_backward dbias" + at, ddb.host(), dbias);
  }
  {  // linear (the attention's qkv projection)
    vector<float> inp = random((size_t)N * C, 14), w = random((size_t)C * OC, 15, 0.1f), b = random(OC, 16);
    vector<float> out((size_t)N * OC);
    Device<float> dinp(inp), dw(w), db(b), dout(out);
    gpu::linear_forward(dout.ptr, dinp.ptr, dw.ptr, db.ptr, N, C, OC);
    cpu::linear_forward(out.data(), inp.data(), w.data(), b.data(), N, C, OC, 1);
    compare("linear_forward" + at, dout.host(), out);
    vector<float> grad = random((size_t)N * OC, 17), dx((size_t)N * C), dweight = random((size_t)C * OC, 18),
                  dbias = random(OC, 19);
    Device<float> dgrad(grad), ddx(dx), ddw(dweight), ddb(dbias);
    gpu::linear_backward(ddx.ptr, ddw.ptr, ddb.ptr, dgrad.ptr, dinp.ptr, dw.ptr, N, C, OC);
    cpu::linear_backward(dx.data(), dweight.data(), dbias.data(), grad.data(), inp.data(), w.data(), N, C, OC, 1);
    compare("linear_backward dinp" + at, ddx.host(), dx);
    compare("linear_backward dweight" + at, ddw.host(), dweight);
    compare("linear_backward dbias" + at, ddb.host(), dbias);
  }
  {  // attention
    vector<float> qkv = random((size_t)N * 3 * C, 20, 2.0f), out((size_t)N * C), lse((size_t)s.B * s.NH * s.T);
    Device<float> dqkv(qkv), dout(out), dlse(lse);
    gpu::attention_forward(dout.ptr, dlse.ptr, dqkv.ptr, s.B, s.T, C, s.NH);
    cpu::attention_forward(out.data(), lse.data(), qkv.data(), s.B, s.T, C, s.NH, 1);
    compare("attention_forward out" + at, dout.host(), out);
    compare("attention_forward lse" + at, dlse.host(), lse);
    vector<float> grad = random((size_t)N * C, 21), dqkv_want((size_t)N * 3 * C);
    Device<float> dgrad(grad), ddqkv(dqkv_want);
    gpu::attention_backward(ddqkv.ptr, dgrad.ptr, dqkv.ptr, dout.ptr, dlse.ptr, s.B, s.T, C, s.NH);
    cpu::attention_backward(dqkv_want.data(), grad.data(), qkv.data(), out.data(), lse.data(), s.B, s.T, C, s.NH, 1);
    compare("attention_backward" + at, ddqkv.host(), dqkv_want);
  }
  {  // GELU and the residual sum, over the MLP's 4C channels
    const size_t n = (size_t)N * 4 * C;
    vector<float> inp = random(n, 22, 4.0f), out(n), other = random(n, 23);
    Device<float> dinp(inp), dout(out), dother(other);
    vector<float> tanh(n);
    Device<float> dtanh(tanh);
    gpu::gelu_forward(dout.ptr, dtanh.ptr, dinp.ptr, n);
    cpu::gelu_forward(out.data(), tanh.data(), inp.data(), n, 1);
    compare("gelu_forward" + at, dout.host(), out);
    compare("gelu_forward tanh" + at, dtanh.host(), tanh);
    vector<float> grad = random(n, 24), dx(n);
    Device<float> dgrad(grad), ddx(dx);
    gpu::gelu_backward(ddx.ptr, dinp.ptr, nullptr, dgrad.ptr, n);
    cpu::gelu_backward(dx.data(), inp.data(), nullptr, grad.data(), n, 1);
    compare("gelu_backward" + at, ddx.host(), dx);
    gpu::gelu_backward(ddx.ptr, dinp.ptr, dtanh.ptr, dgrad.ptr, n);
    compare("gelu_backward from the kept tanh" + at, ddx.host(), dx);
    gpu::residual_forward(dout.ptr, dinp.ptr, dother.ptr, n);
    cpu::residual_forward(out.data(), inp.data(), other.data(), n, 1);
    compare("residual_forward" + at, dout.host(), out);
  }
  {  // cross-entropy, with dropped rows (target -1, weight 0) and weights
    vector<float> logits = random((size_t)N * s.V, 25, 3.0f), weights(N), logprobs(N);
    vector<int> targets(N);
    for (int i = 0; i < N; i++) {
      targets[i] = i % 11 == 5 ? -1 : (i * 5 + 1) % s.V;
      weights[i] = i % 13 == 7 ? 0.0f : 0.5f + (float)(i % 3);
    }
    Device<float> dlogits(logits), dweights(weights), dlogprobs(logprobs);
    Device<int> dtargets(targets);
    for (const float* w : {(const float*)nullptr, (const float*)dweights.ptr}) {
      const std::string which = w ? " weighted" : "";
      double gpu_weight = 0, cpu_weight = 0;
      const double gpu_loss = gpu::crossentropy_forward(dlogprobs.ptr, &gpu_weight, dlogits.ptr, dtargets.ptr, w, N, s.V);
      const double cpu_loss = cpu::crossentropy_forward(logprobs.data(), &cpu_weight, logits.data(), targets.data(),
                                                        w ? weights.data() : nullptr, N, s.V, 1);
      compare("crossentropy_forward logprobs" + which + at, dlogprobs.host(), logprobs);
      compare_value("crossentropy_forward loss" + which + at, gpu_loss, cpu_loss);
      compare_value("crossentropy_forward weight sum" + which + at, gpu_weight, cpu_weight);
      vector<float> dl((size_t)N * s.V);
      Device<float> ddl(dl);
      gpu::crossentropy_backward(ddl.ptr, dlogits.ptr, dtargets.ptr, w, 0.25f, N, s.V);
      cpu::crossentropy_backward(dl.data(), logits.data(), targets.data(), w ? weights.data() : nullptr, 0.25f, N, s.V, 1);
      compare("crossentropy_backward" + which + at, ddl.host(), dl);
    }
  }
}

void test_optimizer() {
  const size_t n = 100003;  // not a multiple of any block
  vector<float> grads = random(n, 26), params = random(n, 27), m = random(n, 28, 0.1f), v = random(n, 29, 0.01f);
  for (float& x : v) x = std::fabs(x);
  Device<float> dgrads(grads), dparams(params), dm(m), dv(v);
  compare_value("sum_of_squares", gpu::sum_of_squares(dgrads.ptr, n), cpu::sum_of_squares(grads.data(), n, 1));
  for (int t : {1, 7}) {
    gpu::adamw_update(dparams.ptr, dgrads.ptr, dm.ptr, dv.ptr, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 0.5f, t);
    cpu::adamw_update(params.data(), grads.data(), m.data(), v.data(), n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 0.5f, t, 1);
  }
  compare("adamw_update params", dparams.host(), params);
  compare("adamw_update m", dm.host(), m);
  compare("adamw_update v", dv.host(), v);
}

}  // namespace

int main() {
  check::require_cuda_device("test_cuda_kernels");
  test_sgemm();
  test_sgemm_tf32();
  test_layer_kernels({"ragged B=3 T=19 C=48 NH=4 V=37", 3, 19, 48, 4, 37});
  test_layer_kernels({"default layer B=4 T=32 C=128 NH=4 V=58", 4, 32, 128, 4, 58});
  test_optimizer();
  return check::finish("test_cuda_kernels");
}
