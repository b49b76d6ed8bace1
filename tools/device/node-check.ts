// The addon's GPU path as JavaScript uses it, for a GPU machine without Node.js or node_modules: bundled into one file
// by tools/device/prepare.sh and run by tools/device-check.sh with a carried Node binary. The GPU-only tests of the
// vitest suite (model's device and ensemble, experiment's training-device), as checks that print what they measured:
//   - Gpt on 'cuda' against the CPU engine: ten steps of losses and the parameters after them, within 1e-4 (1e-2 for
//     the losses with TF32 matrix products);
//   - GptEnsemble of 3 on 'cuda' against CPU models alone, within 1e-4;
//   - a trial of 400 steps on 'cuda' against the same trial on the CPU: each window's train loss difference and the
//     final train ARI, printed, the last window's loss within 5% (a sanity bound on a trajectory that rounding moves);
//   - trainEnsemble of 4 seeds on 'cuda' against each seed's trial alone on 'cuda': identical losses, or within 5%;
//   - k-means of a large probe (64,000 x 128, k = 16) on 'cuda': the CPU's labels on separated blobs, and both times;
//   - the steps per second of the default model on 'cuda', one model and an ensemble of 64 (a training step each).
// Exits 1 when a check fails.
import { parseTrialConfig, runTrial, trainEnsemble, type TrialConfigInput } from '@clusterlens/experiment';
import { Gpt, GptEnsemble, usableDevices } from '@clusterlens/model';
import { kmeans } from '@clusterlens/probe';

let failures = 0;

