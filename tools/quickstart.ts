// The quickstart job: trains the protocol's default GPT-2 on a seeded Markov-chain corpus and writes a report.
// (The task-suite experiments and sweeps replace this corpus as they land.)
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { DEFAULT_GPT_CONFIG, DEFAULT_OPTIMIZER, Gpt } from '@clusterlens/model';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '300' },
    out: { type: 'string', default: 'out/quickstart' },
    seed: { type: 'string', default: '0' },
    threads: { type: 'string', default: String(Math.min(2, availableParallelism())) },
  },
});
const steps = positiveInt('--steps', args.steps!);
const seed = positiveInt('--seed', args.seed!, 0);
const threads = positiveInt('--threads', args.threads!);
const outDir = resolve(args.out!);
const batch = 64;
const config = DEFAULT_GPT_CONFIG;
const T = config.nPositions;

function positiveInt(flag: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: '${text}' must be an integer >= ${min}`);
  return n;
}

/** xorshift32: the corpus is a pure function of the seed. */
function rng(s: number): () => number {
  let x = (s * 2654435761 + 1) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

// Each token has 3 likely successors, so the loss floor is about ln 3 = 1.10 nats above a little noise.
const random = rng(seed);
const successors = Array.from({ length: config.vocabSize }, () => [0, 1, 2].map(() => Math.floor(random() * config.vocabSize)));
function sampleBatch(): { tokens: Int32Array; labels: Int32Array } {
  const tokens = new Int32Array(batch * T);
  for (let b = 0; b < batch; b++) {
    let t = Math.floor(random() * config.vocabSize);
    for (let i = 0; i < T; i++) {
      tokens[b * T + i] = t;
      t = successors[t][Math.floor(random() * 3)];
    }
  }
  return { tokens, labels: tokens.slice() };
}

function progress(step: number, loss: number, started: number): void {
  const width = 30;
  const done = Math.round((step / steps) * width);
  const elapsed = (performance.now() - started) / 1000;
  const eta = (elapsed / step) * (steps - step);
  process.stderr.write(
    `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] step ${step}/${steps}  loss ${loss.toFixed(4)}  ETA ${eta.toFixed(0)}s `,
  );
}

const gpt = await Gpt.create(config, { seed, threads, optimizer: { ...DEFAULT_OPTIMIZER, warmupSteps: Math.min(100, steps / 10), totalSteps: steps } });
const curve: Array<{ step: number; loss: number }> = [];
const started = performance.now();
for (let step = 1; step <= steps; step++) {
  const { tokens, labels } = sampleBatch();
  const loss = await gpt.step(tokens, labels, { batch });
  if (step === 1 || step % Math.max(1, Math.floor(steps / 20)) === 0 || step === steps) curve.push({ step, loss });
  if (step % 5 === 0 || step === steps) progress(step, loss, started);
}
process.stderr.write('\n');
const seconds = (performance.now() - started) / 1000;

await mkdir(outDir, { recursive: true });
await gpt.save(join(outDir, 'checkpoint.safetensors'));
await gpt.saveHuggingFace(join(outDir, 'hf'));
await writeFile(join(outDir, 'loss.csv'), 'step,loss\n' + curve.map((r) => `${r.step},${r.loss}`).join('\n') + '\n');
const report = [
  '# clusterlens quickstart',
  '',
  `GPT-2 with ${config.nLayer} blocks, C=${config.nEmbd}, ${config.nHead} heads, context ${T}, vocabulary ${config.vocabSize} ` +
    `(${gpt.numParams.toLocaleString('en-US')} parameters); batch ${batch}, ${steps} AdamW steps, seed ${seed}, ${threads} thread(s).`,
  '',
  `Training took ${seconds.toFixed(1)} s: ${Math.round((steps * batch * T) / seconds).toLocaleString('en-US')} tokens/s.`,
  `The corpus is a seeded Markov chain with 3 successors per token: the loss floor is about ln 3 = 1.10.`,
  '',
  '| step | loss |',
  '|---:|---:|',
  ...curve.map((r) => `| ${r.step} | ${r.loss.toFixed(4)} |`),
  '',
  'Files: `checkpoint.safetensors` (resumable), `hf/` (Hugging Face GPT-2 directory), `loss.csv`.',
  '',
].join('\n');
await writeFile(join(outDir, 'report.md'), report);
console.log(report);
console.log(`Report written to ${join(outDir, 'report.md')}`);
