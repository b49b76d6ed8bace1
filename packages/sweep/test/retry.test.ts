// Failed attempts: other errors retry with backoff up to maxAttempts; user errors (a bad config) never retry.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { isRetryable, UserError } from '@clusterlens/schema';
import { backoffMs, retryDelayMs, runSweep, SpecError, type SweepEvent } from '@clusterlens/sweep';

import { readStore, registerFixtures, tempDir } from './support/fixtures.js';

beforeAll(() => registerFixtures());

async function sweep(trial: string, base: Record<string, unknown>, options: { maxAttempts?: number } = {}) {
  const dir = await tempDir();
  const events: SweepEvent[] = [];
  const result = await runSweep({ name: 'r', trial, base }, { dir, concurrency: 1, retryDelayMs: 20, onEvent: (e) => events.push(e), ...options });
  const { trials } = await readStore(dir);
  return { result, events, trial: trials[0]! };
}

describe('retries', () => {
  it('retries a failed attempt and records the success', async () => {
    const { result, events, trial } = await sweep('flaky', { failTimes: 1 });
    expect(result).toMatchObject({ done: 1, failed: 0 });
    expect(events.map((e) => e.type)).toEqual(['started', 'retry', 'started', 'done']);
    expect(events[1]).toMatchObject({ attempt: 1, error: 'flaky failure on attempt 1', delayMs: 20 });
    expect(trial).toMatchObject({ status: 'done', attempts: 2, error: null });
  });

  it('gives up after maxAttempts, with backoff doubling, and records the last error', async () => {
    const started: number[] = [];
    const dir = await tempDir();
    const result = await runSweep(
      { name: 'r', trial: 'flaky', base: { failTimes: 10 }, maxAttempts: 3 },
      { dir, concurrency: 1, retryDelayMs: 40, onEvent: (e) => e.type === 'started' && started.push(Date.now()) },
    );
    expect(result.failed).toBe(1);
    expect(result.failures).toEqual([{ id: expect.any(String), label: 'baseline seed=0', error: 'flaky failure on attempt 3' }]);
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(35);
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(75);
    const { trials } = await readStore(dir);
    expect(trials[0]).toMatchObject({ status: 'failed', attempts: 3, error: 'flaky failure on attempt 3' });
  });

  it('does not retry a ConfigError (a UserError) thrown by the trial', async () => {
    const { result, events, trial } = await sweep('configError', {}, { maxAttempts: 5 });
    expect(result.failed).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['started', 'failed']);
    expect(trial).toMatchObject({ status: 'failed', attempts: 1, error: 'ConfigError: config: training.steps: expected a positive integer' });
  });

  it('fails a UserError subclass unknown to the sweep once, and retries a plain Error', async () => {
    // recipeError throws a RecipeError, a UserError subclass defined in the trial's own module: the sweep knows
    // neither its class nor its name, only the `retryable: false` it carries out of the worker thread.
    const user = await sweep('recipeError', { recipe: 'soup' }, { maxAttempts: 3 });
    expect(user.result).toMatchObject({ done: 0, failed: 1 });
    expect(user.events.map((e) => e.type)).toEqual(['started', 'failed']);
    expect(user.trial).toMatchObject({ status: 'failed', attempts: 1, error: "RecipeError: config: data.recipe: 'soup' is not a recipe (attempt 1)" });

    const plain = await sweep('flaky', { failTimes: 10 }, { maxAttempts: 3 });
    expect(plain.events.map((e) => e.type)).toEqual(['started', 'retry', 'started', 'retry', 'started', 'failed']);
    expect(plain.trial).toMatchObject({ status: 'failed', attempts: 3, error: 'flaky failure on attempt 3' });
  });

  it('does not retry a thrown value that says retryable: false, Error or not', async () => {
    const { events, trial } = await sweep('notRetryableObject', {}, { maxAttempts: 3 });
    expect(events.map((e) => e.type)).toEqual(['started', 'failed']);
    expect(trial).toMatchObject({ attempts: 1, error: 'Refusal: will never work' });
  });

  it('does not retry a trial module that cannot be used', async () => {
    const { events, trial } = await sweep('badRows', {});
    expect(events.map((e) => e.type)).toEqual(['started', 'failed']);
    expect(trial).toMatchObject({ attempts: 1, error: expect.stringMatching(/^TrialModuleError: badRows returned a bad result: rows\[0\]\.layer/) });
  });

  it('fails a spec at plan time when the validate hook rejects a config, before anything runs', async () => {
    registerFixtures({
      validate: (config, source) => {
        if ((config as { steps?: number }).steps === 0) throw new Error(`${source}: steps: must be positive`);
      },
    });
    try {
      const dir = join(await tempDir(), 'never-created');
      const run = runSweep({ name: 'r', trial: 'noop', base: { steps: 0 } }, { dir });
      await expect(run).rejects.toBeInstanceOf(SpecError);
      await expect(run).rejects.toBeInstanceOf(UserError);
      await expect(run).rejects.toThrow('base: steps: must be positive');
      expect(existsSync(dir)).toBe(false);
    } finally {
      registerFixtures();
    }
  });

  it('classifies errors by their retryable field alone, and spaces retries', () => {
    class SomeoneElsesError extends UserError {}
    expect(isRetryable(new SomeoneElsesError('x'))).toBe(false);
    expect(isRetryable(new SpecError('x'))).toBe(false);
    expect(new SpecError('x').name).toBe('SpecError');
    expect(isRetryable(Object.assign(new Error('x'), { retryable: false }))).toBe(false);
    // A name is not a class: an error merely called ConfigError says nothing about another attempt.
    expect(isRetryable(Object.assign(new Error('x'), { name: 'ConfigError' }))).toBe(true);
    expect(isRetryable(new Error('disk full'))).toBe(true);
    expect([1, 2, 3, 10].map((n) => backoffMs(n, 1000))).toEqual([1000, 2000, 4000, 60_000]);
  });

  it('waits the backoff before another attempt, and gives none after a user error or the last attempt', () => {
    expect(retryDelayMs(new Error('disk full'), 2, 3, 1000)).toBe(2000);
    expect(retryDelayMs(new Error('disk full'), 3, 3, 1000)).toBeUndefined();
    expect(retryDelayMs(new SpecError('bad field'), 1, 3, 1000)).toBeUndefined();
  });
});
