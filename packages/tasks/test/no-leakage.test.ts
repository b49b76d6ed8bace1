import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { SPLIT_NAMES } from '@clusterlens/schema';
import { buildSuite, type Instance, type SyntheticSuite } from '@clusterlens/tasks';

import { smallSyntheticConfig } from './support/configs.js';

const instruction = (instance: Instance) => instance.words.join(' ');
const pair = (instance: Instance) => `${instruction(instance)} | ${instance.input}`;
const keyOf = (i: Instance) => `${i.task}/${i.distribution}/${i.sample}/${i.input}`;

function checkNoLeakage(suite: SyntheticSuite): void {
  const train = suite.split('train');
  const heldOutPairs = suite.split('heldout-pairs');
  const trainInstructions = new Set(train.map(instruction));

  // validation and unseen-distribution: instructions (word sequences) that never appear in train, with any input
  // or task; nor in heldout-pairs, whose instructions are all trained
  const pairInstructions = new Set(heldOutPairs.map(instruction));
  for (const name of ['validation', 'unseen-distribution'] as const) {
    for (const instance of suite.split(name)) {
      expect(trainInstructions.has(instruction(instance))).toBe(false);
      expect(pairInstructions.has(instruction(instance))).toBe(false);
    }
  }
  // validation: new instructions of trained distributions; unseen-distribution: only distributions never trained
  const trainedDistributions = new Set(train.map((i) => `${i.task}/${i.distribution}`));
  for (const instance of suite.split('validation')) {
    expect(suite.tasks[instance.task].heldOutDistributions).not.toContain(instance.distribution);
    expect(trainedDistributions.has(`${instance.task}/${instance.distribution}`)).toBe(true);
  }
  for (const instance of suite.split('unseen-distribution')) {
    expect(suite.tasks[instance.task].heldOutDistributions).toContain(instance.distribution);
    expect(trainedDistributions.has(`${instance.task}/${instance.distribution}`)).toBe(false);
  }

  // heldout-pairs: every instruction is trained, with other inputs; the (instruction, input) pair itself never is
  const trainPairs = new Set(train.map(pair));
  for (const instance of heldOutPairs) {
    expect(trainPairs.has(pair(instance))).toBe(false);
    expect(trainInstructions.has(instruction(instance))).toBe(true);
  }

  // unseen-inputs: trained instructions, but (task, input) never in training
  const trainedInputs = new Set([...train, ...heldOutPairs].map((i) => `${i.task}/${i.input}`));
  for (const instance of suite.split('unseen-inputs')) {
    expect(trainedInputs.has(`${instance.task}/${instance.input}`)).toBe(false);
    expect(trainInstructions.has(instruction(instance))).toBe(true);
  }

  // every instance lives in exactly one split
  const all = SPLIT_NAMES.flatMap((name) => suite.split(name).map(keyOf));
  expect(new Set(all).size).toBe(all.length);

  // task labels never appear as tokens: the sequence is a function of (instruction, input, output) alone ...
  const v = suite.vocabulary;
  for (const name of SPLIT_NAMES) {
    for (const instance of suite.split(name)) {
      const expected = [
        v.bos,
        ...instance.words.map((w) => v.wordId(w)),
        v.sep,
        v.inputId(instance.input),
        v.ans,
        v.outputId(instance.output),
        v.eos,
      ];
      expect([...instance.tokens.slice(0, expected.length)]).toEqual(expected);
      expect(instance.tokens.slice(expected.length).every((t) => t === v.pad)).toBe(true);
    }
  }
  // ... the vocabulary has no token naming a task ...
  for (const token of v.tokens) expect(token).toMatch(/^(PAD|BOS|EOS|SEP|ANS|REFUSE|w\d+|x\d+|y\d+)$/);
  // ... and the instruction alone identifies the task: no instruction is shared by two tasks
  const taskOf = new Map<string, number>();
  for (const name of SPLIT_NAMES) {
    for (const instance of suite.split(name)) {
      const owner = taskOf.get(instruction(instance)) ?? instance.task;
      expect(owner).toBe(instance.task);
      taskOf.set(instruction(instance), instance.task);
    }
  }
}

describe('no leakage between training and held-out splits', () => {
  it('holds for the default lookup and rule suites', () => {
    checkNoLeakage(buildSuite({ kind: 'synthetic', seed: 11 }));
    checkNoLeakage(buildSuite({ kind: 'synthetic', seed: 11, family: 'rule' }));
  });

  it('holds for random configurations', () => {
    fc.assert(
      fc.property(smallSyntheticConfig, (config) => checkNoLeakage(buildSuite(config))),
      { numRuns: 40 },
    );
  });
});
