// NativeEnsemble: S models of one config trained in lock-step, each on its own batch (a seed sweep's trials), on the
// CUDA device (CudaEnsemble) or emulated on the CPU (each member's step in turn, the bits of the model alone).
#pragma once
#include <napi.h>

#include <memory>
#include <vector>

#include "gpt_binding.hpp"

namespace clusterlens::binding {

struct Ensemble;

class NativeEnsemble : public Napi::ObjectWrap<NativeEnsemble> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit NativeEnsemble(const Napi::CallbackInfo& info);

 private:
  Napi::Value size(const Napi::CallbackInfo& info);
  Napi::Value step(const Napi::CallbackInfo& info);
  void release(const Napi::CallbackInfo& info);

  std::shared_ptr<Ensemble> ensemble_;
  std::vector<NativeGpt*> members_;
  std::vector<Napi::ObjectReference> member_refs_;  // keeps the members alive while the ensemble is
};

}  // namespace clusterlens::binding
