// Typed loader for the clusterlens addon: the engine's classes and what this build can do.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GptConfig {
  nLayer: number;
  nHead: number;
  nEmbd: number;
  nPositions: number;
  vocabSize: number;
  /** LayerNorm epsilon; 1e-5 when absent. */
  layerNormEps?: number;
}

export interface OptimizerConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Linear warm-up steps; 0 for none. */
  warmupSteps: number;
  /** Cosine decay reaches minLrRatio * lr at this step; 0 keeps lr constant after warm-up. */
  totalSteps: number;
  minLrRatio: number;
  /** Maximum global gradient norm; 0 disables clipping. */
  gradClip: number;
}

/** One tensor in the flat parameter buffer: Hugging Face name, shape, and position. */
export interface ParamTensor {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export interface ForwardOptions {
  /** Next-token targets (B*T), -1 = ignored; with them the result has loss and logprobs. */
  targets?: Int32Array;
  /** Per-position loss weights (B*T); 1 when absent. */
  weights?: Float32Array;
  /** Residual-stream layers to return: 0 = embeddings, l = output of block l-1. */
  hidden?: number[];
  /** Blocks (0..nLayer-1) whose residual stream after attention, before the MLP, to return: (B,T,C) each. */
  residMid?: number[];
  /** Blocks whose attention output (after c_proj, what is added to the residual) to return: (B,T,C) each. */
  attnOut?: number[];
  /** Blocks whose MLP output (after c_proj, what is added to the residual) to return: (B,T,C) each. */
  mlpOut?: number[];
  /** Blocks whose attention probabilities to return: (B,NH,T,T) each, causal (0 above the diagonal). */
  pattern?: number[];
  /** Also return the final LayerNorm's output. */
  lnFinal?: boolean;
  /** Return logits (default true). */
  logits?: boolean;
}

export interface ForwardResult {
  logits?: Float32Array;
  loss?: number;
  logprobs?: Float32Array;
  /** One per requested index, in the order of the options' lists; empty lists when not requested. */
  hidden: Float32Array[];
  residMid: Float32Array[];
  attnOut: Float32Array[];
  mlpOut: Float32Array[];
  pattern: Float32Array[];
  lnFinal?: Float32Array;
}

export interface StepResult {
  loss: number;
  gradNorm: number;
  lr: number;
  step: number;
}

export interface OptimizerState {
  m: Float32Array;
  v: Float32Array;
  step: number;
}

/** The native GPT-2. Async methods run off the JS thread; one call at a time per model. */
export interface NativeGpt {
  layout(): ParamTensor[];
  config(): Required<GptConfig>;
  numParams(): number;
  getThreads(): number;
  setThreads(threads: number): void;
  getOptimizer(): OptimizerConfig;
  setOptimizer(optimizer: Partial<OptimizerConfig>): void;
  /** Bytes the model holds: parameters, gradients, AdamW moments, and activations (with the backward pass's scratch) at the largest batch so far. */
  memoryUse(): MemoryUse;
  getParams(): Float32Array;
  setParams(params: Float32Array): void;
  getGrads(): Float32Array;
  getOptimizerState(): OptimizerState;
  /** AdamW steps taken so far (without copying the moments). */
  optimizerStep(): number;
  setOptimizerState(state: OptimizerState): void;
  forward(tokens: Int32Array, batch: number, options?: ForwardOptions): Promise<ForwardResult>;
  /** Loss, logprobs and gradients (getGrads); with `logprobGrad` the gradients are those of sum_i logprobGrad[i] * logprob[i]. */
  lossAndGrads(
    tokens: Int32Array,
    targets: Int32Array,
    batch: number,
    options?: { weights?: Float32Array } & ExtraGrads,
  ): Promise<{ loss: number; logprobs: Float32Array }>;
  step(tokens: Int32Array, targets: Int32Array, batch: number, options?: { weights?: Float32Array }): Promise<StepResult>;
  /**
   * The first half of a step whose objective the caller computes: forward and loss on the batch, the activations kept;
   * returns the residual layers named in `hidden` (B*T*C each). `finishStep` completes the step; any other call that
   * runs the model in between cancels it.
   */
  beginStep(
    tokens: Int32Array,
    targets: Int32Array,
    batch: number,
    options?: { weights?: Float32Array; hidden?: number[] },
  ): Promise<{ loss: number; logprobs: Float32Array; hidden: Float32Array[] }>;
  /** Backward pass of beginStep's batch with the caller's gradients, then one AdamW update; `loss` is reported as given. */
  finishStep(options?: { loss?: number } & ExtraGrads): Promise<StepResult>;
  /**
   * `step` on the model's copy on a device, 'cuda' by default (made from this model at the first such step; throws
   * where this build has no CUDA kernels or no CUDA device is visible). While the copy is ahead, any other call first
   * copies its parameters, AdamW moments and step count back here, and a call that changes this model also frees the
   * copy. `tf32`: the step's matrix products on TF32 tensor cores ('cuda' only; compute capability 8.0 or newer).
   */
  deviceStep(
    tokens: Int32Array,
    targets: Int32Array,
    batch: number,
    options?: { weights?: Float32Array; device?: DeviceKind; tf32?: boolean },
  ): Promise<StepResult>;
  /** Copies the device copy's state back here and frees the copy (nothing to do without one). */
  deviceRelease(): void;
}

/**
 * Gradients a caller adds to the loss's: `hiddenGrad` (B*T*C) on residual layer `hiddenGradLayer` (an auxiliary loss on
 * that layer's states); or, in place of the loss's gradient, `logprobGrad` (B*T): d objective / d logprob per target
 * position, any sign (an objective over sequence logprobs, such as DPO's).
 */
export interface ExtraGrads {
  hiddenGrad?: Float32Array;
  hiddenGradLayer?: number;
  logprobGrad?: Float32Array;
}

/**
 * The kinds of device copy: 'cuda', the CUDA kernels on this process's GPU; 'emulated', a second CPU model that
 * stands in for a device where tests check the copying without a GPU (it computes the host model's bits).
 */
export type DeviceKind = 'cuda' | 'emulated';

export interface MemoryUse {
  params: number;
  grads: number;
  optimizer: number;
  activations: number;
}

export type SimdPath = 'avx512' | 'avx2' | 'baseline';

export interface Capabilities {
  cpu: boolean;
  /** The addon was compiled with CUDA kernels (nvcc was present at build time). */
  cudaBuilt: boolean;
  /** CUDA devices usable now (0 without a driver or GPU, or when CUDA was not built). */
  cudaDevices: number;
  hardwareThreads: number;
  /**
   * The instruction-set path the CPU kernels run on: the widest this CPU supports, or the one CLUSTERLENS_SIMD names
   * (set before the addon loads). Every path gives the same bits; they differ in speed.
   */
  simd: SimdPath;
  /** The paths this build has and this CPU can run, widest first. */
  simdPaths: SimdPath[];
}

/**
 * S models of one config trained in lock-step, each on its own batch (a seed sweep's trials): on the CUDA device, or
 * 'emulated' on the CPU (each member's step in turn: the bits of the model trained alone). Each member's own calls
 * copy its state back first, as after `deviceStep`; one that changes a member takes it out of the ensemble, which
 * then refuses to step.
 */
export interface NativeEnsemble {
  size(): number;
  /** One step of every member: tokens, targets and weights hold the members' batches one after another (S, batch, T). */
  step(tokens: Int32Array, targets: Int32Array, batch: number, options?: { weights?: Float32Array }): Promise<StepResult[]>;
  /** Copies every member still in the ensemble back to its model and frees the ensemble's device state. */
  release(): void;
}

interface Addon {
  NativeGpt: new (config: GptConfig, options?: { seed?: number; threads?: number }) => NativeGpt;
  NativeEnsemble: new (models: NativeGpt[], options?: { device?: DeviceKind; tf32?: boolean }) => NativeEnsemble;
  capabilities: Capabilities;
}

function loadAddon(): Addon {
  // index.ts runs from the package root under tsx and vitest, and from dist/ once compiled.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'build/Release/clusterlens.node'), join(here, '../build/Release/clusterlens.node')];
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    throw new Error(
      `@clusterlens/native: the addon is not built (looked for ${candidates.join(', ')}). ` +
        'Run `npm run build -w @clusterlens/native` (needs cmake and a C++17 compiler).',
    );
  }
  return createRequire(import.meta.url)(path) as Addon;
}