function check(what: string, ok: boolean, detail: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${detail}`);
  if (!ok) failures++;
}

/** ||a - b|| / ||b|| over every parameter. */
function relativeError(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  let diff = 0;
  let norm = 0;
  for (const [name, want] of b) {
    const got = a.get(name)!;
    for (let i = 0; i < want.length; i++) {
      diff += (got[i] - want[i]) ** 2;
      norm += want[i] ** 2;
    }
  }
  return Math.sqrt(diff / norm);
}

/** A deterministic batch of tokens and labels (first label of each sequence ignored). */
function batch(vocab: number, B: number, T: number, seed: number) {
  let s = seed * 2654435761 + 1;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % vocab;
  const tokens = Int32Array.from({ length: B * T }, next);
  const labels = Int32Array.from(tokens, (t, i) => (i % T === 0 ? -100 : t));
  return { tokens, labels };
}

const SMALL = { nLayer: 2, nHead: 2, nEmbd: 32, nPositions: 16, vocabSize: 40 };
const OPTIMIZER = { lr: 3e-3, warmupSteps: 2, totalSteps: 20, gradClip: 1 };

/** A CPU model and one on 'cuda' (of `precision`) from one seed, ten steps on the same batches: the worst loss gap. */
async function stepsAgainstCpu(seed: number, precision: 'fp32' | 'tf32') {
  const cpu = await Gpt.create(SMALL, { seed, optimizer: OPTIMIZER });
  const gpu = await Gpt.create(SMALL, { seed, optimizer: OPTIMIZER, device: 'cuda', precision });
  let worst = 0;
  for (let s = 0; s < 10; s++) {
    const { tokens, labels } = batch(SMALL.vocabSize, 4, 16, s);
    const [want, got] = [await cpu.step(tokens, labels, { batch: 4 }), await gpu.step(tokens, labels, { batch: 4 })];
    worst = Math.max(worst, Math.abs(got - want) / want);
  }
  return { cpu, gpu, worst };
}

async function oneModel(): Promise<void> {
  const { cpu, gpu, worst } = await stepsAgainstCpu(5, 'fp32');
  check("Gpt on 'cuda', 10 steps: losses", worst <= 1e-4, `largest relative difference ${worst.toExponential(2)}`);
  const params = relativeError(gpu.params(), cpu.params());
  check("Gpt on 'cuda', 10 steps: parameters", params <= 1e-4 && gpu.stepCount === 10, `relative error norm ${params.toExponential(2)}, ${gpu.stepCount} steps`);
  const tf32 = await stepsAgainstCpu(6, 'tf32');
  check("Gpt on 'cuda' with TF32, 10 steps: losses", tf32.worst <= 1e-2, `largest relative difference ${tf32.worst.toExponential(2)}`);
}

async function ensemble(): Promise<void> {
  const create = () => Promise.all([0, 1, 2].map((i) => Gpt.create(SMALL, { seed: 20 + i, optimizer: OPTIMIZER })));
  const [alone, members] = [await create(), await create()];
  const together = new GptEnsemble(members, 'cuda');
  let worst = 0;
  for (let s = 0; s < 10; s++) {
    const batches = members.map((_, i) => batch(SMALL.vocabSize, 2, 12, 100 * s + i));
    const losses = await together.step(batches, { batch: 2 });
    for (const [i, gpt] of alone.entries()) {
      const want = await gpt.step(batches[i].tokens, batches[i].labels, { batch: 2 });
      worst = Math.max(worst, Math.abs(losses[i] - want) / want);
    }
  }
  together.release();
  const params = Math.max(...alone.map((gpt, i) => relativeError(members[i].params(), gpt.params())));
  check("GptEnsemble of 3 on 'cuda', 10 steps", worst <= 1e-4 && params <= 1e-4, `losses ${worst.toExponential(2)}, parameters ${params.toExponential(2)}`);
}

const TRIAL: TrialConfigInput = {
  model: { nLayer: 3, nHead: 1, nEmbd: 32 },
  data: { kind: 'synthetic', numTasks: 6, distributionsPerTask: 3, samplesPerDistribution: 10, contextLength: 24 },
  optimizer: { lr: 0.003, warmupSteps: 30 },
  training: { steps: 400, batchSize: 32 },
  evaluation: { every: 100, early: 0, instancesPerSplit: 128, splits: ['train', 'validation'], kmeans: { nInit: 4 } },
  probe: { saveRepresentations: false },
};

const onCuda = (config: TrialConfigInput, seed: number) => parseTrialConfig({ ...config, seed, training: { ...config.training, device: 'cuda' } });
const trainLosses = (rows: { metric: string; value: number }[]) => rows.filter((r) => r.metric === 'train-loss').map((r) => r.value);

async function trials(): Promise<void> {
  const cpu = await runTrial({ ...TRIAL, seed: 0 });
  const gpu = await runTrial(onCuda(TRIAL, 0));
  const [want, got] = [trainLosses(cpu.rows), trainLosses(gpu.rows)];
  const ari = (rows: typeof cpu.rows) => rows.filter((r) => r.metric === 'ari' && r.split === 'train' && r.step === 400).at(-1)?.value;
  // Over 400 steps float rounding moves the trajectory (the 10-step checks above bound each step): the bound is a
  // sanity one on the last window's mean loss, and the per-window differences are printed.
  const last = Math.abs(got.at(-1)! - want.at(-1)!) / want.at(-1)!;
  const windows = want.map((w, i) => (Math.abs(got[i] - w) / w).toExponential(1)).join(', ');
  check("a trial on 'cuda' against the CPU's (400 steps)", got.length === want.length && last <= 0.05, `train loss per window within ${windows}; final top-layer train ARI ${ari(gpu.rows)?.toFixed(3)} (CPU ${ari(cpu.rows)?.toFixed(3)})`);
  cpu.model.dispose();
  gpu.model.dispose();

  const seeds = [1, 2, 3, 4];
  const together = await trainEnsemble(seeds.map((seed) => ({ config: onCuda(TRIAL, seed), ctx: {} })));
  let worstLast = 0;
  let identical = true;
  for (const [i, seed] of seeds.entries()) {
    const alone = await runTrial(onCuda(TRIAL, seed));
    const [a, t] = [trainLosses(alone.rows), trainLosses(together[i].rows)];
    worstLast = Math.max(worstLast, Math.abs(t.at(-1)! - a.at(-1)!) / a.at(-1)!);
    identical &&= a.every((w, j) => w === t[j]);
    alone.model.dispose();
    together[i].model.dispose();
  }
  // The same kernels in the same order: equal, unless a kernel's sums depend on scheduling (then a sanity bound).
  check("trainEnsemble of 4 seeds on 'cuda' against each trial alone on 'cuda'", identical || worstLast <= 0.05, `train losses ${identical ? 'identical' : `differ, the last window's by up to ${worstLast.toExponential(2)}`}`);
}

async function largeKmeans(): Promise<void> {
  const [k, perCluster, dim] = [16, 4000, 128];
  const data = new Float32Array(k * perCluster * dim);
  let s = 7;
  const noise = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 2;
  for (let i = 0; i < k * perCluster; i++) {
    for (let d = 0; d < dim; d++) data[i * dim + d] = (d % k === Math.floor(i / perCluster) ? 20 : 0) + noise();
  }
  const options = { n: k * perCluster, dim, k, seed: 1, nInit: 2, threads: 8 };
  let start = performance.now();
  const cpu = await kmeans(data, options);
  const cpuMs = performance.now() - start;
  start = performance.now();
  const gpu = await kmeans(data, { ...options, device: 'cuda' });
  const gpuMs = performance.now() - start;
  const same = gpu.labels.every((label, i) => label === cpu.labels[i]);
  check("k-means of 64,000 x 128 on 'cuda'", same, `labels ${same ? 'equal' : 'differ from'} the CPU's; ${gpuMs.toFixed(0)} ms against ${cpuMs.toFixed(0)} ms on 8 CPU threads`);
}

