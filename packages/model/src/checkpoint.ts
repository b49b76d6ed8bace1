// Training checkpoints: parameters and AdamW state in one safetensors file, with the configs as metadata.
import type { GptConfig, OptimizerConfig, OptimizerState, ParamTensor } from '@clusterlens/native';
import { readSafetensors, writeSafetensors, type Tensor } from '@clusterlens/schema';

import { paramsFromTensors, tensorsFromParams } from './huggingface.js';

const FORMAT = 'clusterlens-checkpoint';
const VERSION = '1';

export interface CheckpointContents {
  config: Required<GptConfig>;
  optimizer: OptimizerConfig;
  params: Float32Array;
  state: OptimizerState;
  /** Whatever the caller stored alongside (e.g. the data sampler's position). */
  extra: Record<string, string>;
}

export async function writeCheckpoint(
  file: string,
  layout: ParamTensor[],
  contents: CheckpointContents,
): Promise<void> {
  const tensors = new Map<string, Tensor>([
    ...tensorsFromParams(contents.params, layout, 'param.'),
    ...tensorsFromParams(contents.state.m, layout, 'adam_m.'),
    ...tensorsFromParams(contents.state.v, layout, 'adam_v.'),
  ]);
  const metadata: Record<string, string> = {
    format: FORMAT,
    version: VERSION,
    config: JSON.stringify(contents.config),
    optimizer: JSON.stringify(contents.optimizer),
    step: String(contents.state.step),
    extra: JSON.stringify(contents.extra),
  };
  await writeSafetensors(file, tensors, metadata);
}

function parseJson<T>(file: string, key: string, text: string | undefined): T {
  if (text === undefined) throw new RangeError(`${file}: checkpoint metadata '${key}' is missing`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new RangeError(`${file}: checkpoint metadata '${key}' is not valid JSON`);
  }
}

/** Reads a checkpoint; layoutFor gives the parameter layout of its config (from the engine). */
export async function readCheckpoint(
  file: string,
  layoutFor: (config: Required<GptConfig>) => ParamTensor[],
): Promise<CheckpointContents> {
  const { tensors, metadata } = await readSafetensors(file);
  if (metadata.format !== FORMAT) {
    throw new RangeError(`${file}: not a clusterlens checkpoint (format '${metadata.format ?? 'missing'}'); ` +
      'use Gpt.fromHuggingFace for a Hugging Face model directory');
  }
  if (metadata.version !== VERSION) throw new RangeError(`${file}: checkpoint version ${metadata.version} is not supported`);
  const config = parseJson<Required<GptConfig>>(file, 'config', metadata.config);
  const optimizer = parseJson<OptimizerConfig>(file, 'optimizer', metadata.optimizer);
  const extra = parseJson<Record<string, string>>(file, 'extra', metadata.extra ?? '{}');
  const step = Number(metadata.step);
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`${file}: checkpoint step '${metadata.step}' is invalid`);
  const layout = layoutFor(config);
  const group = (prefix: string) => {
    const selected = new Map<string, Tensor>();
    for (const [name, tensor] of tensors) if (name.startsWith(prefix)) selected.set(name.slice(prefix.length), tensor);
    return paramsFromTensors(selected, layout, `${file} (${prefix}*)`);
  };
  return { config, optimizer, params: group('param.'), state: { m: group('adam_m.'), v: group('adam_v.'), step }, extra };
}
