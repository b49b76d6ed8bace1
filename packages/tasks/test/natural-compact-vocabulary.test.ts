import { describe, expect, it } from 'vitest';

import { SPLIT_NAMES } from '@clusterlens/schema';
import { buildSuite, CompactTokenizer, Gpt2Tokenizer, naturalSuiteGpt2Ids, type NaturalSuite } from '@clusterlens/tasks';

const FOUR_TASKS = ['country-capital', 'number-successor', 'verb-past-tense', 'animal-plural'];
const allInstances = (suite: NaturalSuite) => SPLIT_NAMES.flatMap((name) => suite.split(name));
const compactOf = (suite: NaturalSuite) => suite.tokenizer as CompactTokenizer;
const unpadded = (tokens: Int32Array, eos: number) => [...tokens.subarray(0, eos + 1)];

describe('the natural suite\'s compact vocabulary', () => {
  const compact = buildSuite({ kind: 'natural', seed: 5 });
  const gpt2 = buildSuite({ kind: 'natural', seed: 5, vocabulary: 'gpt2' });

  it('is the default: a few hundred tokens, with <|endoftext|> as BOS, EOS and padding', () => {
    expect(compact.config.vocabulary).toBe('compact');
    expect(compact.vocabulary.size).toBe(compact.tokenizer.vocabSize);
    expect(compact.vocabulary.size).toBeGreaterThan(100);
    expect(compact.vocabulary.size).toBeLessThan(2000);
    const endOfText = compact.tokenizer.id('<|endoftext|>');
    expect(compact.vocabulary).toMatchObject({ pad: endOfText, bos: endOfText, eos: endOfText });
  });

  it('holds every token of every split, for several seeds and a subset of the tasks', () => {
    for (const config of [{ seed: 5 }, { seed: 6 }, { seed: 1, tasks: FOUR_TASKS }]) {
      const suite = buildSuite({ kind: 'natural', ...config });
      for (const instance of allInstances(suite)) {
        expect(instance.tokens.every((id) => id >= 0 && id < suite.vocabulary.size)).toBe(true);
        const refused = suite.refusal(instance).tokens;
        expect(refused.every((id) => id >= 0 && id < suite.vocabulary.size)).toBe(true);
      }
    }
  });

  it('maps each instance to the very GPT-2 tokens of the gpt2-vocabulary suite built from the same config', () => {
    const tokenizer = compactOf(compact);
    for (const name of SPLIT_NAMES) {
      const ours = compact.split(name);
      const theirs = gpt2.split(name);
      expect(ours).toHaveLength(theirs.length);
      ours.forEach((instance, i) => expect([...instance.tokens].map((id) => tokenizer.baseId(id))).toEqual([...theirs[i].tokens]));
    }
  });

  it('decodes an instance to its text and encodes that text back to its tokens', () => {
    for (const instance of allInstances(compact)) {
      const text = `<|endoftext|>${instance.words.join(' ')} Input: ${instance.inputText} Answer: ${instance.outputText}<|endoftext|>`;
      const tokens = unpadded(instance.tokens, instance.positions.eos);
      expect(compact.tokenizer.decode(tokens)).toBe(text);
      expect(compact.tokenizer.encode(text)).toEqual(tokens);
    }
  });

  it('depends only on the tasks and the refusal: the same for every seed, smaller for fewer tasks', () => {
    const other = buildSuite({ kind: 'natural', seed: 9 });
    expect(compactOf(other).baseIds).toEqual(compactOf(compact).baseIds);
    const four = buildSuite({ kind: 'natural', seed: 5, tasks: FOUR_TASKS });
    expect(four.vocabulary.size).toBeLessThan(compact.vocabulary.size);
    expect(naturalSuiteGpt2Ids(four.config)).toEqual(compactOf(four).baseIds);
    const refusal = 'Sorry, no.';
    const refusing = buildSuite({ kind: 'natural', seed: 5, tasks: FOUR_TASKS, refusal });
    expect(compactOf(refusing).baseIds).toEqual(expect.arrayContaining(Gpt2Tokenizer.get().encode(` ${refusal}`)));
  });

  it('renumbers GPT-2 ids in ascending order', () => {
    const ids = compactOf(compact).baseIds;
    expect(ids.every((id, i) => i === 0 || ids[i - 1] < id)).toBe(true);
    expect(ids[ids.length - 1]).toBe(50256);
  });

  it('refuses text with a GPT-2 token outside the vocabulary, naming the token', () => {
    expect(() => compact.tokenizer.encode(' quetzalcoatl')).toThrow(/not in the compact vocabulary/);
  });

  it('keeps the full 50,257 GPT-2 ids with vocabulary: gpt2', () => {
    expect(gpt2.vocabulary.size).toBe(50257);
    expect(gpt2.vocabulary).toMatchObject({ pad: 50256, bos: 50256, eos: 50256 });
  });
});
