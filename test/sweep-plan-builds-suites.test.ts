// `sweep plan` validates a clusterlens trial completely: the config schema and the task suite it builds. An
// instruction regex with fewer distinct instructions than the splits need is a user error at plan time, named by
// its config path, and no trial ever reaches a worker.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { parseTrialConfig } from '@clusterlens/experiment';
import { UserError } from '@clusterlens/schema';
import { getTrialFunction, plan, runSweep, type Executor, type SweepSpecInput } from '@clusterlens/sweep';

import { registerClusterlensTrial } from '../packages/cli/src/commands/sweep-trials.js';
import { collidingRegexSuite } from '../packages/tasks/test/support/configs.js';

const data = collidingRegexSuite;
const BASE = { data, model: { nLayer: 1, nHead: 2, nEmbd: 16 }, training: { steps: 10, batchSize: 4 } };
const SPEC: SweepSpecInput = {
  name: 'unsampleable',
  base: BASE,
  interventions: { output: { training: { loss: 'output' } }, all: { training: { loss: 'all' } } },
  seeds: [0, 1],
};
const MESSAGE =
  'base: data.tasks[1].distributions[0]: regex "w0 (w1|w2|w3) w4? (w5){1,3}" has only 4 distinct instructions not used elsewhere in the suite; 14 are needed';

/** An executor that only counts: nothing may reach it. */
function countingExecutor(): Executor & { runs: number } {
  return {
    concurrency: 1,
    threadsPerTrial: 1,
    host: 'nowhere',
    runs: 0,
    async run() {
      this.runs++;
      return { rows: [] };
    },
    async close() {},
  };
}

beforeAll(() => registerClusterlensTrial());

describe('planning a clusterlens sweep builds each task suite', () => {
  it('rejects an instruction regex that cannot be sampled as a user error naming its config path', () => {
    expect(() => parseTrialConfig(BASE, 'base')).not.toThrow(); // the schema alone does not see it
    const registration = getTrialFunction('clusterlens');
    let error: unknown;
    try {
      plan(SPEC, registration);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ name: 'SpecError', retryable: false, message: MESSAGE });
  });

  it('fails runSweep before any trial reaches a worker or the store', async () => {
    const executor = countingExecutor();
    const dir = join(await mkdtemp(join(tmpdir(), 'clusterlens-plan-suite-')), 'never-created');
    const run = runSweep({ ...SPEC, trial: 'clusterlens' }, { dir, executor });
    await expect(run).rejects.toBeInstanceOf(UserError);
    await expect(run).rejects.toThrow(MESSAGE);
    expect(executor.runs).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('passes the same spec once the regex can give its instructions', () => {
    const fixed = structuredClone(data);
    fixed.tasks[1]!.distributions[0] = 'w3 (w0|w1|w2) w4? (w5){1,3}';
    const trials = plan({ ...SPEC, base: { ...BASE, data: fixed } }, getTrialFunction('clusterlens'));
    expect(trials).toHaveLength(4);
    expect(new Set(trials.map((t) => t.codeVersion))).toEqual(new Set([getTrialFunction('clusterlens').codeVersion]));
  });
});
