// Every non-GEMM kernel against a naive double-precision reference, and thread-count invariance.
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "../src/cpu/fastmath.hpp"
#include "check.hpp"
#include "clusterlens/kernels.hpp"

using namespace clusterlens::cpu;
using std::vector;

namespace {

vector<float> zeros(size_t n) { return vector<float>(n, 0.0f); }

bool same_bits(const vector<float>& a, const vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

void test_fast_math() {
  double worst_exp = 0, worst_tanh = 0;
  // Compared with the exact function of the float input (rounding x itself is not the kernel's error).
  for (double x = -87.0; x <= 88.0; x += 0.0137) {
    double xf = (float)x;
    worst_exp = std::fmax(worst_exp, std::fabs(fast_exp((float)xf) - std::exp(xf)) / std::exp(xf));
  }
  for (double x = -20.0; x <= 20.0; x += 0.001) {
    double xf = (float)x;
    worst_tanh = std::fmax(worst_tanh, std::fabs(fast_tanh((float)xf) - std::tanh(xf)));
  }
  check::that(worst_exp < 2e-7, "fast_exp relative error below 2e-7");
  check::that(worst_tanh < 3e-7, "fast_tanh absolute error below 3e-7");
  check::that(fast_exp(-1000.0f) >= 0.0f && fast_exp(-1000.0f) < 1e-37f, "fast_exp underflows to ~0");
  check::that(std::isfinite(fast_exp(1000.0f)), "fast_exp saturates finitely");
  check::that(fast_tanh(50.0f) == 1.0f && fast_tanh(-50.0f) == -1.0f, "fast_tanh limits are exactly +-1");
}

// Naive attention in double: explicit (T,T) scores per head, full softmax.
void naive_attention(vector<double>& out, vector<double>& dqkv, const vector<float>& qkv, const vector<float>& dout,
                     int B, int T, int C, int NH) {
  const int hs = C / NH;
  const double scale = 1.0 / std::sqrt((double)hs);
  out.assign((size_t)B * T * C, 0.0);
  dqkv.assign((size_t)B * T * 3 * C, 0.0);
  auto at = [&](int b, int t, int part, int h, int i) { return (size_t)(b * T + t) * 3 * C + part * C + h * hs + i; };
  for (int b = 0; b < B; b++)
    for (int h = 0; h < NH; h++)
      for (int t = 0; t < T; t++) {
        vector<double> p(t + 1);
        double m = -1e300, z = 0;
        for (int s = 0; s <= t; s++) {
          double dot = 0;
          for (int i = 0; i < hs; i++) dot += (double)qkv[at(b, t, 0, h, i)] * qkv[at(b, s, 1, h, i)];
          p[s] = dot * scale;
          m = std::fmax(m, p[s]);
        }
        for (int s = 0; s <= t; s++) z += (p[s] = std::exp(p[s] - m));
        for (int s = 0; s <= t; s++) p[s] /= z;
        const float* dy = &dout[(size_t)(b * T + t) * C + h * hs];
        for (int i = 0; i < hs; i++)
          for (int s = 0; s <= t; s++) out[(size_t)(b * T + t) * C + h * hs + i] += p[s] * qkv[at(b, s, 2, h, i)];
        // softmax backward: ds = p * (dp - sum(p * dp))
        vector<double> dp(t + 1);
        double pdp = 0;
        for (int s = 0; s <= t; s++) {
          dp[s] = 0;
          for (int i = 0; i < hs; i++) dp[s] += (double)dy[i] * qkv[at(b, s, 2, h, i)];
          pdp += p[s] * dp[s];
        }
        for (int s = 0; s <= t; s++) {
          double ds = p[s] * (dp[s] - pdp) * scale;
          for (int i = 0; i < hs; i++) {
            dqkv[at(b, t, 0, h, i)] += ds * qkv[at(b, s, 1, h, i)];
            dqkv[at(b, s, 1, h, i)] += ds * qkv[at(b, t, 0, h, i)];
            dqkv[at(b, s, 2, h, i)] += p[s] * dy[i];
          }
        }
      }
}

void test_attention_shape(int B, int T, int C, int NH) {
  auto qkv = check::random_vector((size_t)B * T * 3 * C, 1);
  auto dout = check::random_vector((size_t)B * T * C, 2);
  for (auto& x : qkv) x *= 3.0f;  // sharper softmax, exercising the running-max rescale
  vector<double> want_out, want_dqkv;
  naive_attention(want_out, want_dqkv, qkv, dout, B, T, C, NH);

  // dqkv starts as NaN: the backward pass writes every element (it does not add to them)
  auto out = zeros((size_t)B * T * C), lse = zeros((size_t)B * NH * T), dqkv = vector<float>(qkv.size(), NAN);
  attention_forward(out.data(), lse.data(), qkv.data(), B, T, C, NH, 1);
  attention_backward(dqkv.data(), dout.data(), qkv.data(), out.data(), lse.data(), B, T, C, NH, 1);
  vector<float> want_out_f(want_out.begin(), want_out.end()), want_dqkv_f(want_dqkv.begin(), want_dqkv.end());
  check::close(("attention forward, T " + std::to_string(T)).c_str(), out.data(), want_out_f.data(), out.size(), 1e-5);
  check::close(("attention backward, T " + std::to_string(T)).c_str(), dqkv.data(), want_dqkv_f.data(), dqkv.size(), 1e-5);

  auto out3 = zeros(out.size()), lse3 = zeros(lse.size()), dqkv3 = zeros(dqkv.size());
  attention_forward(out3.data(), lse3.data(), qkv.data(), B, T, C, NH, 3);
  attention_backward(dqkv3.data(), dout.data(), qkv.data(), out3.data(), lse3.data(), B, T, C, NH, 3);
  check::that(same_bits(out, out3) && same_bits(dqkv, dqkv3), "attention is bit-identical on 1 and 3 threads");
}

// Shapes: one partial tile of query rows (T < 16, heads of 8); and several tiles, whole and partial, with heads of 16
// (the register-transposed tile path) and keys spanning three blocks.
void test_attention() {
  test_attention_shape(2, 13, 24, 3);
  test_attention_shape(2, 37, 32, 2);
}

void test_layernorm() {
  const int N = 37, C = 20;
  const float eps = 1e-5f;
  auto x = check::random_vector((size_t)N * C, 3), w = check::random_vector(C, 4), b = check::random_vector(C, 5);
  auto dout = check::random_vector((size_t)N * C, 6);
  auto out = zeros(x.size()), mean = zeros(N), rstd = zeros(N);
  layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), N, C, eps, 1);
  auto dx = zeros(x.size()), dw = zeros(C), db = zeros(C);
  layernorm_backward(dx.data(), dw.data(), db.data(), dout.data(), x.data(), w.data(), mean.data(), rstd.data(), N, C, 1);

