/**
 * Independent GPT-2 reference written with plain TensorFlow.js ops and automatic differentiation, used to check
 * the native engine. It deliberately shares no code with the rest of the repository, and it mirrors Hugging Face's
 * GPT2LMHeadModel: learned positions, pre-LayerNorm blocks, causal attention scaled by 1/sqrt(head size), the tanh
 * GELU ("gelu_new"), a final ln_f and an LM head tied to the token embedding. No dropout.
 */
import * as tf from '@tensorflow/tfjs';

export interface ReferenceConfig {
  nLayer: number;
  nHead: number;
  nEmbd: number;
  nPositions: number;
  vocabSize: number;
  /** Defaults to 1e-5, GPT-2's value. */
  layerNormEps?: number;
}

export interface ReferenceForward {
  /** (B, T, V) */
  logits: Float32Array;
  /** nLayer + 1 entries of (B, T, C): [0] = wte + wpe, [i] = output of block i - 1; no ln_f applied. */
  hidden: Float32Array[];
  /** (B, T, C): ln_f of the last block's output. */
  lnFinal: Float32Array;
}

export interface ReferenceLossAndGrads {
  loss: number;
  /** Keyed like the parameters; the wte gradient includes the tied LM head's share. */
  grads: Map<string, Float32Array>;
}

const DEFAULT_LAYER_NORM_EPS = 1e-5;
const IGNORE_INDEX = -100;
/** Added to future positions' scores: large enough that softmax gives them exactly zero weight in float32. */
const MASKED_SCORE = -1e9;
const GELU_CUBIC = 0.044715;

type ParamTensors = Map<string, tf.Tensor>;

/** Selects TensorFlow.js's CPU backend (float32, deterministic); call once before the other functions. */
export async function initReference(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('TensorFlow.js could not start its cpu backend');
  await tf.ready();
}

/** Parameter names and Hugging Face shapes (Conv1D weights are [in, out]), in GPT2LMHeadModel's order. */
function referenceParameterShapes(config: ReferenceConfig): Array<[string, number[]]> {
  const c = config.nEmbd;
  const shapes: Array<[string, number[]]> = [
    ['transformer.wte.weight', [config.vocabSize, c]],
    ['transformer.wpe.weight', [config.nPositions, c]],
  ];
  for (let layer = 0; layer < config.nLayer; layer++) {
    const prefix = `transformer.h.${layer}`;
    shapes.push(
      [`${prefix}.ln_1.weight`, [c]],
      [`${prefix}.ln_1.bias`, [c]],
      [`${prefix}.attn.c_attn.weight`, [c, 3 * c]],
      [`${prefix}.attn.c_attn.bias`, [3 * c]],
      [`${prefix}.attn.c_proj.weight`, [c, c]],
      [`${prefix}.attn.c_proj.bias`, [c]],
      [`${prefix}.ln_2.weight`, [c]],
      [`${prefix}.ln_2.bias`, [c]],
      [`${prefix}.mlp.c_fc.weight`, [c, 4 * c]],
      [`${prefix}.mlp.c_fc.bias`, [4 * c]],
      [`${prefix}.mlp.c_proj.weight`, [4 * c, c]],
      [`${prefix}.mlp.c_proj.bias`, [c]],
    );
  }
  shapes.push(['transformer.ln_f.weight', [c]], ['transformer.ln_f.bias', [c]]);
  return shapes;
}

export function referenceForward(
  config: ReferenceConfig,
  params: Map<string, Float32Array>,
  tokens: Int32Array,
  batch: number,
): ReferenceForward {
  const seqLen = checkInputs(config, params, tokens, batch);
  return tidyValue(() => {
    const model = runModel(config, toTensors(config, params), tf.tensor2d(tokens, [batch, seqLen], 'int32'));
    return {
      logits: copyOut(model.logits),
      hidden: model.hidden.map(copyOut),
      lnFinal: copyOut(model.lnFinal),
    };
  });
}

