// Task-identity tokens: appended to the synthetic vocabulary only when asked, inserted after BOS as input only.
import { describe, expect, it } from 'vitest';

import { SPLIT_NAMES } from '@clusterlens/schema';
import { buildSuite, IGNORE_LABEL, insertTaskToken, labelsFor, SuiteConfigError, taskTokenContextLength, withTaskTokens } from '@clusterlens/tasks';

describe('withTaskTokens', () => {
  const suite = buildSuite({ kind: 'synthetic', seed: 1 });
  const extended = withTaskTokens(suite);

  it('appends one token per task, TASK0.., after every existing id', () => {
    expect(extended.taskTokens.names).toEqual(['TASK0', 'TASK1', 'TASK2', 'TASK3', 'TASK4', 'TASK5', 'TASK6', 'TASK7']);
    expect(extended.taskTokens.ids).toEqual([58, 59, 60, 61, 62, 63, 64, 65]);
    expect(extended.vocabulary.size).toBe(66);
    expect(extended.tokenizer.vocabSize).toBe(66);
    expect(extended.tokenizer.id('TASK3')).toBe(61);
  });

  it('keeps every id of the suite, its instances and its fingerprint', () => {
    expect(extended.vocabulary.tokens.slice(0, 58)).toEqual(suite.vocabulary.tokens);
    suite.vocabulary.tokens.forEach((token, id) => expect(extended.tokenizer.id(token)).toBe(id));
    expect(extended.fingerprint).toBe(suite.fingerprint);
    for (const split of SPLIT_NAMES) expect(extended.split(split)).toEqual(suite.split(split));
  });

  it('leaves the suite it extends without task tokens', () => {
    expect(suite.vocabulary.size).toBe(58);
    expect(() => suite.tokenizer.id('TASK0')).toThrow(/unknown token 'TASK0'/);
  });

  it('refuses a context with no room for the token, naming contextLength and the length needed', () => {
    const full = buildSuite(threeWordSuite(9));
    expect(taskTokenContextLength(full.split('train'))).toBe(10);
    expect(() => withTaskTokens(full)).toThrow(SuiteConfigError);
    expect(() => withTaskTokens(full)).toThrow('contextLength: 9 leaves no room for a task token: the longest training sequence has 9 tokens, 10 with the token; set contextLength to at least 10');
  });

  it('accepts a context with exactly one PAD left', () => {
    expect(withTaskTokens(buildSuite(threeWordSuite(10))).taskTokens.ids).toEqual([58, 59]);
  });
});

/** Two tasks whose instructions all have three words: every sequence is BOS, 3 words, SEP x ANS y EOS = 9 tokens. */
function threeWordSuite(contextLength: number) {
  const rest = '(w2|w3|w4|w5) (w6|w7|w8|w9)';
  return {
    kind: 'synthetic' as const,
    seed: 0,
    contextLength,
    tasks: [{ distributions: [`w0 ${rest}`, `w1 ${rest}`] }, { distributions: [`w10 ${rest}`, `w11 ${rest}`] }],
  };
}

describe('insertTaskToken', () => {
  const suite = withTaskTokens(buildSuite({ kind: 'synthetic', seed: 3, family: 'rule' }));
  const instance = suite.split('train')[5];
  const token = suite.taskTokens.ids[instance.task];
  const marked = insertTaskToken(instance, token, suite.vocabulary.pad);

  it('places the task token right after BOS and drops the last PAD', () => {
    const expected =
      ['BOS', `TASK${instance.task}`, ...instance.words, 'SEP', `x${instance.input}`, 'ANS', `y${instance.output}`, 'EOS'].join(' ') +
      ' PAD'.repeat(32 - instance.words.length - 7);
    expect(suite.tokenizer.decode([...marked.tokens])).toBe(expected);
  });

  it('shifts every position by one, each still pointing at its token', () => {
    const p = instance.positions;
    const q = marked.positions;
    expect(q).toEqual(Object.fromEntries(Object.entries(p).map(([name, at]) => [name, at + 1])));
    expect(marked.tokens[q.sep]).toBe(suite.vocabulary.sep);
    expect(marked.tokens[q.ans]).toBe(suite.vocabulary.ans);
    expect(marked.tokens[q.output]).toBe(suite.vocabulary.outputId(instance.output));
    expect(marked.tokens[q.eos]).toBe(suite.vocabulary.eos);
  });

  it('keeps the output labels on the output and EOS, one place later', () => {
    const labels = labelsFor(marked, 'output');
    const expected = new Int32Array(32).fill(IGNORE_LABEL);
    expected[instance.positions.output + 1] = suite.vocabulary.outputId(instance.output);
    expected[instance.positions.eos + 1] = suite.vocabulary.eos;
    expect(labels).toEqual(expected);
  });

  it("gives the token no loss under 'all': the plain labels, one place later", () => {
    const plain = labelsFor(instance, 'all');
    const labels = labelsFor(marked, 'all');
    expect(labels[1]).toBe(IGNORE_LABEL);
    expect(labels.subarray(2)).toEqual(plain.subarray(1, 31));
  });

  it('leaves the instance it was given as it was', () => {
    expect(instance.tokens[1]).toBe(suite.vocabulary.wordId(instance.words[0]));
    expect(instance.positions.instructionStart).toBe(1);
  });

  it('refuses a sequence that fills its context, naming contextLength and the length needed', () => {
    const full = { ...instance, tokens: instance.tokens.slice(0, instance.positions.eos + 1) };
    expect(() => insertTaskToken(full, token, suite.vocabulary.pad)).toThrow(
      `contextLength: ${instance.positions.eos + 1} leaves no room for a task token after BOS; ${instance.positions.eos + 2} tokens are needed`,
    );
  });
});