  // Reference: forward in double, gradients by the closed form of d(norm)/dx.
  vector<float> want_out(x.size()), want_dx(x.size()), want_dw(C, 0.0f), want_db(C, 0.0f);
  vector<double> dw_acc(C, 0.0), db_acc(C, 0.0);
  for (int i = 0; i < N; i++) {
    double m = 0, v = 0;
    for (int c = 0; c < C; c++) m += x[i * C + c];
    m /= C;
    for (int c = 0; c < C; c++) v += (x[i * C + c] - m) * (x[i * C + c] - m);
    v /= C;
    double s = 1.0 / std::sqrt(v + eps);
    vector<double> norm(C), g(C);
    double gsum = 0, gnorm = 0;
    for (int c = 0; c < C; c++) {
      norm[c] = (x[i * C + c] - m) * s;
      want_out[i * C + c] = (float)(norm[c] * w[c] + b[c]);
      g[c] = (double)dout[i * C + c] * w[c];
      gsum += g[c];
      gnorm += g[c] * norm[c];
      dw_acc[c] += (double)dout[i * C + c] * norm[c];
      db_acc[c] += dout[i * C + c];
    }
    for (int c = 0; c < C; c++) want_dx[i * C + c] = (float)(s * (g[c] - gsum / C - norm[c] * gnorm / C));
  }
  for (int c = 0; c < C; c++) want_dw[c] = (float)dw_acc[c], want_db[c] = (float)db_acc[c];
  check::close("layernorm forward", out.data(), want_out.data(), out.size(), 1e-5);
  check::close("layernorm dinp", dx.data(), want_dx.data(), dx.size(), 1e-5);
  check::close("layernorm dweight", dw.data(), want_dw.data(), C, 1e-5);
  check::close("layernorm dbias", db.data(), want_db.data(), C, 1e-5);
}

