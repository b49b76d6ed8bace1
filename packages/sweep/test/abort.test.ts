// Stopping a sweep (Ctrl-C): no new trials start, running ones checkpoint and stop, the store stays consistent,
// and the next run finishes the sweep without running a finished trial again.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { runSweep, type SweepEvent, type SweepSpecInput } from '@clusterlens/sweep';

import { readStore, registerFixtures, tempDir } from './support/fixtures.js';

beforeAll(() => registerFixtures());

const spec: SweepSpecInput = { name: 'abort', trial: 'steps', base: { steps: 40, stepMs: 10 }, seeds: { count: 5 } };

describe('abort', () => {
  it('leaves a consistent store and checkpoints; the next run finishes from them', async () => {
    const dir = await tempDir();
    const abort = new AbortController();
    const events: SweepEvent[] = [];
    const result = await runSweep(spec, {
      dir,
      concurrency: 2,
      signal: abort.signal,
      onEvent: (e) => events.push(e),
      // Stop once one trial is done and another is halfway.
      onProgress: (p) => p.done >= 1 && p.running.some((r) => r.fraction >= 0.5) && abort.abort(),
    });
    expect(result.interrupted).toBe(true);
    expect(result.done).toBeGreaterThanOrEqual(1);
    expect(result.done).toBeLessThan(5);
    expect(result.failed).toBe(0);

    const stopped = await readStore(dir);
    expect(stopped.trials.filter((t) => t.status === 'running')).toEqual([]);
    const done = stopped.trials.filter((t) => t.status === 'done');
    expect(done).toHaveLength(result.done);
    // Every done trial has its result; nothing else has any.
    expect(new Set(stopped.metrics.map((m) => m.trial))).toEqual(new Set(done.map((t) => t.id)));
    const interrupted = events.filter((e) => e.type === 'interrupted').map((e) => e.trial.id);
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    for (const id of interrupted) {
      expect(stopped.trials.find((t) => t.id === id)).toMatchObject({ status: 'pending', attempts: 1 });
      const saved = JSON.parse(await readFile(join(dir, 'checkpoints', id, 'step.json'), 'utf8')) as { step: number };
      expect(saved.step).toBeGreaterThan(0);
    }
    // Never started: no checkpoint, no attempt.
    const untouched = stopped.trials.filter((t) => t.attempts === 0);
    for (const t of untouched) expect(existsSync(join(dir, 'checkpoints', t.id))).toBe(false);
    expect(done.length + interrupted.length + untouched.length).toBe(5);

    const started: string[] = [];
    const rerun = await runSweep(spec, { dir, concurrency: 2, onEvent: (e) => e.type === 'started' && started.push(e.trial.id) });
    expect(rerun).toMatchObject({ skipped: done.length, done: 5 - done.length, interrupted: false });
    expect(started.sort()).toEqual([...interrupted, ...untouched.map((t) => t.id)].sort());

    const finished = await readStore(dir);
    expect(finished.trials.every((t) => t.status === 'done')).toBe(true);
    for (const t of done) expect(finished.trials.find((f) => f.id === t.id)).toEqual(t);
    for (const id of interrupted) {
      const resumedFrom = finished.metrics.find((m) => m.trial === id && m.metric === 'resumed-from')!.value;
      expect(resumedFrom).toBeGreaterThan(0);
    }
    // One result per trial.
    expect(finished.metrics).toHaveLength(5 * 2);
  });

  it('starts nothing when the signal is already aborted', async () => {
    const dir = await tempDir();
    const abort = new AbortController();
    abort.abort();
    const result = await runSweep(spec, { dir, signal: abort.signal, concurrency: 1 });
    expect(result).toMatchObject({ interrupted: true, done: 0 });
    expect((await readStore(dir)).trials.every((t) => t.status === 'pending' && t.attempts === 0)).toBe(true);
  });

  it('a callback that throws stops the sweep like an abort, and runSweep rejects with its error', async () => {
    const dir = await tempDir();
    const run = runSweep(spec, {
      dir,
      concurrency: 2,
      onEvent: (e) => {
        if (e.type === 'done') throw new Error('display broke');
      },
    });
    await expect(run).rejects.toThrow('display broke');
    const { trials } = await readStore(dir);
    expect(trials.filter((t) => t.status === 'running')).toEqual([]);
    expect(trials.filter((t) => t.status === 'done').length).toBeGreaterThanOrEqual(1);
  });
});
