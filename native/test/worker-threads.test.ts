import { Worker } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import { NativeGpt } from '@clusterlens/native';

const config = { nLayer: 2, nHead: 2, nEmbd: 32, nPositions: 16, vocabSize: 20 };
const batch = 4;
const tokens = Int32Array.from({ length: batch * 16 }, (_, i) => (i * 7) % 20);
const targets = Int32Array.from({ length: batch * 16 }, (_, i) => (i * 7 + 7) % 20);
const job = { config, seed: 11, threads: 1, steps: 5, tokens, targets, batch };

function trainInWorker(): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fixtures/train-worker.mjs', import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('worker threads', () => {
  it('the addon loads in several worker threads at once and trains identically in each', async () => {
    const gpt = new NativeGpt(config, { seed: job.seed, threads: job.threads });
    const inMain: number[] = [];
    for (let i = 0; i < job.steps; i++) inMain.push((await gpt.step(tokens, targets, batch)).loss);
    const [a, b, c] = await Promise.all([trainInWorker(), trainInWorker(), trainInWorker()]);
    expect(a).toEqual(inMain);
    expect(b).toEqual(inMain);
    expect(c).toEqual(inMain);
  });

  it('the JS thread stays responsive while a model trains', async () => {
    const big = new NativeGpt({ nLayer: 4, nHead: 4, nEmbd: 128, nPositions: 32, vocabSize: 64 }, { seed: 1 });
    const bigTokens = new Int32Array(32 * 32).fill(5);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await big.step(bigTokens, bigTokens, 32);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
