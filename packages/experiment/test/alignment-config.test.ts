// The trial config's `alignment` section: optional with nothing written when absent, and validated with paths.
import { describe, expect, it } from 'vitest';

import { parseTrialConfig, trialHash, validateTrialConfig } from '@clusterlens/experiment';
import { Random } from '@clusterlens/schema';
import { buildSuite } from '@clusterlens/tasks';

import { disallowedTasks } from '../src/alignment/disallowed.js';
import { configDifferences } from '../src/alignment/pretrained.js';
import { candidatePool, checkBudget } from '../src/alignment/selection.js';
import { DEFAULT_TRIAL_HASH, SMALL_MODEL_CONFIG, SMALL_MODEL_CONFIG_HASH } from './support/pinned-hashes.js';

describe('alignment config', () => {
  it('a config without alignment resolves without the key and keeps its trial id', () => {
    const config = parseTrialConfig({});
    expect('alignment' in config).toBe(false);
    expect(trialHash(config)).toBe(DEFAULT_TRIAL_HASH);
    expect(trialHash(parseTrialConfig(SMALL_MODEL_CONFIG))).toBe(SMALL_MODEL_CONFIG_HASH);
  });

  it('an alignment section gets the documented defaults', () => {
    expect(parseTrialConfig({ alignment: {} }).alignment).toEqual({
      method: 'sft',
      selection: 'random',
      budget: 64,
      pool: 512,
      disallowed: 2,
      steps: 200,
      batchSize: 16,
      lr: 1e-3,
      beta: 0.1,
    });
  });

  it('an unknown method is rejected with its path and the choices', () => {
    expect(() => parseTrialConfig({ alignment: { method: 'ppo' } })).toThrow(/alignment\.method: .*"sft"\|"dpo"/);
  });

  it('a budget below 1 is rejected with its path', () => {
    expect(() => parseTrialConfig({ alignment: { budget: 0 } })).toThrow(/alignment\.budget: /);
  });

  it('a task named twice in disallowed is rejected', () => {
    expect(() => parseTrialConfig({ alignment: { disallowed: ['a', 'a'] } })).toThrow(/alignment\.disallowed: a task is named twice/);
  });

  it('an unknown key in alignment is rejected with its path', () => {
    expect(() => parseTrialConfig({ alignment: { epochs: 3 } })).toThrow(/alignment: unknown key 'epochs'/);
  });
});

describe('disallowed tasks', () => {
  const suite = buildSuite({ kind: 'synthetic', seed: 1, numTasks: 4 });

  it('a count draws that many distinct tasks, the same for the same seed', () => {
    const drawn = disallowedTasks(suite.tasks, 2, new Random(5));
    expect(new Set(drawn).size).toBe(2);
    expect(drawn.every((t) => t >= 0 && t < 4)).toBe(true);
    expect(disallowedTasks(suite.tasks, 2, new Random(5))).toEqual(drawn);
  });

  it('different seeds draw different sets', () => {
    const sets = new Set([0, 1, 2, 3, 4, 5, 6, 7].map((seed) => JSON.stringify(disallowedTasks(suite.tasks, 2, new Random(seed)))));
    expect(sets.size).toBeGreaterThan(1);
  });

  it('names are looked up in the suite', () => {
    expect(disallowedTasks(suite.tasks, [suite.tasks[3].name, suite.tasks[1].name], new Random(0))).toEqual([1, 3]);
  });

  it('an unknown task name is refused with the suite task names', () => {
    expect(() => disallowedTasks(suite.tasks, ['nope'], new Random(0))).toThrow(/alignment\.disallowed\[0\]: the suite has no task 'nope'; its tasks are /);
  });

  it('a count that leaves no task allowed is refused with the largest allowed count', () => {
    expect(() => disallowedTasks(suite.tasks, 4, new Random(0))).toThrow(/alignment\.disallowed: 4 tasks of the suite's 4 leaves none allowed; disallow at most 3/);
  });
});

describe('alignment budget', () => {
  it('the candidate pool is at most the training split', () => {
    const suite = buildSuite({ kind: 'synthetic', seed: 1, numTasks: 4 });
    expect(candidatePool(suite, 10_000, new Random(0))).toHaveLength(suite.split('train').length);
    expect(candidatePool(suite, 20, new Random(0))).toHaveLength(20);
  });

  it('a budget above the pool is refused, naming both settings', () => {
    expect(() => checkBudget(65, 64)).toThrow(/alignment\.budget: 65 examples exceed the candidate pool of 64 training instances; lower alignment\.budget or raise alignment\.pool/);
  });
});

describe('config differences', () => {
  it('names every differing leaf setting with both values', () => {
    expect(configDifferences({ model: { nEmbd: 32, nLayer: 2 }, seed: 1 }, { model: { nEmbd: 16, nLayer: 2 }, seed: 1 })).toEqual([
      'model.nEmbd: checkpoint 32, this trial 16',
    ]);
    expect(configDifferences({ probe: {} }, { probe: { standardize: true } })).toEqual(['probe.standardize: checkpoint absent, this trial true']);
  });
});

describe('plan-time check of an alignment section', () => {
  const config = (alignment: Record<string, unknown>) => ({ data: { numTasks: 4 }, alignment });

  it('accepts a section that fits the suite', () => {
    expect(() => validateTrialConfig(config({ disallowed: 3, budget: 64 }), 'sweep.yaml')).not.toThrow();
  });

  it('names an unknown disallowed task with the source', () => {
    expect(() => validateTrialConfig(config({ disallowed: ['nope'] }), 'sweep.yaml')).toThrow(/^sweep\.yaml: alignment\.disallowed\[0\]: the suite has no task 'nope'/);
  });

  it('refuses a budget the training split cannot pay', () => {
    expect(() => validateTrialConfig(config({ budget: 100_000, pool: 100_000 }), 'sweep.yaml')).toThrow(/^sweep\.yaml: alignment\.budget: 100000 examples exceed the candidate pool/);
  });
});
