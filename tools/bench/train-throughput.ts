// Training throughput of the native engine against the PyTorch reference, on identical shapes.
// Both are measured in the same run so the ratio is meaningful even on a noisy machine;
// the absolute numbers depend on the machine and are not goals.
import { performance } from 'node:perf_hooks';

import { Random } from '@clusterlens/schema';

import { printTable, type ResultRow } from './table.js';
import { runTorchBench, type TorchBenchOutcome } from './torch.js';

// The default clusterlens model (GPT-2 architecture) and the batch it trains on.
const MODEL = { nLayer: 5, nHead: 4, nEmbd: 128, nPositions: 32, vocabSize: 58 };
// What the reference does each step: constant-lr AdamW with decay on every parameter, clip at 1.
const OPTIMIZER = {
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.01,
  warmupSteps: 0,
  totalSteps: 0,
  gradClip: 1,
};
const BATCH = 64;
const SEQ_LEN = MODEL.nPositions; // full-context sequences, as the reference trains on
const WARMUP_STEPS = 5;
const TIMED_STEPS = 30;
const SEED = 0;
const THREAD_COUNTS = [1, 2];

interface StepTiming {
  msPerStep: number;
  tokensPerS: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timingFromSteps(stepMs: readonly number[]): StepTiming {
  const msPerStep = median(stepMs); // median, like the reference: robust to scheduler hiccups
  return { msPerStep, tokensPerS: (BATCH * SEQ_LEN) / (msPerStep / 1000) };
}

function randomTokens(count: number, vocabSize: number, seed: number): Int32Array {
  const random = new Random(seed);
  return Int32Array.from({ length: count }, () => random.int(vocabSize));
}

async function measureNative(threads: number): Promise<StepTiming> {
  // Imported here, not at the top, so the other benchmarks still run when the engine is not built.
  const { Gpt } = await import('@clusterlens/model');
  const gpt = await Gpt.create(MODEL, { seed: SEED, threads, optimizer: OPTIMIZER });
  try {
    const tokens = randomTokens(BATCH * SEQ_LEN, MODEL.vocabSize, SEED);
    // Hugging Face shift semantics: labels align with tokens and the model shifts them itself,
    // exactly what the reference does, so both compute the same loss over the same positions.
    const labels = tokens.slice();
    const stepMs: number[] = [];
    for (let step = 0; step < WARMUP_STEPS + TIMED_STEPS; step++) {
      const start = performance.now();
      const loss = await gpt.step(tokens, labels, { batch: BATCH });
      const elapsed = performance.now() - start;
      if (!Number.isFinite(loss)) throw new Error(`native loss is not finite at step ${step}: ${loss}`);
      if (step >= WARMUP_STEPS) stepMs.push(elapsed);
    }
    return timingFromSteps(stepMs);
  } finally {
    gpt.dispose();
  }
}

function measureTorch(threads: number): Promise<TorchBenchOutcome> {
  return runTorchBench({ threads, ...MODEL, batch: BATCH, warmup: WARMUP_STEPS, steps: TIMED_STEPS, seed: SEED });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function benchTrainThroughput(): Promise<void> {
  const shape = `GPT-2 L${MODEL.nLayer} C${MODEL.nEmbd} H${MODEL.nHead} V${MODEL.vocabSize}`;
  console.log(`${shape}, batch ${BATCH}x${SEQ_LEN}, median of ${TIMED_STEPS} steps after ${WARMUP_STEPS} warmup`);
  let nativeFailure: string | undefined;
  let torchSkipReported = false;

  for (const threads of THREAD_COUNTS) {
    const label = `${threads} thread${threads === 1 ? '' : 's'}`;
    // Still measure PyTorch when the native side fails, so the reference numbers are not lost.
    let native: StepTiming | undefined;
    try {
      native = await measureNative(threads);
    } catch (error) {
      nativeFailure ??= errorMessage(error);
    }
    const torch = await measureTorch(threads);

    const rows: ResultRow[] = [];
    if (native) {
      const ratio = 'skipped' in torch ? undefined : native.tokensPerS / torch.tokensPerS;
      rows.push({ name: `native, ${label}`, value: native.tokensPerS, unit: 'tok/s', ratio });
    }
    if (!('skipped' in torch)) {
      rows.push({ name: `pytorch ${torch.torchVersion}, ${label}`, value: torch.tokensPerS, unit: 'tok/s' });
    }
    printTable(`train throughput, ${label} (ratio = native / pytorch)`, rows);
    if (!native) console.log(`  native: failed: ${nativeFailure}`);
    if ('skipped' in torch && !torchSkipReported) {
      console.log(`  PyTorch reference skipped: ${torch.skipped}`);
      torchSkipReported = true;
    }
  }

  if (nativeFailure !== undefined) throw new Error(`native engine failed: ${nativeFailure}`);
}