// linear_forward's bias, linear_backward's written dinp and accumulated dweight and dbias, against double references
// on ragged shapes (edge tiles, K over one depth block), and bit-identical on 1 and 3 threads.
void test_linear() {
  const int N = 37, C = 300, OC = 83;  // 83 channels: a whole chunk of the bias gradient and a partial one
  auto inp = check::random_vector((size_t)N * C, 7), w = check::random_vector((size_t)C * OC, 8);
  auto bias = check::random_vector(OC, 9), dout = check::random_vector((size_t)N * OC, 10);
  vector<float> want_out((size_t)N * OC), want_dinp((size_t)N * C), want_dw((size_t)C * OC), want_db(OC);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < OC; j++) {
      double s = bias[j];
      for (int k = 0; k < C; k++) s += (double)inp[(size_t)i * C + k] * w[(size_t)k * OC + j];
      want_out[(size_t)i * OC + j] = (float)s;
    }
  for (int i = 0; i < N; i++)
    for (int k = 0; k < C; k++) {
      double s = 0;
      for (int j = 0; j < OC; j++) s += (double)dout[(size_t)i * OC + j] * w[(size_t)k * OC + j];
      want_dinp[(size_t)i * C + k] = (float)s;
    }
  for (int k = 0; k < C; k++)  // the weight and bias gradients add to ones
    for (int j = 0; j < OC; j++) {
      double s = 1.0;
      for (int i = 0; i < N; i++) s += (double)inp[(size_t)i * C + k] * dout[(size_t)i * OC + j];
      want_dw[(size_t)k * OC + j] = (float)s;
    }
  for (int j = 0; j < OC; j++) {
    double s = 1.0;
    for (int i = 0; i < N; i++) s += dout[(size_t)i * OC + j];
    want_db[j] = (float)s;
  }

  vector<vector<float>> by_threads;  // each thread count's out, dinp, dweight, dbias
  for (int threads : {1, 3}) {
    // dinp starts as NaN: it is written, not added to
    vector<float> out(want_out.size(), NAN), dinp(want_dinp.size(), NAN), dw(want_dw.size(), 1.0f), db(OC, 1.0f);
    linear_forward(out.data(), inp.data(), w.data(), bias.data(), N, C, OC, threads);
    linear_backward(dinp.data(), dw.data(), db.data(), dout.data(), inp.data(), w.data(), N, C, OC, threads);
    check::close("linear forward", out.data(), want_out.data(), out.size(), 1e-5);
    check::close("linear backward dinp", dinp.data(), want_dinp.data(), dinp.size(), 1e-5);
    check::close("linear backward dweight", dw.data(), want_dw.data(), dw.size(), 1e-5);
    check::close("linear backward dbias", db.data(), want_db.data(), OC, 1e-5);
    for (auto* v : {&out, &dinp, &dw, &db}) by_threads.push_back(*v);
  }
  for (int i = 0; i < 4; i++)
    check::that(same_bits(by_threads[i], by_threads[4 + i]), "linear is bit-identical on 1 and 3 threads");
}

void test_gelu() {
  const size_t n = 10007;
  auto x = check::random_vector(n, 7), dout = check::random_vector(n, 8);
  for (auto& v : x) v *= 6.0f;
  auto out = zeros(n), dx = vector<float>(n, NAN);  // NaN: gelu_backward writes dx, it does not add to it
  gelu_forward(out.data(), nullptr, x.data(), n, 2);
  gelu_backward(dx.data(), x.data(), nullptr, dout.data(), n, 2);
  vector<float> want_out(n), want_dx(n);
  for (size_t i = 0; i < n; i++) {
    auto gelu = [](double v) { return 0.5 * v * (1.0 + std::tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))); };
    double h = 1e-4;
    want_out[i] = (float)gelu(x[i]);
    want_dx[i] = (float)((gelu(x[i] + h) - gelu(x[i] - h)) / (2 * h) * dout[i]);
  }
  check::close("gelu forward", out.data(), want_out.data(), n, 1e-6);
  check::close("gelu backward", dx.data(), want_dx.data(), n, 1e-5);
  auto in_place = dout;  // the engine runs it in place: dinp is dout
  gelu_backward(in_place.data(), x.data(), nullptr, in_place.data(), n, 2);
  check::that(same_bits(in_place, dx), "gelu backward in place gives the same bits");
  // The engine keeps the forward's tanh for the backward pass: the same bits as computing it again.
  auto kept_out = zeros(n), tanh = vector<float>(n, NAN), kept_dx = dout;
  gelu_forward(kept_out.data(), tanh.data(), x.data(), n, 2);
  gelu_backward(kept_dx.data(), x.data(), tanh.data(), kept_dx.data(), n, 2);
  check::that(same_bits(kept_out, out), "gelu forward keeping its tanh gives the same bits");
  check::that(same_bits(kept_dx, dx), "gelu backward from the kept tanh gives the same bits");
}

