// Hugging Face GPT-2 checkpoints: config.json + model.safetensors, as `save_pretrained` writes them.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { GptConfig, ParamTensor } from '@clusterlens/native';
import { readSafetensors, writeSafetensors, type Tensor } from '@clusterlens/schema';

const TANH_GELU = new Set(['gelu_new', 'gelu_pytorch_tanh', 'gelu_fast']);
const PREFIX = 'transformer.';

/** Reads a GPT-2 config.json; errors name the field and what clusterlens supports. */
export function configFromHuggingFace(json: Record<string, unknown>, file = 'config.json'): Required<GptConfig> {
  const int = (key: string): number => {
    const v = json[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new RangeError(`${file}: ${key} must be a positive integer, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  if (json.model_type !== undefined && json.model_type !== 'gpt2') {
    throw new RangeError(`${file}: model_type '${String(json.model_type)}' is not supported; clusterlens loads GPT-2 models`);
  }
  const activation = json.activation_function ?? 'gelu_new';
  if (typeof activation !== 'string' || !TANH_GELU.has(activation)) {
    throw new RangeError(`${file}: activation_function '${String(activation)}' is not supported; use gelu_new (tanh GELU)`);
  }
  const nEmbd = int('n_embd');
  if (json.n_inner !== undefined && json.n_inner !== null && json.n_inner !== 4 * nEmbd) {
    throw new RangeError(`${file}: n_inner ${String(json.n_inner)} is not supported; the MLP width must be 4 * n_embd`);
  }
  if (json.tie_word_embeddings === false) {
    throw new RangeError(`${file}: tie_word_embeddings false is not supported; the LM head is tied to wte`);
  }
  for (const key of ['scale_attn_by_inverse_layer_idx', 'reorder_and_upcast_attn', 'add_cross_attention']) {
    if (json[key] === true) throw new RangeError(`${file}: ${key} true is not supported`);
  }
  const eps = json.layer_norm_epsilon ?? 1e-5;
  if (typeof eps !== 'number' || !(eps > 0)) {
    throw new RangeError(`${file}: layer_norm_epsilon must be a positive number, got ${JSON.stringify(eps)}`);
  }
  return {
    nLayer: int('n_layer'),
    nHead: int('n_head'),
    nEmbd,
    nPositions: int('n_positions'),
    vocabSize: int('vocab_size'),
    layerNormEps: eps,
  };
}

/** Ids of the tokens that begin, end and pad a sequence, named in config.json and generation_config.json. */
export interface SequenceTokenIds {
  bos: number;
  eos: number;
  pad: number;
}

/**
 * The config.json that transformers writes for a GPT2LMHeadModel of this shape. Without `tokens`, transformers
 * assumes GPT-2's own ids (50256), which a smaller vocabulary does not have.
 */
export function configToHuggingFace(config: Required<GptConfig>, tokens?: SequenceTokenIds): Record<string, unknown> {
  return {
    ...(tokens ? { bos_token_id: tokens.bos, eos_token_id: tokens.eos, pad_token_id: tokens.pad } : {}),
    activation_function: 'gelu_new',
    architectures: ['GPT2LMHeadModel'],
    attn_pdrop: 0.0,
    embd_pdrop: 0.0,
    initializer_range: 0.02,
    layer_norm_epsilon: config.layerNormEps,
    model_type: 'gpt2',
    n_embd: config.nEmbd,
    n_head: config.nHead,
    n_inner: null,
    n_layer: config.nLayer,
    n_positions: config.nPositions,
    resid_pdrop: 0.0,
    scale_attn_by_inverse_layer_idx: false,
    reorder_and_upcast_attn: false,
    tie_word_embeddings: true,
    torch_dtype: 'float32',
    vocab_size: config.vocabSize,
  };
}

/** Tensors a GPT-2 checkpoint may carry that are not parameters (causal-mask buffers, the tied head). */
function isIgnorable(name: string): boolean {
  return /\.attn\.(masked_)?bias$/.test(name) || name === 'lm_head.weight';
}

/**
 * Fills the flat parameter buffer from Hugging Face tensors, accepting names with or without the
 * `transformer.` prefix. Attention and MLP weights are Conv1D, stored [in, out], which is the engine's own
 * layout, so they copy as they are; a shape that differs (e.g. an nn.Linear [out, in] export) is an error.
 */
export function paramsFromTensors(tensors: Map<string, Tensor>, layout: ParamTensor[], source: string): Float32Array {
  const byName = new Map<string, Tensor>();
  for (const [name, tensor] of tensors) {
    if (isIgnorable(name)) continue;
    const canonical = name.startsWith(PREFIX) ? name : PREFIX + name;
    if (byName.has(canonical)) throw new RangeError(`${source}: tensor ${canonical} appears twice (with and without prefix)`);
    byName.set(canonical, tensor);
  }
  const total = layout.reduce((n, t) => n + t.size, 0);
  const params = new Float32Array(total);
  for (const t of layout) {
    const tensor = byName.get(t.name);
    if (!tensor) throw new RangeError(`${source}: tensor ${t.name} is missing`);
    if (tensor.shape.join(',') !== t.shape.join(',')) {
      throw new RangeError(`${source}: tensor ${t.name} has shape [${tensor.shape}], expected [${t.shape}] (Conv1D [in, out] layout)`);
    }
    if (!(tensor.data instanceof Float32Array)) {
      throw new RangeError(`${source}: tensor ${t.name} has dtype ${tensor.dtype}; clusterlens loads float32 checkpoints`);
    }
    params.set(tensor.data, t.offset);
    byName.delete(t.name);
  }
  if (byName.size > 0) {
    throw new RangeError(`${source}: unexpected tensors ${[...byName.keys()].slice(0, 5).join(', ')}`);
  }
  return params;
}

/** Splits the flat parameter buffer into named tensors (copies). */
export function tensorsFromParams(params: Float32Array, layout: ParamTensor[], prefix = ''): Map<string, Tensor> {
  const tensors = new Map<string, Tensor>();
  for (const t of layout) {
    tensors.set(prefix + t.name, { dtype: 'F32', shape: [...t.shape], data: params.slice(t.offset, t.offset + t.size) });
  }
  return tensors;
}

export async function readHuggingFaceDir(dir: string): Promise<{ config: Required<GptConfig>; tensors: Map<string, Tensor> }> {
  const configFile = join(dir, 'config.json');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${configFile}: cannot read a Hugging Face config (${(error as Error).message})`, { cause: error });
  }
  const config = configFromHuggingFace(json, configFile);
  const { tensors } = await readSafetensors(join(dir, 'model.safetensors'));
  return { config, tensors };
}

export interface HuggingFaceDirOptions {
  /** The vocabulary's BOS/EOS/PAD ids (also written to generation_config.json). */
  tokens?: SequenceTokenIds;
  /** More JSON files for the directory (e.g. the tokenizer's), by file name. */
  files?: Record<string, unknown>;
}

export async function writeHuggingFaceDir(
  dir: string,
  config: Required<GptConfig>,
  tensors: Map<string, Tensor>,
  options: HuggingFaceDirOptions = {},
): Promise<void> {
  const { tokens, files = {} } = options;
  const json: Record<string, unknown> = { ...files, 'config.json': configToHuggingFace(config, tokens) };
  if (tokens) json['generation_config.json'] = { bos_token_id: tokens.bos, eos_token_id: tokens.eos, pad_token_id: tokens.pad };
  await mkdir(dir, { recursive: true });
  for (const [name, contents] of Object.entries(json)) await writeFile(join(dir, name), JSON.stringify(contents, null, 2) + '\n');
  await writeSafetensors(join(dir, 'model.safetensors'), tensors, { format: 'pt' });
}
