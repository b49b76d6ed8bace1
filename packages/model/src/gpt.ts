// Gpt: the public model API over the native engine, with Hugging Face names and semantics.
import { NativeGpt, type ExtraGrads, type GptConfig, type MemoryUse, type OptimizerConfig, type ParamTensor } from '@clusterlens/native';

import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { checkDevice, checkPrecision, type Device, type Precision } from './device.js';
import { resolveHook, type HookSource } from './hooks.js';
import {
  paramsFromTensors,
  readHuggingFaceDir,
  tensorsFromParams,
  writeHuggingFaceDir,
  type HuggingFaceDirOptions,
} from './huggingface.js';
import { shiftLabels } from './labels.js';

export interface CreateOptions {
  /** Seed of the parameter initialisation. */
  seed?: number;
  /** Threads every kernel of this model may use (default 1). */
  threads?: number;
  /** AdamW settings; the engine's defaults (lr 1e-3, constant, no clipping) where absent. */
  optimizer?: Partial<OptimizerConfig>;
  /** Where training steps run (default 'cpu'); see `Gpt.device`. */
  device?: Device;
  /** How matrix products compute on 'cuda' (default 'fp32'); see `Gpt.precision`. */
  precision?: Precision;
}

export interface ForwardOptions {
  batch: number;
  /**
   * Activations to return, by TransformerLens name, e.g. `blocks.0.hook_resid_pre` or `blocks.1.attn.hook_pattern`
   * (HOOK_NAMES lists them; packages/model/README.md gives their shapes).
   */
  cache?: string[];
  /** Hugging Face labels (B*T, -100 = ignored); with them the output has loss and per-token logprobs. */
  labels?: Int32Array;
  /** Per-label loss weights (B*T), aligned with labels. */
  weights?: Float32Array;
}

export interface ForwardOutput {
  logits: Float32Array;
  cache: Map<string, Float32Array>;
  loss?: number;
  /** log p(label) at each position that predicts a label (B*T, position t predicts labels[t+1]); 0 elsewhere. */
  logprobs?: Float32Array;
}

export interface TrainOptions {
  batch: number;
  weights?: Float32Array;
}

/** What a step's objective sees of its forward pass. */
export interface ObjectiveInput {
  /** The language-model loss of the batch (weighted mean of -log p(label)). */
  loss: number;
  /** log p(label) per position that predicts a label (B*T, position t predicts labels[t+1]); 0 elsewhere. */
  logprobs: Float32Array;
  /** The residual layers the objective asked for, (B,T,C) each: 0 = embeddings, l = output of block l-1. */
  hidden: Map<number, Float32Array>;
}

/** An objective's value and its gradients, which the engine's backward pass takes. */
export interface ObjectiveOutput {
  /** The objective's value, reported as the step's loss. */
  loss: number;
  /** Added to the loss's gradient at one residual layer's states (B*T*C), e.g. an auxiliary loss on that layer. */
  hiddenGrad?: { layer: number; grad: Float32Array };
  /**
   * d objective / d logprob per position (B*T, aligned with `logprobs`, any sign), in place of the loss's gradient:
   * the step then descends sum_i logprobGrad[i] * logprob[i] (plus hiddenGrad), e.g. DPO's per-token coefficients.
   */
  logprobGrad?: Float32Array;
}

/** A training objective computed outside the engine from one forward pass: one forward, one backward per step. */
export interface StepObjective {
  /** Residual layers whose states the objective reads. */
  hidden?: number[];
  compute(forward: ObjectiveInput): ObjectiveOutput | Promise<ObjectiveOutput>;
}

export interface ObjectiveTrainOptions extends TrainOptions {
  objective: StepObjective;
}

/** Gradients `lossAndGrads` adds to (hiddenGrad) or puts in place of (logprobGrad) the loss's, as ObjectiveOutput's. */
export type ExtraGradOptions = Pick<ObjectiveOutput, 'hiddenGrad' | 'logprobGrad'>;

export interface StepStats {
  loss: number;
  gradNorm: number;
  lr: number;
  step: number;
}

export class Gpt {
  readonly config: Required<GptConfig>;
  readonly layout: ParamTensor[];
  /** Metadata stored with the checkpoint this model was loaded from. */
  readonly checkpointExtra: Record<string, string>;
  /** Statistics of the last optimiser step. */
  lastStep: StepStats | undefined;

  #native: NativeGpt | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #device: Device = 'cpu';
  #precision: Precision = 'fp32';

  private constructor(native: NativeGpt, config: GptConfig, extra: Record<string, string> = {}) {
    this.#native = native;
    // The engine holds eps in float32; keep the caller's value so exported configs read as written.
    this.config = { ...native.config(), layerNormEps: config.layerNormEps ?? 1e-5 };
    this.layout = native.layout();
    this.checkpointExtra = extra;
  }

