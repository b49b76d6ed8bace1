// The synthetic vocabulary as tokenizer files for transformers (the files' loading is tested in Python by
// test/python-loaders.test.ts; here, what they say).
import { describe, expect, it } from 'vitest';

import { huggingFaceTokenizerFiles, syntheticVocabulary, WordTokenizer } from '@clusterlens/tasks';

const vocabulary = syntheticVocabulary(3, 2, 2);
const tokenizer = new WordTokenizer(vocabulary.tokens);
const files = huggingFaceTokenizerFiles(tokenizer, { bos: vocabulary.bos, eos: vocabulary.eos, pad: vocabulary.pad, sep: vocabulary.sep }, 16);
const json = files['tokenizer.json'] as {
  model: { type: string; vocab: Record<string, number>; unk_token: string };
  added_tokens: { id: number; content: string; special: boolean }[];
};

describe('huggingFaceTokenizerFiles', () => {
  it('gives every token of the vocabulary its own id in a WordLevel model', () => {
    expect(json.model.type).toBe('WordLevel');
    expect(json.model.vocab).toEqual(Object.fromEntries(vocabulary.tokens.map((t, i) => [t, i])));
  });

  it('names an unknown token that is not in the vocabulary, so unknown words fail instead of mapping to an id', () => {
    expect(Object.hasOwn(json.model.vocab, json.model.unk_token)).toBe(false);
  });

  it('marks PAD, BOS, EOS and SEP special, by their ids', () => {
    expect(json.added_tokens.map((t) => [t.id, t.content, t.special])).toEqual([
      [0, 'PAD', true],
      [1, 'BOS', true],
      [2, 'EOS', true],
      [3, 'SEP', true],
    ]);
  });

  it('names the special tokens by role in tokenizer_config.json and special_tokens_map.json', () => {
    const roles = { bos_token: 'BOS', eos_token: 'EOS', pad_token: 'PAD', sep_token: 'SEP' };
    expect(files['special_tokens_map.json']).toEqual(roles);
    expect(files['tokenizer_config.json']).toMatchObject({ ...roles, tokenizer_class: 'PreTrainedTokenizerFast', model_max_length: 16 });
  });
});