/** Hugging Face's causal-LM loss: logits[:, :-1] predict labels[:, 1:], -100 is ignored, mean over the rest. */
export function referenceLossAndGrads(
  config: ReferenceConfig,
  params: Map<string, Float32Array>,
  tokens: Int32Array,
  labels: Int32Array,
  batch: number,
): ReferenceLossAndGrads {
  const seqLen = checkTokens(config, tokens, batch);
  const targets = shiftedTargets(config, labels, batch, seqLen);
  return referenceObjectiveGrads(config, params, tokens, batch, ({ logits }) => causalLmLoss(logits, targets));
}

/** What an objective of `referenceObjectiveGrads` is computed from, as TensorFlow.js tensors it can differentiate. */
export interface ReferenceObjectiveInput {
  /** (B, T, V) */
  logits: tf.Tensor3D;
  /** nLayer + 1 entries of (B, T, C), as ReferenceForward's. */
  hidden: tf.Tensor3D[];
  /** (B, T, V) log-softmax of the logits: position t's distribution over the token at t + 1. */
  logProbs: tf.Tensor3D;
}

/**
 * Any scalar objective of the model's outputs and its gradient with respect to every parameter, by automatic
 * differentiation: the reference for objectives computed outside the engine (auxiliary losses on hidden states,
 * objectives over sequence logprobs).
 */
export function referenceObjectiveGrads(
  config: ReferenceConfig,
  params: Map<string, Float32Array>,
  tokens: Int32Array,
  batch: number,
  objective: (outputs: ReferenceObjectiveInput) => tf.Scalar,
): ReferenceLossAndGrads {
  const seqLen = checkInputs(config, params, tokens, batch);
  const names = referenceParameterShapes(config).map(([name]) => name);
  return tidyValue(() => {
    const tokenTensor = tf.tensor2d(tokens, [batch, seqLen], 'int32');
    const objectiveOf = (...values: tf.Tensor[]): tf.Scalar => {
      const model = runModel(config, new Map(names.map((name, i) => [name, values[i]])), tokenTensor);
      return objective({ logits: model.logits, hidden: model.hidden, logProbs: tf.logSoftmax(model.logits) });
    };
    const initial = toTensors(config, params);
    const { value, grads } = tf.valueAndGrads(objectiveOf)(names.map((name) => initial.get(name)!));
    return {
      loss: value.dataSync()[0],
      grads: new Map(names.map((name, i) => [name, copyOut(grads[i])])),
    };
  });
}

// ---------------------------------------------------------------------------------------------- model

interface ModelOutputs {
  logits: tf.Tensor3D;
  hidden: tf.Tensor3D[];
  lnFinal: tf.Tensor3D;
}

function runModel(config: ReferenceConfig, p: ParamTensors, tokens: tf.Tensor2D): ModelOutputs {
  const [, seqLen] = tokens.shape;
  const eps = config.layerNormEps ?? DEFAULT_LAYER_NORM_EPS;
  const wte = param(p, 'transformer.wte.weight');
  const positions = tf.range(0, seqLen, 1, 'int32');
  let x: tf.Tensor3D = tf.add(tf.gather(wte, tokens), tf.gather(param(p, 'transformer.wpe.weight'), positions));
  const hidden = [x];
  const mask = causalMask(seqLen);
  for (let layer = 0; layer < config.nLayer; layer++) {
    x = block(config, p, `transformer.h.${layer}`, x, mask, eps);
    hidden.push(x);
  }
  const lnFinal = layerNorm(x, param(p, 'transformer.ln_f.weight'), param(p, 'transformer.ln_f.bias'), eps);
  const [batch, , channels] = lnFinal.shape;
  const logits = tf.matMul(tf.reshape(lnFinal, [batch * seqLen, channels]), wte, false, true);
  return { logits: tf.reshape(logits, [batch, seqLen, config.vocabSize]), hidden, lnFinal };
}

function block(
  config: ReferenceConfig,
  p: ParamTensors,
  prefix: string,
  x: tf.Tensor3D,
  mask: tf.Tensor2D,
  eps: number,
): tf.Tensor3D {
  const ln1 = layerNorm(x, param(p, `${prefix}.ln_1.weight`), param(p, `${prefix}.ln_1.bias`), eps);
  const afterAttention: tf.Tensor3D = tf.add(x, attention(config, p, `${prefix}.attn`, ln1, mask));
  const ln2 = layerNorm(afterAttention, param(p, `${prefix}.ln_2.weight`), param(p, `${prefix}.ln_2.bias`), eps);
  return tf.add(afterAttention, mlp(p, `${prefix}.mlp`, ln2));
}

