// Registers the fixture trial functions of fixtures/trials.mjs under their export names.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { registerTrialFunction, SweepStore, type TrialRecord, type ValidateConfig } from '@clusterlens/sweep';

export const FIXTURE_MODULE = new URL('../fixtures/trials.mjs', import.meta.url).href;
const FIXTURES = ['noop', 'describeThread', 'flaky', 'configError', 'recipeError', 'notRetryableObject', 'steps', 'badRows', 'exitThread'] as const;

export function registerFixtures(options: { codeVersion?: string; validate?: ValidateConfig } = {}): void {
  for (const name of FIXTURES) {
    registerTrialFunction(name, { module: FIXTURE_MODULE, export: name, codeVersion: options.codeVersion ?? 'fixtures-1', ...(options.validate ? { validate: options.validate } : {}) });
  }
}

export function tempDir(prefix = 'clusterlens-sweep-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Reads the store of a sweep that is not running. */
export async function readStore(dir: string): Promise<{ trials: TrialRecord[]; metrics: Awaited<ReturnType<SweepStore['metrics']>> }> {
  const store = await SweepStore.open(dir, { readOnly: true });
  try {
    return { trials: await store.trials(), metrics: await store.metrics() };
  } finally {
    await store.close();
  }
}

export function metricValue(metrics: Array<{ trial: string; metric: string; value: number }>, trial: string, metric: string): number | undefined {
  return metrics.find((m) => m.trial === trial && m.metric === metric)?.value;
}
