import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { SPLIT_NAMES } from '@clusterlens/schema';
import { buildSuite, type SyntheticSuiteInput } from '@clusterlens/tasks';

import { smallSyntheticConfig } from './support/configs.js';

const sizes = (config: SyntheticSuiteInput) => {
  const suite = buildSuite(config);
  return Object.fromEntries(
    SPLIT_NAMES.map((name) => [name, suite.split(name).length]),
  );
};

describe('split sizes', () => {
  it('default lookup suite: 8 tasks x 3 trained distributions x 8 samples x 5 inputs, 4 pairs in 40 held out', () => {
    expect(sizes({ kind: 'synthetic', seed: 1 })).toEqual({
      train: 8 * 3 * (40 - 4),
      'heldout-pairs': 8 * 3 * 4,
      validation: 8 * 3 * 5 * 5,
      'unseen-distribution': 8 * 1 * 13 * 5,
      'unseen-inputs': 0,
    });
  });

  it('default lookup suite: validation and unseen-distribution have at least 512 instances (a full evaluation set)', () => {
    const s = sizes({ kind: 'synthetic', seed: 1 });
    expect(s.validation).toBe(600);
    expect(s['unseen-distribution']).toBe(520);
  });

  it('default rule suite: 16 trained inputs per task and 4 held out', () => {
    expect(sizes({ kind: 'synthetic', seed: 1, family: 'rule' })).toEqual({
      train: 8 * 3 * (128 - 13),
      'heldout-pairs': 8 * 3 * Math.round(0.1 * 128),
      validation: 8 * 3 * 5 * 16,
      'unseen-distribution': 8 * 1 * 13 * 16,
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
        // at most all inputs but one of each instruction
        const heldOutPairs = Math.min(Math.round(c.heldOutPairFraction * pairs), S * (inputs - 1));
        expect(sizes(config)).toEqual({
          train: K * trained * (pairs - heldOutPairs),
          'heldout-pairs': K * trained * heldOutPairs,
          validation: K * trained * H * inputs,
          'unseen-distribution': K * h * (S + H) * inputs,
          'unseen-inputs': K * trained * S * heldOutInputs,
        });
      }),
      { numRuns: 40 },
    );
  });
});
