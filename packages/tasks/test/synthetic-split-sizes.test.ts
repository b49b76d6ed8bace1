import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildSuite, type SyntheticSuiteInput } from '@clusterlens/tasks';

import { smallSyntheticConfig } from './support/configs.js';

const sizes = (config: SyntheticSuiteInput) => {
  const suite = buildSuite(config);
  return Object.fromEntries(
    (['train', 'validation', 'unseen-samples', 'unseen-distribution', 'unseen-inputs'] as const).map((name) => [
      name,
      suite.split(name).length,
    ]),
  );
};

describe('split sizes', () => {
  it('default lookup suite: 8 tasks x 3 trained distributions x 8 samples x 5 inputs, 4 pairs in 40 validated', () => {
    expect(sizes({ kind: 'synthetic', seed: 1 })).toEqual({
      train: 8 * 3 * (40 - 4),
      validation: 8 * 3 * 4,
      'unseen-samples': 8 * 3 * 4 * 5,
      'unseen-distribution': 8 * 1 * 12 * 5,
      'unseen-inputs': 0,
    });
  });

  it('default rule suite: 16 trained inputs per task and 4 held out', () => {
    expect(sizes({ kind: 'synthetic', seed: 1, family: 'rule' })).toEqual({
      train: 8 * 3 * (128 - 13),
      validation: 8 * 3 * Math.round(0.1 * 128),
      'unseen-samples': 8 * 3 * 4 * 16,
      'unseen-distribution': 8 * 1 * 12 * 16,
      'unseen-inputs': 8 * 3 * 8 * 4,
    });
  });

  it('follow the documented formulas for any configuration', () => {
    fc.assert(
      fc.property(smallSyntheticConfig, (config) => {
        const c = config as Required<SyntheticSuiteInput>;
        const K = c.numTasks;
        const S = c.samplesPerDistribution;
        const H = c.heldOutSamplesPerDistribution;
        const h = c.heldOutDistributions;
        const trained = c.distributionsPerTask - h;
        const inputs = c.family === 'lookup' ? c.lookupInputs : c.numInputs - c.heldOutInputsPerTask;
        const heldOutInputs = c.family === 'lookup' ? 0 : c.heldOutInputsPerTask;
        const pairs = S * inputs;
        const validation = Math.min(Math.round(c.validationFraction * pairs), pairs - 1);
        expect(sizes(config)).toEqual({
          train: K * trained * (pairs - validation),
          validation: K * trained * validation,
          'unseen-samples': K * trained * H * inputs,
          'unseen-distribution': K * h * (S + H) * inputs,
          'unseen-inputs': K * trained * S * heldOutInputs,
        });
      }),
      { numRuns: 40 },
    );
  });
});