function attention(
  config: ReferenceConfig,
  p: ParamTensors,
  prefix: string,
  x: tf.Tensor3D,
  mask: tf.Tensor2D,
): tf.Tensor3D {
  const headSize = config.nEmbd / config.nHead;
  const qkv = conv1d(x, param(p, `${prefix}.c_attn.weight`), param(p, `${prefix}.c_attn.bias`));
  const [q, k, v] = tf.split(qkv, 3, 2).map((part) => splitHeads(part as tf.Tensor3D, config.nHead));
  const scores = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(headSize)), mask);
  const context = mergeHeads(tf.matMul(tf.softmax(scores), v));
  return conv1d(context, param(p, `${prefix}.c_proj.weight`), param(p, `${prefix}.c_proj.bias`));
}

function mlp(p: ParamTensors, prefix: string, x: tf.Tensor3D): tf.Tensor3D {
  const inner = geluNew(conv1d(x, param(p, `${prefix}.c_fc.weight`), param(p, `${prefix}.c_fc.bias`)));
  return conv1d(inner, param(p, `${prefix}.c_proj.weight`), param(p, `${prefix}.c_proj.bias`));
}

/** Hugging Face's Conv1D is a linear layer whose weight is stored [in, out]. */
function conv1d(x: tf.Tensor3D, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor3D {
  const [batch, seqLen, inDim] = x.shape;
  const matrix = weight as tf.Tensor2D;
  const outDim = matrix.shape[1];
  const flat = tf.add(tf.matMul(tf.reshape(x, [batch * seqLen, inDim]), matrix), bias);
  return tf.reshape(flat, [batch, seqLen, outDim]);
}

/** Biased variance over the last axis, as torch.nn.LayerNorm computes it. */
function layerNorm(x: tf.Tensor3D, weight: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor3D {
  const centered = tf.sub(x, tf.mean(x, -1, true));
  const variance = tf.mean(tf.square(centered), -1, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, eps))), weight), bias);
}

function geluNew(x: tf.Tensor3D): tf.Tensor3D {
  const cubic = tf.mul(GELU_CUBIC, tf.mul(x, tf.mul(x, x)));
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, cubic));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/** (B, T, C) -> (B, H, T, C/H) */
function splitHeads(x: tf.Tensor3D, nHead: number): tf.Tensor4D {
  const [batch, seqLen, channels] = x.shape;
  return tf.transpose(tf.reshape(x, [batch, seqLen, nHead, channels / nHead]), [0, 2, 1, 3]);
}

/** (B, H, T, D) -> (B, T, H*D) */
function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [batch, nHead, seqLen, headSize] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batch, seqLen, nHead * headSize]);
}

/** (T, T) additive mask: 0 where key <= query, MASKED_SCORE for future keys. */
function causalMask(seqLen: number): tf.Tensor2D {
  const values = new Float32Array(seqLen * seqLen);
  for (let query = 0; query < seqLen; query++) {
    for (let key = query + 1; key < seqLen; key++) values[query * seqLen + key] = MASKED_SCORE;
  }
  return tf.tensor2d(values, [seqLen, seqLen], 'float32');
}

// ---------------------------------------------------------------------------------------------- loss

interface ShiftedTargets {
  /** (B*(T-1)) class per predicting position; ignored positions hold 0 and have weight 0. */
  classes: Int32Array;
  weights: Float32Array;
  kept: number;
  vocabSize: number;
}

function shiftedTargets(config: ReferenceConfig, labels: Int32Array, batch: number, seqLen: number): ShiftedTargets {
  if (labels.length !== batch * seqLen) {
    throw new Error(`labels has ${labels.length} entries but tokens are ${batch} x ${seqLen}`);
  }
  const predicting = seqLen - 1;
  const classes = new Int32Array(batch * predicting);
  const weights = new Float32Array(batch * predicting);
  let kept = 0;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < predicting; t++) {
      const label = labels[b * seqLen + t + 1];
      if (label === IGNORE_INDEX) continue;
      if (label < 0 || label >= config.vocabSize) {
        throw new Error(`label ${label} at [${b}, ${t + 1}] is outside [0, ${config.vocabSize}) and is not ${IGNORE_INDEX}`);
      }
      classes[b * predicting + t] = label;
      weights[b * predicting + t] = 1;
      kept++;
    }
  }
  if (kept === 0) throw new Error(`every shifted label is ${IGNORE_INDEX}: the mean loss is undefined`);
  return { classes, weights, kept, vocabSize: config.vocabSize };
}

