// Training throughput of the native engine against the PyTorch reference (a current 2.x, torch-venv.ts), on identical
// shapes: the default model and a small one. Both are measured in the same run so the ratio is meaningful even on a
// noisy machine; the machine's sgemm peak (the faster of PyTorch's BLAS and the engine's own sgemm) is read in every
// round too, and each engine's training step is reported as a fraction of its round's peak (model FLOPs: the matrix
// products of a forward and backward pass, attention counted over the full T x T scores as in PaLM's model-FLOPs
// utilisation). Absolute numbers depend on the machine.
import { performance } from 'node:perf_hooks';

import { Random } from '@clusterlens/schema';

import { engineSgemmGflops } from './engine-sgemm.js';
import { median } from './median.js';
import { printTable, type ResultRow } from './table.js';
import { runTorchBench, type TorchBenchOutcome } from './torch.js';

interface ModelShape {
  nLayer: number;
  nHead: number;
  nEmbd: number;
  nPositions: number;
  vocabSize: number;
}

// The default clusterlens model (GPT-2 architecture) and a small one, each with the batch it trains on here.
const SHAPES: readonly { name: string; model: ModelShape }[] = [
  { name: 'default', model: { nLayer: 5, nHead: 4, nEmbd: 128, nPositions: 32, vocabSize: 58 } },
  { name: 'small', model: { nLayer: 2, nHead: 4, nEmbd: 64, nPositions: 32, vocabSize: 58 } },
];
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
const WARMUP_STEPS = 5;
const TIMED_STEPS = 20;
// The two engines take turns, ROUNDS times: on a shared machine whose speed drifts (other tenants of a VM), each
// round's pair runs close in time, and the ratio printed is the median of the rounds' ratios.
const ROUNDS = 5;
const SEED = 0;
// The sgemm peak: products of two PEAK_SIZE x PEAK_SIZE matrices, read in each round right after PyTorch's steps, by
// PyTorch and by the engine.
const PEAK_SIZE = 1024;
const THREAD_COUNTS = [1, 2];

interface StepTiming {
  msPerStep: number;
  tokensPerS: number;
}

function timingFromSteps(stepMs: readonly number[], seqLen: number): StepTiming {
  const msPerStep = median(stepMs); // median, like the reference: robust to scheduler hiccups
  return { msPerStep, tokensPerS: (BATCH * seqLen) / (msPerStep / 1000) };
}

/** Matrix-product FLOPs of one training step (forward and backward: 3x the forward's) on full-length sequences. */
function trainingFlops(m: ModelShape): number {
  const { nLayer: L, nEmbd: C, nPositions: T, vocabSize: V } = m;
  const forwardPerToken = L * (24 * C * C + 4 * T * C) + 2 * C * V;
  return 3 * forwardPerToken * BATCH * T;
}

function randomTokens(count: number, vocabSize: number, seed: number): Int32Array {
  const random = new Random(seed);
  return Int32Array.from({ length: count }, () => random.int(vocabSize));
}

async function measureNative(model: ModelShape, threads: number): Promise<StepTiming> {
  // Imported here, not at the top, so the other benchmarks still run when the engine is not built.
  const { Gpt } = await import('@clusterlens/model');
  const gpt = await Gpt.create(model, { seed: SEED, threads, optimizer: OPTIMIZER });
  try {
    const tokens = randomTokens(BATCH * model.nPositions, model.vocabSize, SEED);
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
    return timingFromSteps(stepMs, model.nPositions);
  } finally {
    gpt.dispose();
  }
}

