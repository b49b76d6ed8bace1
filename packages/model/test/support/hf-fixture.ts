// The Hugging Face GPT-2 golden files, copied byte for byte from the shared fixtures.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { readSafetensors, type Tensor } from '@clusterlens/schema';

export const HF_TINY_DIR = fileURLToPath(new URL('../fixtures/hf-gpt2-tiny', import.meta.url));

export interface HfFixtureMeta {
  config: { n_layer: number; n_head: number; n_embd: number; n_positions: number; vocab_size: number; batch: number };
  param_names: string[];
  adamw: { lr: number; betas: [number, number]; eps: number; weight_decay: number; steps: number };
}

export const hfMeta = JSON.parse(readFileSync(`${HF_TINY_DIR}/meta.json`, 'utf8')) as HfFixtureMeta;

export async function hfExpected(): Promise<Map<string, Tensor>> {
  return (await readSafetensors(`${HF_TINY_DIR}/expected.safetensors`)).tensors;
}

/** A tensor of expected.safetensors as float32 (for values) or int32 (for ids stored as int64). */
export function asFloat32(tensor: Tensor | undefined, name: string): Float32Array {
  if (!tensor) throw new Error(`expected.safetensors has no tensor ${name}`);
  return Float32Array.from(tensor.data as ArrayLike<number>);
}

export function asInt32(tensor: Tensor | undefined, name: string): Int32Array {
  if (!tensor) throw new Error(`expected.safetensors has no tensor ${name}`);
  const data = tensor.data;
  return data instanceof BigInt64Array ? Int32Array.from(data, (x) => Number(x)) : Int32Array.from(data as ArrayLike<number>);
}

/** activations.safetensors: per-block activations under TransformerLens names (tools/reference/hf_activations.py). */
export async function hfActivations(): Promise<Map<string, Tensor>> {
  return (await readSafetensors(`${HF_TINY_DIR}/activations.safetensors`)).tensors;
}