function causalLmLoss(logits: tf.Tensor3D, targets: ShiftedTargets): tf.Scalar {
  const [batch, seqLen, vocab] = logits.shape;
  const predicting = tf.reshape(tf.slice(logits, [0, 0, 0], [batch, seqLen - 1, vocab]), [-1, vocab]);
  const logProbs = tf.logSoftmax(predicting);
  const oneHot = tf.oneHot(tf.tensor1d(targets.classes, 'int32'), targets.vocabSize);
  const targetLogProbs = tf.sum(tf.mul(logProbs, oneHot), 1);
  const keptSum = tf.sum(tf.mul(targetLogProbs, tf.tensor1d(targets.weights, 'float32')));
  return tf.div(tf.neg(keptSum), targets.kept);
}

// ---------------------------------------------------------------------------------------------- plumbing

function checkInputs(
  config: ReferenceConfig,
  params: Map<string, Float32Array>,
  tokens: Int32Array,
  batch: number,
): number {
  if (tf.getBackend() !== 'cpu') throw new Error('await initReference() before using the reference model');
  if (config.nEmbd % config.nHead !== 0) {
    throw new Error(`nEmbd ${config.nEmbd} is not divisible by nHead ${config.nHead}`);
  }
  checkParams(config, params);
  return checkTokens(config, tokens, batch);
}

function checkParams(config: ReferenceConfig, params: Map<string, Float32Array>): void {
  const shapes = referenceParameterShapes(config);
  for (const [name, shape] of shapes) {
    const values = params.get(name);
    if (!values) throw new Error(`missing parameter ${name}`);
    const expected = shape.reduce((n, dim) => n * dim, 1);
    if (values.length !== expected) {
      throw new Error(`parameter ${name} has ${values.length} values, expected shape [${shape.join(', ')}] (${expected})`);
    }
  }
  const known = new Set(shapes.map(([name]) => name));
  const unexpected = [...params.keys()].filter((name) => !known.has(name));
  if (unexpected.length > 0) {
    throw new Error(`unexpected parameters (the LM head is tied to wte): ${unexpected.join(', ')}`);
  }
}

/** Returns the sequence length. */
function checkTokens(config: ReferenceConfig, tokens: Int32Array, batch: number): number {
  const seqLen = tokens.length / batch;
  if (!Number.isInteger(batch) || batch < 1 || !Number.isInteger(seqLen) || seqLen < 1) {
    throw new Error(`${tokens.length} tokens cannot be split into a batch of ${batch} sequences`);
  }
  if (seqLen > config.nPositions) {
    throw new Error(`sequence length ${seqLen} exceeds nPositions ${config.nPositions}`);
  }
  const outOfRange = tokens.findIndex((token) => token < 0 || token >= config.vocabSize);
  if (outOfRange >= 0) {
    throw new Error(`token ${tokens[outOfRange]} at index ${outOfRange} is outside [0, ${config.vocabSize})`);
  }
  return seqLen;
}

function toTensors(config: ReferenceConfig, params: Map<string, Float32Array>): ParamTensors {
  return new Map(
    referenceParameterShapes(config).map(([name, shape]) => [name, tf.tensor(params.get(name)!, shape, 'float32')]),
  );
}

function param(p: ParamTensors, name: string): tf.Tensor {
  const tensor = p.get(name);
  if (!tensor) throw new Error(`missing parameter ${name}`);
  return tensor;
}

/** A copy, so callers never alias TensorFlow.js's internal storage. */
function copyOut(tensor: tf.Tensor): Float32Array {
  return Float32Array.from(tensor.dataSync() as Float32Array);
}

/** tf.tidy can only return tensors; this runs a computation in a tidy scope and keeps its plain-JS result. */
function tidyValue<T>(compute: () => T): T {
  let result: T | undefined;
  tf.tidy(() => {
    result = compute();
  });
  return result as T;
}