  /** A freshly initialised model (Hugging Face GPT-2 initialisation, seeded). */
  static async create(config: GptConfig, options: CreateOptions = {}): Promise<Gpt> {
    const native = new NativeGpt(config, { seed: options.seed ?? 0, threads: options.threads ?? 1 });
    if (options.optimizer) native.setOptimizer(options.optimizer);
    const gpt = new Gpt(native, config);
    gpt.#place(options);
    return gpt;
  }

  /** Loads a Hugging Face GPT-2 directory (config.json + model.safetensors). */
  static async fromHuggingFace(dir: string, options: Omit<CreateOptions, 'seed'> = {}): Promise<Gpt> {
    const { config, tensors } = await readHuggingFaceDir(dir);
    const gpt = await Gpt.create(config, options);
    gpt.native.setParams(paramsFromTensors(tensors, gpt.layout, `${dir}/model.safetensors`));
    return gpt;
  }

  /** Loads a checkpoint written by `save`, optimiser state included, so training resumes exactly. */
  static async load(file: string, options: Pick<CreateOptions, 'threads' | 'device' | 'precision'> = {}): Promise<Gpt> {
    const contents = await readCheckpoint(file, (config) => new NativeGpt(config, { seed: 0, threads: 1 }).layout());
    const native = new NativeGpt(contents.config, { seed: 0, threads: options.threads ?? 1 });
    native.setOptimizer(contents.optimizer);
    native.setParams(contents.params);
    native.setOptimizerState(contents.state);
    const gpt = new Gpt(native, contents.config, contents.extra);
    gpt.#place(options);
    return gpt;
  }

  get threads(): number {
    return this.native.getThreads();
  }

  set threads(threads: number) {
    this.native.setThreads(threads);
  }

  /**
   * Where `step` runs: 'cpu', or 'cuda' (throws a DeviceError where this process cannot use it). On 'cuda' a step
   * without an objective trains the model's copy on the GPU; every other call runs on the CPU and sees the copy's
   * newest state, and one that changes the model (a step with an objective, setParams) makes the next GPU step copy
   * it there again. Results match the CPU's to about 1e-4 per step, not bit for bit.
   */
  get device(): Device {
    return this.#device;
  }

  set device(device: Device) {
    const checked = checkDevice(device);
    if (checked === 'cpu') {
      this.native.deviceRelease();
      this.#precision = 'fp32';
    }
    this.#device = checked;
  }

  /**
   * How `step`'s matrix products compute on 'cuda': 'fp32' (default) or 'tf32' (tensor cores; a DeviceError on
   * 'cpu'). Going back to 'cpu' sets 'fp32'.
   */
  get precision(): Precision {
    return this.#precision;
  }

  set precision(precision: Precision) {
    this.#precision = checkPrecision(precision, this.#device);
  }