void test_crossentropy() {
  const int N = 9, V = 11;
  auto logits = check::random_vector((size_t)N * V, 9);
  for (auto& v : logits) v *= 5.0f;
  vector<int> targets = {0, 3, -1, 10, 5, 5, 2, 7, 1};
  vector<float> weights = {1, 0.5f, 1, 2, 0, 1, 1, 3, 1};
  auto logprobs = zeros(N), dlogits = zeros((size_t)N * V);
  double wsum = 0;
  double loss = crossentropy_forward(logprobs.data(), &wsum, logits.data(), targets.data(), weights.data(), N, V, 2);
  crossentropy_backward(dlogits.data(), logits.data(), targets.data(), weights.data(), (float)(1.0 / wsum), N, V, 2);

  double want_loss = 0, want_wsum = 0;
  vector<float> want_dlogits((size_t)N * V, 0.0f);
  for (int i = 0; i < N; i++) {
    if (targets[i] < 0 || weights[i] == 0) continue;
    double z = 0;
    for (int j = 0; j < V; j++) z += std::exp((double)logits[i * V + j]);
    want_loss -= weights[i] * (logits[i * V + targets[i]] - std::log(z));
    want_wsum += weights[i];
  }
  for (int i = 0; i < N; i++) {
    if (targets[i] < 0 || weights[i] == 0) continue;
    double z = 0;
    for (int j = 0; j < V; j++) z += std::exp((double)logits[i * V + j]);
    for (int j = 0; j < V; j++) {
      double p = std::exp((double)logits[i * V + j]) / z;
      want_dlogits[i * V + j] = (float)(weights[i] / want_wsum * (p - (j == targets[i])));
    }
  }
  check::that(std::fabs(loss - want_loss) < 1e-4 * std::fabs(want_loss), "crossentropy loss");
  check::that(wsum == want_wsum, "crossentropy weight sum");
  check::that(logprobs[2] == 0.0f && logprobs[4] == 0.0f, "dropped rows have logprob 0");
  check::close("crossentropy backward", dlogits.data(), want_dlogits.data(), dlogits.size(), 1e-6);
}

void test_encoder() {
  const int B = 3, T = 5, C = 40, V = 7;
  vector<int> tokens = {0, 1, 1, 6, 2, 3, 3, 3, 0, 1, 6, 5, 4, 1, 0};
  auto wte = check::random_vector((size_t)V * C, 10), wpe = check::random_vector((size_t)T * C, 11);
  auto dout = check::random_vector((size_t)B * T * C, 12);
  auto out = zeros((size_t)B * T * C), dwte = zeros(wte.size()), dwpe = zeros(wpe.size());
  encoder_forward(out.data(), tokens.data(), wte.data(), wpe.data(), B, T, C, 2);
  encoder_backward(dwte.data(), dwpe.data(), dout.data(), tokens.data(), B, T, C, V, 2);
  vector<float> want_out(out.size()), want_dwte(wte.size(), 0.0f), want_dwpe(wpe.size(), 0.0f);
  for (int bt = 0; bt < B * T; bt++)
    for (int c = 0; c < C; c++) {
      want_out[bt * C + c] = wte[tokens[bt] * C + c] + wpe[(bt % T) * C + c];
      want_dwte[tokens[bt] * C + c] += dout[bt * C + c];
      want_dwpe[(bt % T) * C + c] += dout[bt * C + c];
    }
  check::close("encoder forward", out.data(), want_out.data(), out.size(), 1e-6);
  check::close("encoder dwte", dwte.data(), want_dwte.data(), dwte.size(), 1e-6);
  check::close("encoder dwpe", dwpe.data(), want_dwpe.data(), dwpe.size(), 1e-6);
}

void test_adamw() {
  const size_t n = 5000;
  auto p = check::random_vector(n, 13), g = check::random_vector(n, 14);
  auto m = zeros(n), v = zeros(n);
  vector<double> pd(p.begin(), p.end()), md(n, 0.0), vd(n, 0.0);
  const float lr = 1e-2f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, wd = 0.1f, scale = 0.5f;
  for (int t = 1; t <= 3; t++) {
    adamw_update(p.data(), g.data(), m.data(), v.data(), n, lr, b1, b2, eps, wd, scale, t, 2);
    for (size_t i = 0; i < n; i++) {
      double gi = (double)g[i] * scale;
      pd[i] *= 1.0 - (double)lr * wd;
      md[i] = b1 * md[i] + (1 - b1) * gi;
      vd[i] = b2 * vd[i] + (1 - b2) * gi * gi;
      double mhat = md[i] / (1 - std::pow(b1, t)), vhat = vd[i] / (1 - std::pow(b2, t));
      pd[i] -= lr * mhat / (std::sqrt(vhat) + eps);
    }
  }
  vector<float> want(pd.begin(), pd.end());
  check::close("adamw parameters after 3 steps", p.data(), want.data(), n, 1e-6);
  double ss = sum_of_squares(g.data(), n, 3), want_ss = 0;
  for (float x : g) want_ss += (double)x * x;
  check::that(std::fabs(ss - want_ss) < 1e-9 * want_ss, "sum_of_squares");
  check::that(sum_of_squares(g.data(), n, 1) == ss, "sum_of_squares is thread-count independent");
}

}  // namespace

int main() {
  test_fast_math();
  test_attention();
  test_layernorm();
  test_linear();
  test_gelu();
  test_crossentropy();
  test_encoder();
  test_adamw();
  return check::finish("kernels");
}
