import { Worker } from 'node:worker_threads';

import { describe, expect, it } from 'vitest';

import { NativeGpt } from '@clusterlens/native';

const config = { nLayer: 2, nHead: 2, nEmbd: 32, nPositions: 16, vocabSize: 20 };
const batch = 4;
const tokens = Int32Array.from({ length: batch * 16 }, (_, i) => (i * 7) % 20);
const targets = Int32Array.from({ length: batch * 16 }, (_, i) => (i * 7 + 7) % 20);
const job = { config, seed: 11, threads: 1, steps: 5, tokens, targets, batch };

/** The losses of `job` trained in a new worker thread, once the worker has exited (its environment torn down). */
function trainInWorker(threads = job.threads): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fixtures/train-worker.mjs', import.meta.url), { workerData: { ...job, threads } });
    let losses: number[] | undefined;
    worker.once('message', (message: number[]) => (losses = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 && losses ? resolve(losses) : reject(new Error(`worker exited with ${code}`))));
  });
}

/** The losses of `job` trained in this thread with `threads`. */
async function trainHere(threads: number): Promise<number[]> {
  const gpt = new NativeGpt(config, { seed: job.seed, threads });
  const losses: number[] = [];
  for (let i = 0; i < job.steps; i++) losses.push((await gpt.step(tokens, targets, batch)).loss);
  return losses;
}

describe('worker threads', () => {
  it('the addon loads in several worker threads at once and trains identically in each', async () => {
    const inMain = await trainHere(job.threads);
    const [a, b, c] = await Promise.all([trainInWorker(), trainInWorker(), trainInWorker()]);
    expect(a).toEqual(inMain);
    expect(b).toEqual(inMain);
    expect(c).toEqual(inMain);
  });

  // Multi-threaded calls run on one engine thread per environment, which the environment's teardown stops.
  it('multi-threaded models train identically in several worker threads, which then exit', async () => {
    const inMain = await trainHere(1);
    const [a, b] = await Promise.all([trainInWorker(2), trainInWorker(2)]);
    expect(a).toEqual(inMain);
    expect(b).toEqual(inMain);
  });

  it("concurrent multi-threaded calls of one thread's models give the results of sequential ones", async () => {
    const sequential = await trainHere(2);
    const [a, b] = await Promise.all([trainHere(2), trainHere(2)]);
    expect(a).toEqual(sequential);
    expect(b).toEqual(sequential);
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
