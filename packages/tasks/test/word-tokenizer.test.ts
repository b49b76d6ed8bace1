import { describe, expect, it } from 'vitest';

import { buildSuite, WordTokenizer } from '@clusterlens/tasks';

describe('synthetic word tokenizer', () => {
  const tokenizer = buildSuite({ kind: 'synthetic' }).tokenizer;

  it('encodes whitespace-separated words and decodes back', () => {
    const ids = tokenizer.encode('BOS w0 w11  SEP x3 ANS y19 EOS');
    expect(ids).toEqual([1, 6, 17, 3, 21, 4, 57, 2]);
    expect(tokenizer.decode(ids)).toBe('BOS w0 w11 SEP x3 ANS y19 EOS');
    expect(tokenizer.vocabSize).toBe(58);
    expect(tokenizer.id('PAD')).toBe(0);
    expect(tokenizer.token(38)).toBe('y0');
  });

  it('names unknown tokens and ids', () => {
    expect(() => tokenizer.encode('w0 foo')).toThrow("unknown token 'foo'");
    expect(() => tokenizer.token(58)).toThrow(/outside the vocabulary/);
    expect(() => new WordTokenizer(['a', 'a'])).toThrow(/appears twice/);
  });
});