/** Default model (5 blocks, C=128, 4 heads), batch 64, T=32: training steps per second through the addon. */
async function speed(): Promise<void> {
  const config = { nLayer: 5, nHead: 4, nEmbd: 128, nPositions: 32, vocabSize: 58 };
  const steps = 50;
  const one = await Gpt.create(config, { seed: 0, device: 'cuda' });
  const data = batch(config.vocabSize, 64, 32, 0);
  for (let s = 0; s < 5; s++) await one.step(data.tokens, data.labels, { batch: 64 });
  let start = performance.now();
  for (let s = 0; s < steps; s++) await one.step(data.tokens, data.labels, { batch: 64 });
  const oneMs = (performance.now() - start) / steps;
  console.log(`     default model on 'cuda' through the addon: ${oneMs.toFixed(3)} ms per step (batch copied in, loss copied out)`);
  one.dispose();

  const members = await Promise.all(Array.from({ length: 64 }, (_, i) => Gpt.create(config, { seed: i })));
  const together = new GptEnsemble(members, 'cuda');
  const batches = members.map((_, i) => batch(config.vocabSize, 64, 32, i));
  for (let s = 0; s < 3; s++) await together.step(batches, { batch: 64 });
  start = performance.now();
  const ensembleSteps = 20;
  for (let s = 0; s < ensembleSteps; s++) await together.step(batches, { batch: 64 });
  const rate = (64 * ensembleSteps) / ((performance.now() - start) / 1000);
  console.log(`     64 default models on 'cuda' through the addon: ${rate.toFixed(1)} model-steps/s`);
  together.release();
}

async function main(): Promise<void> {
  if (!usableDevices().includes('cuda')) {
    console.log("FAIL this process cannot use 'cuda' (no CUDA build or no GPU visible)");
    process.exit(1);
  }
  await oneModel();
  await ensemble();
  await trials();
  await largeKmeans();
  await speed();
  console.log(failures === 0 ? 'node check: every check passed' : `node check: ${failures} failed`);
  process.exit(failures === 0 ? 0 : 1);
}

await main();
