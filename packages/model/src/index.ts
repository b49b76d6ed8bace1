export { Gpt } from './gpt.js';
export { GptEnsemble, type MemberBatch } from './ensemble.js';
export { checkDevice, checkPrecision, DeviceError, DEVICES, PRECISIONS, usableDevices, type Device, type Precision } from './device.js';
export type {
  CreateOptions,
  ExtraGradOptions,
  ForwardOptions,
  ForwardOutput,
  ObjectiveInput,
  ObjectiveOutput,
  ObjectiveTrainOptions,
  StepObjective,
  StepStats,
  TrainOptions,
} from './gpt.js';

export type { GptConfig, MemoryUse, OptimizerConfig } from '@clusterlens/native';
export { HOOK_NAMES, resolveHook, residHookName, type BlockActivation, type HookSource } from './hooks.js';
export { IGNORE_INDEX, shiftLabels } from './labels.js';
export { configFromHuggingFace, configToHuggingFace } from './huggingface.js';
export type { HuggingFaceDirOptions, SequenceTokenIds } from './huggingface.js';
export {
  parseSafetensors,
  readSafetensors,
  serializeSafetensors,
  writeSafetensors,
  SafetensorsError,
  type DType,
  type SafetensorsContents,
  type Tensor,
  type TensorCollection,
  type TensorData,
} from '@clusterlens/schema';
