// A NativeGpt's copy on a device (gpt_device_binding.cpp, ensemble_binding.cpp): what the host model trusts it to
// do. Kinds: 'cuda' (CudaGpt), 'emulated' (a second CPU model with the host's bits, for tests of the copying) and
// 'ensemble' (one member of a NativeEnsemble, which trains it).
#pragma once
#include <algorithm>
#include <stdexcept>
#include <string>

#include "batch_args.hpp"
#include "clusterlens/gpt.hpp"

namespace clusterlens::binding {

struct DeviceCopy {
  explicit DeviceCopy(std::string kind) : kind(std::move(kind)) {}
  virtual ~DeviceCopy() = default;
  // One training step on the copy (an ensemble member's come from its ensemble instead).
  virtual StepResult step(const Batch& b) = 0;
  // The copy's parameters, AdamW moments and step count, into the host model.
  virtual void download(Gpt& host) const = 0;
  virtual int optimizer_step() const = 0;
  // Another object's call is using the copy (its ensemble's step): the host model must wait for it too.
  virtual bool busy() const { return false; }
  // Matrix products on TF32 tensor cores from the next step on (a CUDA copy's option; the others compute in fp32).
  virtual void set_tf32(bool enabled) {
    if (enabled) throw std::invalid_argument("options.tf32: TF32 runs on a 'cuda' copy only, not on '" + kind + "'");
  }

  const std::string kind;
  // The copy has trained past the host model: the host's state is stale until the host copies it back.
  bool ahead = false;
};

// A second CPU model started from the host's state: the same kernels, so the host's bits.
class EmulatedCopy : public DeviceCopy {
 public:
  explicit EmulatedCopy(Gpt& host) : DeviceCopy("emulated"), gpt_(host.config(), 0, host.threads()) {
    gpt_.set_optimizer(host.optimizer());
    std::copy_n(host.params(), host.num_params(), gpt_.params());
    std::copy_n(host.adam_m(), host.num_params(), gpt_.adam_m());
    std::copy_n(host.adam_v(), host.num_params(), gpt_.adam_v());
    gpt_.set_optimizer_step(host.optimizer_step());
  }

  StepResult step(const Batch& b) override {
    return step_on(b.tokens.data(), b.targets.data(), b.weights.empty() ? nullptr : b.weights.data(), b.B, b.T);
  }

  // One step on a batch given by pointers (an emulated ensemble's slice of its members' batches).
  StepResult step_on(const int* tokens, const int* targets, const float* weights, int B, int T) {
    gpt_.forward(tokens, B, T);
    double loss = gpt_.loss(targets, weights);
    gpt_.backward();
    return gpt_.update(loss);
  }

  void download(Gpt& host) const override {
    std::copy_n(gpt_.params(), gpt_.num_params(), host.params());
    std::copy_n(gpt_.adam_m(), gpt_.num_params(), host.adam_m());
    std::copy_n(gpt_.adam_v(), gpt_.num_params(), host.adam_v());
    host.set_optimizer_step(gpt_.optimizer_step());
  }

  int optimizer_step() const override { return gpt_.optimizer_step(); }

 private:
  mutable Gpt gpt_;  // its buffer accessors are not const
};

}  // namespace clusterlens::binding
