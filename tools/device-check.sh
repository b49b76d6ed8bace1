#!/usr/bin/env bash
# The CUDA engine's check on a machine with an NVIDIA GPU (nvcc, CMake, a C++ compiler with OpenMP, Python with
# PyTorch; Node.js is not needed). It builds the engine's C++ core with CUDA for this GPU only and runs every C++
# test; four of them must run here, not skip: test_cuda_kernels (each CUDA kernel against the CPU kernel of the same
# contract), test_cuda_step (ten training steps of CudaGpt against the CPU Gpt's), test_cuda_ensemble (three models in
# lock-step against CPU models trained alone) and test_cuda_kmeans (the CPU path's labels on well-separated data). It
# then times the CUDA kernels, CudaGpt's step, CudaEnsemble's 64 models and k-means (bench_cuda_kernels), and PyTorch
# on the same GPU (fp32): eager's step of one default model and torch.func.vmap's of 64, and prints the two target
# ratios. With .device/ carried (tools/device/prepare.sh, run on a machine with Node first), it also builds the addon
# and runs the JavaScript path on the GPU with the carried Node (tools/device/node-check.ts: Gpt, GptEnsemble, trials
# and ensembles of trials on 'cuda' against the CPU engine).
# Prints everything, and copies the logs to $OUT when it is set. About 4 minutes on an H100-class GPU.
#   bash tools/device-check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-}
build=native/build-device
logs=$build/logs
mkdir -p "$logs"
log() { echo "== $*"; }
status=0

log "GPU"
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv || { echo "no nvidia-smi: no GPU here"; exit 1; }
arch=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d ' .')
nvcc --version | tail -2
cmake --version | head -1

# The addon too where .device/ carries Node-API's headers (tools/device/prepare.sh).
addon=()
if [ -f .device/node.xz ]; then addon=(-DCMAKE_JS_INC="$PWD/.device/node-api-headers" -DNODE_ADDON_API_DIR="$PWD/.device/node-addon-api"); fi

log "build (CUDA architecture ${arch}${addon:+, and the addon})"
timeout 300 cmake -S native -B "$build" -DCMAKE_BUILD_TYPE=Release -DCLUSTERLENS_TESTS=ON \
  -DCLUSTERLENS_CUDA_ARCHITECTURES="${arch}" "${addon[@]}" > "$logs/configure.log" 2>&1 || { cat "$logs/configure.log"; exit 1; }
grep "clusterlens: CUDA kernels" "$logs/configure.log"
timeout 300 cmake --build "$build" -j "$(nproc)" 2>&1 | tail -5
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "build failed"; exit 1; }

# Each must run here, not skip (exit code 77).
for test in test_cuda_kernels test_cuda_step test_cuda_ensemble test_cuda_kmeans; do
  log "$test"
  timeout 180 "$build/ctest/$test" 2>&1 | tee "$logs/$test.log"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then echo "$test: exit code $rc (77: skipped, which must not happen here)"; status=1; fi
done

log "every other C++ test (the CPU engine, built here)"
timeout 300 ctest --test-dir "$build" --output-on-failure -E '^test_cuda_' 2>&1 | tail -15 || status=1

log "CUDA kernels, default model's shapes"
timeout 120 "$build/ctest/bench_cuda_kernels" 2>&1 | tee "$logs/bench_cuda_kernels.log" || status=1

log "PyTorch eager on the same GPU, default model, batch 64, fp32"
timeout 180 python3 tools/reference/gpt_torch.py bench --device cuda --warmup 10 --steps 50 2>&1 | tail -1 | tee "$logs/torch.log" || status=1

log "PyTorch, 64 default models in lock-step by torch.func.vmap (the ensemble mode's baseline), fp32"
timeout 300 python3 tools/reference/gpt_torch.py ensemble --models 64 --device cuda 2>&1 | tail -1 | tee "$logs/torch_vmap.log" || status=1

log "the targets: CudaGpt's step against PyTorch eager's (at most 0.5), CudaEnsemble against vmap (at least 2)"
python3 - "$logs" <<'PY' || status=1
import json, re, sys
logs = sys.argv[1]
def torch_result(name):
    return json.loads(open(f"{logs}/{name}").read().strip().splitlines()[-1])
def ours(pattern):
    return float(re.search(pattern, open(f"{logs}/bench_cuda_kernels.log").read()).group(1))
step_ms, eager_ms = ours(r"CudaGpt training step \(CUDA graph\).*: ([0-9.]+) ms"), torch_result("torch.log")["ms_per_step"]
print(f"CudaGpt {step_ms:.3f} ms, PyTorch eager {eager_ms:.3f} ms per default step: {step_ms / eager_ms:.2f}")
rate, vmap = ours(r"CudaEnsemble of 64 \(CUDA graph\).*, ([0-9.]+) model-steps/s"), torch_result("torch_vmap.log")["model_steps_per_s"]
print(f"CudaEnsemble {rate:.1f}, torch.func.vmap {vmap:.1f} model-steps/s: {rate / vmap:.2f}")
bench = open(f"{logs}/bench_cuda_kernels.log").read()
if "TF32" in bench:  # the option, beside fp32's targets
    tf32_ms, tf32_rate = ours(r"CudaGpt training step \(CUDA graph, TF32\).*: ([0-9.]+) ms"), ours(r"CudaEnsemble of 64 \(CUDA graph, TF32\).*, ([0-9.]+) model-steps/s")
    print(f"TF32: CudaGpt {tf32_ms:.3f} ms ({tf32_ms / eager_ms:.2f} of eager fp32), CudaEnsemble {tf32_rate:.1f} model-steps/s ({tf32_rate / vmap:.2f} x vmap fp32)")
PY

if [ -f .device/node.xz ]; then
  log "the JavaScript path on the GPU (carried $(cat .device/README))"
  python3 -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open('.device/node.xz'), open('.device/node', 'wb'))"
  chmod +x .device/node
  # The bundle loads the addon from build/Release beside it.
  mkdir -p .device/build/Release && cp "$build/clusterlens.node" .device/build/Release/
  timeout 600 .device/node .device/node-check.mjs 2>&1 | tee "$logs/node-check.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
else
  log "no .device/: the JavaScript path was not checked (bash tools/device/prepare.sh on a machine with Node, then carry .device)"
fi

if [ -n "$out" ]; then cp "$logs"/*.log "$out"/ 2>/dev/null || true; fi
log "done (exit $status)"
exit $status
