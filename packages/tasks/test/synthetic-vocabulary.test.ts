import { describe, expect, it } from 'vitest';

import { SPECIAL_TOKENS, syntheticVocabulary } from '@clusterlens/tasks';

describe('synthetic vocabulary', () => {
  const vocabulary = syntheticVocabulary(12, 20, 20);

  it('orders ids: special tokens, instruction words, input symbols, output symbols', () => {
    expect(SPECIAL_TOKENS).toEqual(['PAD', 'BOS', 'EOS', 'SEP', 'ANS', 'REFUSE']);
    expect(vocabulary.tokens.slice(0, 8)).toEqual(['PAD', 'BOS', 'EOS', 'SEP', 'ANS', 'REFUSE', 'w0', 'w1']);
    expect(vocabulary.tokens[6 + 11]).toBe('w11');
    expect(vocabulary.tokens[18]).toBe('x0');
    expect(vocabulary.tokens[38]).toBe('y0');
    expect(vocabulary.tokens[57]).toBe('y19');
    expect(vocabulary.size).toBe(58);
  });

  it('gives PAD id 0 and names every special id', () => {
    expect(vocabulary.special).toEqual({ PAD: 0, BOS: 1, EOS: 2, SEP: 3, ANS: 4, REFUSE: 5 });
    expect([vocabulary.pad, vocabulary.bos, vocabulary.eos, vocabulary.sep, vocabulary.ans]).toEqual([0, 1, 2, 3, 4]);
    expect(vocabulary.refusal).toEqual([5]);
  });

  it('maps words and symbols to ids and rejects the wrong kind', () => {
    expect(vocabulary.wordId('w3')).toBe(9);
    expect(vocabulary.inputId(4)).toBe(22);
    expect(vocabulary.outputId(19)).toBe(57);
    expect(() => vocabulary.wordId('x3')).toThrow(/not an instruction word/);
    expect(() => vocabulary.inputId(20)).toThrow(/no input symbol x20/);
  });
});
