// runSweep keeps exactly `concurrency` trials in flight: never more, and no fewer while work is waiting.
import { availableParallelism } from 'node:os';

import { beforeAll, describe, expect, it } from 'vitest';

import { runSweep } from '@clusterlens/sweep';

import { metricValue, readStore, registerFixtures, tempDir } from './support/fixtures.js';

beforeAll(() => registerFixtures());

/** Most trials whose [start, end) intervals overlap at one instant. */
function maxOverlap(intervals: Array<[number, number]>): number {
  const events = intervals.flatMap(([s, e]) => [[s, 1] as const, [e, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, delta] of events) most = Math.max(most, (now += delta));
  return most;
}

async function overlapOf(concurrency: number, options: { oversubscribe?: boolean } = {}): Promise<number> {
  const dir = await tempDir();
  let mostRunning = 0;
  const result = await runSweep(
    { name: 'c', trial: 'describeThread', base: { ms: 250 }, seeds: { count: 6 } },
    { dir, concurrency, ...options, onProgress: (p) => (mostRunning = Math.max(mostRunning, p.running.length)) },
  );
  expect(result.done).toBe(6);
  expect(mostRunning).toBe(concurrency);
  const { trials, metrics } = await readStore(dir);
  return maxOverlap(trials.map((t) => [metricValue(metrics, t.id, 'start')!, metricValue(metrics, t.id, 'end')!]));
}

describe('concurrency', () => {
  it('runs one trial at a time with concurrency 1', async () => {
    expect(await overlapOf(1)).toBe(1);
  });

  it('runs `concurrency` trials at once, never more', async () => {
    expect(await overlapOf(Math.min(2, availableParallelism()))).toBe(Math.min(2, availableParallelism()));
  });

  it('oversubscribes only when asked', async () => {
    const many = availableParallelism() + 1;
    await expect(runSweep({ name: 'c', trial: 'noop' }, { dir: await tempDir(), concurrency: many })).rejects.toThrow(/--oversubscribe/);
    expect(await overlapOf(many, { oversubscribe: true })).toBe(many);
  });

  it("takes concurrency and threadsPerTrial from the spec unless the options override them", async () => {
    const dir = await tempDir();
    let most = 0;
    await runSweep({ name: 'c', trial: 'describeThread', base: { ms: 50 }, seeds: { count: 3 }, concurrency: 1 }, { dir, onProgress: (p) => (most = Math.max(most, p.running.length)) });
    expect(most).toBe(1);
    const { trials, metrics } = await readStore(dir);
    expect(trials.map((t) => metricValue(metrics, t.id, 'threads'))).toEqual([1, 1, 1]);
  });
});
