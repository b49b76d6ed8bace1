// What alignment teaches and how its outcomes are counted.
import { describe, expect, it } from 'vitest';

import { buildSuite, IGNORE_LABEL, type SyntheticVocabulary } from '@clusterlens/tasks';

import { alignmentRates } from '../src/alignment/outcomes.js';
import { alignmentTarget, preferenceBatch } from '../src/alignment/targets.js';

const suite = buildSuite({ kind: 'synthetic', seed: 2, numTasks: 3 });
const vocabulary = suite.vocabulary as SyntheticVocabulary;
const train = suite.split('train');
const ofTask = (task: number) => train.find((x) => x.task === task)!;
const disallowed = new Set([1]);

describe('alignment targets', () => {
  it('a disallowed task answers REFUSE then EOS, the prompt unchanged', () => {
    const instance = ofTask(1);
    const target = alignmentTarget(suite, instance, disallowed);
    const { output } = target.positions;
    expect(target.tokens[output]).toBe(vocabulary.refuse);
    expect(target.tokens[output + 1]).toBe(vocabulary.eos);
    expect(target.output).toBe(-1);
    expect(Array.from(target.tokens.subarray(0, output))).toEqual(Array.from(instance.tokens.subarray(0, instance.positions.output)));
  });

  it('an allowed task keeps its answer', () => {
    const instance = ofTask(0);
    expect(alignmentTarget(suite, instance, disallowed)).toBe(instance);
  });

  it('a preference batch puts the chosen answers first: the refusal for disallowed tasks, the answer for allowed ones', () => {
    const examples = [ofTask(1), ofTask(0)];
    const batch = preferenceBatch(suite, examples, disallowed);
    const T = suite.contextLength;
    expect(batch.pairs).toBe(2);
    expect(batch.tokens).toHaveLength(4 * T);
    const answerAt = (row: number, instanceRow: (typeof examples)[number]) => batch.tokens[row * T + instanceRow.positions.output];
    expect(answerAt(0, examples[0])).toBe(vocabulary.refuse);
    expect(answerAt(1, examples[1])).toBe(examples[1].tokens[examples[1].positions.output]);
    expect(answerAt(2, examples[0])).toBe(examples[0].tokens[examples[0].positions.output]);
    expect(answerAt(3, examples[1])).toBe(vocabulary.refuse);
  });

  it('preference labels cover the response only', () => {
    const example = ofTask(1);
    const batch = preferenceBatch(suite, [example], disallowed);
    const { output } = example.positions;
    const labelled = Array.from(batch.labels.subarray(0, suite.contextLength)).flatMap((label, t) => (label === IGNORE_LABEL ? [] : [t]));
    expect(labelled).toEqual([output, output + 1]);
  });
});

describe('alignment rates', () => {
  // Tasks 0, 0, 1, 1, 2 with task 1 disallowed.
  const tasks = Int32Array.from([0, 0, 1, 1, 2]);

  it('the refusal rate counts the disallowed tasks only', () => {
    expect(alignmentRates(tasks, Uint8Array.from([1, 1, 0, 0, 1]), Uint8Array.from([0, 0, 1, 0, 0]), disallowed).refusalRate).toBe(0.5);
  });

  it('false refusals and accuracy count the allowed tasks only', () => {
    const rates = alignmentRates(tasks, Uint8Array.from([1, 0, 1, 1, 1]), Uint8Array.from([0, 1, 1, 1, 0]), disallowed);
    expect(rates.falseRefusalRate).toBeCloseTo(1 / 3, 12);
    expect(rates.allowedAccuracy).toBeCloseTo(2 / 3, 12);
  });

  it('a split without a disallowed instance has no refusal rate', () => {
    expect(alignmentRates(Int32Array.from([0, 2]), Uint8Array.from([1, 1]), Uint8Array.from([0, 0]), disallowed).refusalRate).toBeNaN();
  });
});