const addon = loadAddon();

export const NativeGpt = addon.NativeGpt;
export const NativeEnsemble = addon.NativeEnsemble;
export const capabilities: Capabilities = addon.capabilities;

// ---- Clustering kernels (k-means, silhouette) ----

export interface NativeKmeansOptions {
  /** Points (rows of data). */
  n: number;
  /** Features per point. */
  dim: number;
  /** Clusters, in [1, n]. */
  k: number;
  /** k-means++ restarts; the lowest inertia wins. Default 10. */
  nInit?: number;
  /** Lloyd iterations per restart. Default 300. */
  maxIter?: number;
  /** Relative tolerance (times the mean per-feature variance) on the total squared centroid shift. Default 1e-4. */
  tol?: number;
  /** Integer in [0, 2^53 - 1]; restart r uses its own stream derived from it. */
  seed: number;
  /** CPU threads; the result is bit-identical for any value. Default 1. */
  threads?: number;
  /** Initial centroids (k*dim) instead of k-means++; then a single run (nInit and seed unused). CPU only. */
  init?: Float32Array;
  /**
   * 'cpu' (default), or 'cuda': the Lloyd iterations on the GPU (the distances as one matrix product), for large
   * probes. The same k-means++ seeding and restarts; sums in another order, so centroids and inertia agree to float
   * rounding and labels on well-separated data are the CPU's. Rejects where the build or process has no CUDA.
   */
  device?: 'cpu' | 'cuda';
}

export interface NativeKmeansResult {
  /** (n) cluster of each point, in [0, k). */
  labels: Int32Array;
  /** (k*dim) row-major centroids. */
  centroids: Float32Array;
  /** Sum of squared distances of points to their centroids (double precision). */
  inertia: number;
  /** Lloyd iterations of the winning restart. */
  iterations: number;
}

export interface NativeSilhouetteOptions {
  n: number;
  dim: number;
  /** Points used (without replacement); all when n <= sampleSize. Default 2000. */
  sampleSize?: number;
  /** Integer in [0, 2^53 - 1], picks the subsample. */
  seed: number;
  threads?: number;
}

interface ClusteringAddon {
  kmeans(data: Float32Array, options: NativeKmeansOptions): Promise<NativeKmeansResult>;
  silhouette(data: Float32Array, labels: Int32Array, options: NativeSilhouetteOptions): Promise<number>;
}

const clustering = addon as unknown as ClusteringAddon;

/** k-means (greedy k-means++, Lloyd) on data (n*dim, row-major), off the JS thread. */
export const kmeans: ClusteringAddon['kmeans'] = clustering.kmeans;
/** Mean silhouette coefficient (Euclidean) of labels (n, non-negative integers) on data (n*dim). */
export const silhouette: ClusteringAddon['silhouette'] = clustering.silhouette;
