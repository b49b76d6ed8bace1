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
  /** Residual-stream layers to return: 0 = embeddings, l = output of block l. */
  hidden?: number[];
  /** Also return the final LayerNorm's output. */
  lnFinal?: boolean;
  /** Return logits (default true). */
  logits?: boolean;
}

export interface ForwardResult {
  logits?: Float32Array;
  loss?: number;
  logprobs?: Float32Array;
  hidden: Float32Array[];
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
  getParams(): Float32Array;
  setParams(params: Float32Array): void;
  getGrads(): Float32Array;
  getOptimizerState(): OptimizerState;
  setOptimizerState(state: OptimizerState): void;
  forward(tokens: Int32Array, batch: number, options?: ForwardOptions): Promise<ForwardResult>;
  lossAndGrads(
    tokens: Int32Array,
    targets: Int32Array,
    batch: number,
    options?: { weights?: Float32Array; hiddenGrad?: Float32Array; hiddenGradLayer?: number },
  ): Promise<{ loss: number; logprobs: Float32Array }>;
  step(tokens: Int32Array, targets: Int32Array, batch: number, options?: { weights?: Float32Array }): Promise<StepResult>;
}

export interface Capabilities {
  cpu: boolean;
  /** The addon was compiled with CUDA kernels (nvcc was present at build time). */
  cudaBuilt: boolean;
  /** CUDA devices usable now (0 without a driver or GPU, or when CUDA was not built). */
  cudaDevices: number;
  hardwareThreads: number;
  /** Vector extensions the CPU kernels were compiled for. */
  simd: 'avx512' | 'avx2' | 'baseline';
}

interface Addon {
  NativeGpt: new (config: GptConfig, options?: { seed?: number; threads?: number }) => NativeGpt;
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
export const capabilities: Capabilities = addon.capabilities;