function measureTorch(model: ModelShape, threads: number): Promise<TorchBenchOutcome> {
  return runTorchBench({ threads, ...model, batch: BATCH, warmup: WARMUP_STEPS, steps: TIMED_STEPS, seed: SEED, peakSize: PEAK_SIZE });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One round: the engine, then the reference, on the same shapes, then the engine's sgemm peak. */
interface Round {
  native?: StepTiming;
  torch: TorchBenchOutcome;
  enginePeak: number | { skipped: string };
}

/** A round's sgemm peak: the faster of PyTorch's and the engine's, when both were read. */
function roundPeak(round: Round): number | undefined {
  if ('skipped' in round.torch || round.torch.sgemmGflops === undefined || typeof round.enginePeak !== 'number') return undefined;
  return Math.max(round.torch.sgemmGflops, round.enginePeak);
}

/** The median and range of one peak reading over the rounds, as a table row. */
function peakRow(name: string, peaks: readonly number[]): ResultRow {
  return { name: `${name}, median (${Math.min(...peaks).toFixed(1)}-${Math.max(...peaks).toFixed(1)})`, value: median(peaks), unit: 'GFLOP/s' };
}

/** Median step time over the rounds, as a timing. */
function medianTiming(timings: readonly StepTiming[], seqLen: number): StepTiming {
  const msPerStep = median(timings.map((t) => t.msPerStep));
  return { msPerStep, tokensPerS: (BATCH * seqLen) / (msPerStep / 1000) };
}

export async function benchTrainThroughput(): Promise<void> {
  console.log(
    `batch ${BATCH} of full-length sequences; ${ROUNDS} rounds of engine then PyTorch, each the median of ${TIMED_STEPS} ` +
      `steps after ${WARMUP_STEPS} warm-up steps, then the sgemm peak (${PEAK_SIZE}x${PEAK_SIZE}, the faster of PyTorch's ` +
      "and the engine's); tok/s: the median round; ratio and shares of the peak: the medians of the rounds' own",
  );
  let nativeFailure: string | undefined;
  let torchSkipReported = false;
  let enginePeakSkipReported = false;

  for (const threads of THREAD_COUNTS) {
    const label = `${threads} thread${threads === 1 ? '' : 's'}`;
    for (const { name, model } of SHAPES) {
      const shape = `${name} model (L${model.nLayer} C${model.nEmbd} H${model.nHead} T${model.nPositions} V${model.vocabSize})`;
      const rounds: Round[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // Still measure PyTorch when the native side fails, so the reference numbers are not lost.
        let native: StepTiming | undefined;
        try {
          if (nativeFailure === undefined) native = await measureNative(model, threads);
        } catch (error) {
          nativeFailure ??= errorMessage(error);
        }
        const torch = await measureTorch(model, threads);
        rounds.push({ native, torch, enginePeak: await engineSgemmGflops(PEAK_SIZE, threads) });
      }
      const nativeRounds = rounds.flatMap((r) => (r.native ? [r.native] : []));
      const native = nativeRounds.length === ROUNDS ? medianTiming(nativeRounds, model.nPositions) : undefined;
      const torchRounds = rounds.flatMap((r) => ('skipped' in r.torch ? [] : [r.torch]));
      const torch: TorchBenchOutcome =
        torchRounds.length === ROUNDS ? { ...medianTiming(torchRounds, model.nPositions), torchVersion: torchRounds[0]!.torchVersion } : rounds[0]!.torch;
      // Per round, from rounds where both engines ran: the ratio, and each engine's share of that round's peak.
      const complete = rounds.flatMap((r) => (r.native && !('skipped' in r.torch) ? [{ native: r.native, torch: r.torch }] : []));
      const all = complete.length === ROUNDS;
      const peaks = rounds.flatMap((r) => roundPeak(r) ?? []);
      const ofPeak = (msPerStep: number, gflops: number) => trainingFlops(model) / (msPerStep / 1000) / 1e9 / gflops;
      const shares = (pick: (r: (typeof complete)[number]) => StepTiming) =>
        all && peaks.length === ROUNDS ? median(complete.map((r, i) => ofPeak(pick(r).msPerStep, peaks[i]!))) : undefined;

      const rows: ResultRow[] = [];
      if (native) {
        const ratio = all ? median(complete.map((r) => r.native.tokensPerS / r.torch.tokensPerS)) : undefined;
        rows.push({ name: 'native', value: native.tokensPerS, unit: 'tok/s', ratio });
      }
      if (!('skipped' in torch)) rows.push({ name: `pytorch ${torch.torchVersion}`, value: torch.tokensPerS, unit: 'tok/s' });
      const nativeShare = shares((r) => r.native);
      const torchShare = shares((r) => r.torch);
      if (nativeShare !== undefined) rows.push({ name: 'native, share of sgemm peak', value: 100 * nativeShare, unit: '%' });
      if (torchShare !== undefined) rows.push({ name: 'pytorch, share of sgemm peak', value: 100 * torchShare, unit: '%' });
      if (peaks.length === ROUNDS) {
        rows.push(peakRow('sgemm peak', peaks));
        rows.push(peakRow("  PyTorch's sgemm", rounds.map((r) => (r.torch as { sgemmGflops: number }).sgemmGflops)));
        rows.push(peakRow("  the engine's sgemm", rounds.map((r) => r.enginePeak as number)));
      }
      printTable(`${shape}, ${label} (ratio = native / pytorch)`, rows);
      if (!native) console.log(`  native: failed: ${nativeFailure}`);
      if ('skipped' in torch && !torchSkipReported) {
        console.log(`  PyTorch reference and sgemm peak skipped: ${torch.skipped}`);
        torchSkipReported = true;
      }
      const enginePeakSkipped = rounds.map((r) => r.enginePeak).find((p) => typeof p !== 'number');
      if (enginePeakSkipped && !enginePeakSkipReported) {
        console.log(`  sgemm peak skipped: ${enginePeakSkipped.skipped}`);
        enginePeakSkipReported = true;
      }
    }
  }

  if (nativeFailure !== undefined) throw new Error(`native engine failed: ${nativeFailure}`);
}