  #place(options: Pick<CreateOptions, 'device' | 'precision'>): void {
    if (options.device) this.device = options.device;
    if (options.precision) this.precision = options.precision;
  }

  get optimizer(): OptimizerConfig {
    return this.native.getOptimizer();
  }

  set optimizer(optimizer: Partial<OptimizerConfig>) {
    this.native.setOptimizer({ ...this.native.getOptimizer(), ...optimizer });
  }

  /** Number of optimiser steps taken so far. */
  get stepCount(): number {
    return this.native.optimizerStep();
  }

  get numParams(): number {
    return this.native.numParams();
  }

  /** Bytes the model holds: parameters, gradients, AdamW moments, activations at the largest batch so far. */
  memoryUse(): MemoryUse {
    return this.native.memoryUse();
  }

  async forward(tokens: Int32Array, options: ForwardOptions): Promise<ForwardOutput> {
    const names = options.cache ?? [];
    const sources = names.map((name) => resolveHook(name, this.config.nLayer));
    // The engine takes one list of indices per kind of activation and returns the tensors in the same order.
    const indices = (kind: HookSource['kind']) => [...new Set(sources.filter((s) => s.kind === kind).map(hookIndex))];
    const requested = {
      hidden: indices('resid'),
      residMid: indices('residMid'),
      attnOut: indices('attnOut'),
      mlpOut: indices('mlpOut'),
      pattern: indices('pattern'),
    };
    const shifted = options.labels ? shiftLabels(options.labels, options.batch, options.weights) : undefined;
    const result = await this.serialize(() =>
      this.native.forward(tokens, options.batch, {
        targets: shifted?.targets,
        weights: shifted?.weights,
        ...requested,
        lnFinal: sources.some((s) => s.kind === 'lnFinal'),
      }),
    );
    const cache = new Map<string, Float32Array>();
    names.forEach((name, i) => {
      const source = sources[i];
      if (source.kind === 'lnFinal') cache.set(name, result.lnFinal!);
      else if (source.kind === 'resid') cache.set(name, result.hidden[requested.hidden.indexOf(source.layer)]);
      else cache.set(name, result[source.kind][requested[source.kind].indexOf(source.block)]);
    });
    return { logits: result.logits!, cache, loss: result.loss, logprobs: result.logprobs };
  }

  /**
   * Loss and the gradient of every parameter, by Hugging Face name (the wte gradient includes the tied head); with
   * `hiddenGrad` or `logprobGrad`, the gradient of the objective they describe (ObjectiveOutput).
   */
  async lossAndGrads(
    tokens: Int32Array,
    labels: Int32Array,
    options: TrainOptions & ExtraGradOptions,
  ): Promise<{ loss: number; grads: Map<string, Float32Array>; logprobs: Float32Array }> {
    const { targets, weights } = shiftLabels(labels, options.batch, options.weights);
    return this.serialize(async () => {
      const extra = nativeExtraGrads(options);
      const { loss, logprobs } = await this.native.lossAndGrads(tokens, targets, options.batch, { weights, ...extra });
      const grads = this.named(this.native.getGrads());
      return { loss, grads, logprobs };
    });
  }

  /**
   * One AdamW step on a batch; returns the loss before the update. With an `objective`, the step descends what it
   * computes from the batch's forward pass (one forward and one backward pass still), and returns its value.
   */
  async step(tokens: Int32Array, labels: Int32Array, options: TrainOptions | ObjectiveTrainOptions): Promise<number> {
    const { targets, weights } = shiftLabels(labels, options.batch, options.weights);
    const objective = 'objective' in options ? options.objective : undefined;
    const stats = await this.serialize(async () => {
      if (!objective && this.#device === 'cuda') {
        return this.native.deviceStep(tokens, targets, options.batch, { weights, tf32: this.#precision === 'tf32' });
      }
      if (!objective) return this.native.step(tokens, targets, options.batch, { weights });
      const layers = objective.hidden ?? [];
      const begun = await this.native.beginStep(tokens, targets, options.batch, { weights, hidden: layers });
      const hidden = new Map(layers.map((layer, i) => [layer, begun.hidden[i]]));
      const output = await objective.compute({ loss: begun.loss, logprobs: begun.logprobs, hidden });
      return this.native.finishStep({ loss: output.loss, ...nativeExtraGrads(output) });
    });
    this.lastStep = stats;
    return stats.loss;
  }

  /** Every parameter by Hugging Face name (copies). */
  params(): Map<string, Float32Array> {
    return this.named(this.native.getParams());
  }

  /** Replaces parameters by Hugging Face name; every parameter must be given. */
  setParams(params: Map<string, Float32Array>): void {
    const tensors = new Map([...params].map(([name, data]) => {
      const tensor = this.layout.find((t) => t.name === name || t.name === `transformer.${name}`);
      if (tensor && tensor.size !== data.length) {
        throw new RangeError(`setParams: ${name} has ${data.length} values, expected ${tensor.size} (shape [${tensor.shape}])`);
      }
      return [name, { dtype: 'F32' as const, shape: tensor?.shape ?? [data.length], data }];
    }));
    this.native.setParams(paramsFromTensors(tensors, this.layout, 'setParams'));
  }

  /** Writes config.json + model.safetensors in the layout `transformers` loads (GPT2LMHeadModel), plus `options`' files. */
  async saveHuggingFace(dir: string, options: HuggingFaceDirOptions = {}): Promise<void> {
    const params = await this.serialize(async () => this.native.getParams());
    await writeHuggingFaceDir(dir, this.config, tensorsFromParams(params, this.layout), options);
  }

  /** Writes a checkpoint with the optimiser state; `extra` is stored with it and returned by `load`. */
  async save(file: string, extra: Record<string, string> = {}): Promise<void> {
    const [params, state, optimizer] = await this.serialize(async () => [
      this.native.getParams(),
      this.native.getOptimizerState(),
      this.native.getOptimizer(),
    ] as const);
    await writeCheckpoint(file, this.layout, { config: this.config, optimizer, params, state, extra });
  }

  /** @internal The engine object under a model, for GptEnsemble. */
  static engineOf(gpt: Gpt): NativeGpt {
    return gpt.native;
  }

  /** Releases the engine's buffers (the GPU's at once); the model cannot be used afterwards. */
  dispose(): void {
    if (this.#device === 'cuda') this.#native?.deviceRelease();
    this.#native = undefined;
  }

  private get native(): NativeGpt {
    if (!this.#native) throw new Error('Gpt: this model was disposed');
    return this.#native;
  }

  private named(flat: Float32Array): Map<string, Float32Array> {
    return new Map(this.layout.map((t) => [t.name, flat.subarray(t.offset, t.offset + t.size)]));
  }

  // The engine runs one call per model at a time; calls made concurrently wait for each other.
  private serialize<T>(call: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(call, call);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

function nativeExtraGrads(extra: ExtraGradOptions): ExtraGrads {
  const { hiddenGrad, logprobGrad } = extra;
  return { hiddenGrad: hiddenGrad?.grad, hiddenGradLayer: hiddenGrad?.layer, logprobGrad };
}

/** The residual layer or block index a cached activation is taken at (-1 for the final LayerNorm, which has none). */
function hookIndex(source: HookSource): number {
  return source.kind === 'resid' ? source.layer : source.kind === 'lnFinal' ? -1 : source.block;
}
