export { Gpt } from './gpt.js';
export type { CreateOptions, ForwardOptions, ForwardOutput, StepStats, TrainOptions } from './gpt.js';
export { DEFAULT_GPT_CONFIG, DEFAULT_OPTIMIZER } from './config.js';
export type { GptConfig, OptimizerConfig } from './config.js';
export { resolveHook, residHookName, type HookSource } from './hooks.js';
export { IGNORE_INDEX, shiftLabels } from './labels.js';
export { configFromHuggingFace, configToHuggingFace } from './huggingface.js';
export {
  parseSafetensors,
  readSafetensors,
  serializeSafetensors,
  writeSafetensors,
  SafetensorsError,
  type DType,
  type Tensor,
} from './safetensors.js';
