// Peak memory of a default trial (examples/trial.yaml's model, batch and evaluation, fewer steps) against what the
// training must hold: parameters + gradients + AdamW's moments + one training step's activations (with the backward
// pass's scratch). The trial runs in a child process so its peak is its own; the Node runtime, the packages and the
// addon (the child's resident memory before the trial starts) are not counted against the model.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { TRIAL_DEFAULTS } from '@clusterlens/experiment';
import { Gpt, type MemoryUse } from '@clusterlens/model';

import { printTable } from './table.js';

const STEPS = 100;
const EVERY = 50;
const THREADS = 2;
/** The default synthetic suite's vocabulary and context (58 tokens, 32 positions). */
const VOCAB_SIZE = 58;
const MiB = 2 ** 20;

interface TrialMemory {
  baselineRss: number;
  peakRss: number;
  model: MemoryUse;
}

/** What a training step of the default model at the default batch holds, measured on the engine after one step. */
async function trainingStepMemory(): Promise<MemoryUse> {
  const { model, training } = TRIAL_DEFAULTS;
  const T = TRIAL_DEFAULTS.data.contextLength;
  const gpt = await Gpt.create({ ...model, nPositions: T, vocabSize: VOCAB_SIZE }, { seed: 0 });
  const tokens = new Int32Array(training.batchSize * T).fill(1);
  await gpt.step(tokens, tokens, { batch: training.batchSize });
  const use = gpt.memoryUse();
  gpt.dispose();
  return use;
}

const total = (use: MemoryUse) => use.params + use.grads + use.optimizer + use.activations;

export async function benchPeakMemory(): Promise<void> {
  const needed = await trainingStepMemory();
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./peak-memory-trial.ts', import.meta.url)), String(STEPS), String(EVERY), String(THREADS)], {
    encoding: 'utf8',
    maxBuffer: 16 * MiB,
  });
  if (child.status !== 0) throw new Error(`the peak-memory trial failed (exit ${child.status}):\n${child.stderr}`);
  const trial = JSON.parse(child.stdout.trim().split('\n').pop()!) as TrialMemory;
  const trialPeak = trial.peakRss - trial.baselineRss;
  printTable(`peak memory of a default trial (${STEPS} steps, evaluation every ${EVERY}, ${THREADS} threads; ratio = / parameters + gradients + optimizer + activations)`, [
    { name: 'parameters', value: needed.params / MiB, unit: 'MiB' },
    { name: 'gradients', value: needed.grads / MiB, unit: 'MiB' },
    { name: 'optimizer (AdamW moments)', value: needed.optimizer / MiB, unit: 'MiB' },
    { name: 'activations (one training step)', value: needed.activations / MiB, unit: 'MiB' },
    { name: 'sum', value: total(needed) / MiB, unit: 'MiB', ratio: 1 },
    { name: "trial's engine buffers at the end", value: total(trial.model) / MiB, unit: 'MiB', ratio: total(trial.model) / total(needed) },
    { name: 'trial peak RSS above its start', value: trialPeak / MiB, unit: 'MiB', ratio: trialPeak / total(needed) },
    { name: 'trial peak RSS (whole process)', value: trial.peakRss / MiB, unit: 'MiB', ratio: trial.peakRss / total(needed) },
  ]);
}
