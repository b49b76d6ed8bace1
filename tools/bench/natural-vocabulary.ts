// Time per training step of examples/natural-trial.yaml (6 blocks, C=256, its batch) with the natural suite's compact
// vocabulary and with GPT-2's full 50,257 ids, whose output layer dominates the step. One thread, the trial's own
// batches, the median of a few steps: enough to see the ratio, not a throughput figure. CPU time is shown beside the
// wall time because on a shared machine the wall time measures the neighbours as much as the step.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { median } from './median.js';
import { printTable, type ResultRow } from './table.js';

const CONFIG = 'examples/natural-trial.yaml';
const WARMUP_STEPS = 1;
const TIMED_STEPS = 4;

interface StepTime {
  wallMs: number;
  cpuMs: number;
  vocabSize: number;
}

async function stepTime(vocabulary: 'compact' | 'gpt2'): Promise<StepTime> {
  // Imported here, so the other benchmarks still run when the engine is not built.
  const { parseTrialYaml, TrialSeeds, trialSuite } = await import('@clusterlens/experiment');
  const { Gpt } = await import('@clusterlens/model');
  const { batchTensors, trainSampler } = await import('@clusterlens/tasks');
  const config = parseTrialYaml(readFileSync(CONFIG, 'utf8'), [`data.vocabulary=${vocabulary}`], CONFIG);
  const seeds = new TrialSeeds(config.seed);
  const suite = trialSuite(config.data, seeds);
  const gpt = await Gpt.create(
    { ...config.model, nPositions: suite.contextLength, vocabSize: suite.vocabulary.size },
    { seed: seeds.init, threads: 1, optimizer: { ...config.optimizer, totalSteps: config.training.steps } },
  );
  try {
    const sampler = trainSampler(suite, seeds.sampler);
    const wallMs: number[] = [];
    const cpuMs: number[] = [];
    for (let step = 0; step < WARMUP_STEPS + TIMED_STEPS; step++) {
      const { tokens, labels } = batchTensors(sampler.next(config.training.batchSize), config.training.loss);
      const start = performance.now();
      const cpu = process.cpuUsage();
      await gpt.step(tokens, labels, { batch: config.training.batchSize });
      const used = process.cpuUsage(cpu);
      if (step < WARMUP_STEPS) continue;
      wallMs.push(performance.now() - start);
      cpuMs.push((used.user + used.system) / 1000);
    }
    return { wallMs: median(wallMs), cpuMs: median(cpuMs), vocabSize: suite.vocabulary.size };
  } finally {
    gpt.dispose();
  }
}

export async function benchNaturalVocabulary(): Promise<void> {
  console.log(`${CONFIG}, 1 thread, median of ${TIMED_STEPS} steps after ${WARMUP_STEPS} warm-up step`);
  const gpt2 = await stepTime('gpt2');
  const compact = await stepTime('compact');
  const rows: ResultRow[] = (['wallMs', 'cpuMs'] as const).flatMap((kind) => {
    const unit = kind === 'wallMs' ? 'ms/step (wall)' : 'ms/step (CPU)';
    return [
      { name: `data.vocabulary: gpt2 (${gpt2.vocabSize} tokens)`, value: gpt2[kind], unit },
      { name: `data.vocabulary: compact (${compact.vocabSize} tokens)`, value: compact[kind], unit, ratio: gpt2[kind] / compact[kind] },
    ];
  });
  printTable('training step of the natural trial (ratio = gpt2 / compact)', rows);
}
