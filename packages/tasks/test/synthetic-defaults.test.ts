import { describe, expect, it } from 'vitest';

import { buildSuite, syntheticSuiteSchema } from '@clusterlens/tasks';

describe('synthetic suite defaults are the protocol\'s', () => {
  it('fills every field with the PROTOCOL section 1 default', () => {
    expect(syntheticSuiteSchema.parse({ kind: 'synthetic' })).toEqual({
      kind: 'synthetic',
      numTasks: 8,
      family: 'lookup',
      numInstructionWords: 12,
      numInputs: 20,
      numOutputs: 20,
      lookupInputs: 5,
      distributionsPerTask: 4,
      wordsPerTask: 6,
      vocabularyMode: 'shared',
      lexicalSharedWords: 1,
      slots: { min: 3, max: 6 },
      samplesPerDistribution: 8,
      heldOutSamplesPerDistribution: 5,
      heldOutDistributions: 1,
      heldOutInputsPerTask: 4,
      heldOutPairFraction: 0.1,
      contextLength: 32,
      order: 'instruction-first',
    });
  });

  it('leaves the seed absent: a trial derives one from its own seed, buildSuite uses 0', () => {
    expect('seed' in syntheticSuiteSchema.parse({ kind: 'synthetic' })).toBe(false);
    expect(syntheticSuiteSchema.parse({ kind: 'synthetic', seed: 3 }).seed).toBe(3);
  });

  it('lexical mode defaults to enough words for each task to own wordsPerTask - lexicalSharedWords', () => {
    const config = syntheticSuiteSchema.parse({ kind: 'synthetic', vocabularyMode: 'lexical' });
    expect(config.numInstructionWords).toBe(8 * 5 + 2);
  });

  it('numTasks defaults to the number of user-written tasks', () => {
    const config = syntheticSuiteSchema.parse({
      kind: 'synthetic',
      tasks: [{ distributions: ['w1 (w2|w3|w4) (w5|w6|w7) w8?', 'w2 (w1|w3|w4) (w5|w6|w7) w8?'] }, {}],
    });
    expect(config.numTasks).toBe(2);
  });

  it('the default suite has 8 tasks of 4 distributions, vocabulary 58 and context 32', () => {
    const suite = buildSuite({ kind: 'synthetic' });
    expect(suite.tasks).toHaveLength(8);
    for (const task of suite.tasks) {
      expect(task.distributions).toHaveLength(4);
      expect(task.heldOutDistributions).toEqual([3]);
      expect(task.function.pairs).toHaveLength(5);
    }
    expect(suite.vocabulary.size).toBe(58);
    expect(suite.tokenizer.vocabSize).toBe(58);
    expect(suite.contextLength).toBe(32);
    for (const instance of suite.split('train')) expect(instance.tokens).toHaveLength(32);
  });
});
