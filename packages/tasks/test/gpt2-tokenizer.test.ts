import { describe, expect, it } from 'vitest';

import { Gpt2Tokenizer, GPT2_END_OF_TEXT_ID } from '@clusterlens/tasks';

describe('GPT-2 byte-pair tokenizer (offline, ranks shipped in js-tiktoken)', () => {
  const tokenizer = Gpt2Tokenizer.get();

  it('gives the known GPT-2 ids', () => {
    expect(tokenizer.encode('Hello world')).toEqual([15496, 995]);
    expect(tokenizer.encode(' Input:')).toEqual([23412, 25]);
    expect(tokenizer.encode(' Answer:')).toEqual([23998, 25]);
    expect(tokenizer.encode('<|endoftext|>')).toEqual([50256]);
    expect(tokenizer.encode(' the')).toEqual([262]);
    expect(GPT2_END_OF_TEXT_ID).toBe(50256);
    expect(tokenizer.vocabSize).toBe(50257);
  });

  it('decodes what it encodes', () => {
    const text = 'The capital of Ethiopia is Addis Ababa.<|endoftext|>';
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('maps single tokens both ways and rejects multi-token strings', () => {
    expect(tokenizer.id('Hello')).toBe(15496);
    expect(tokenizer.token(995)).toBe(' world');
    expect(() => tokenizer.id('Hello world')).toThrow(/2 GPT-2 tokens, not one/);
    expect(() => tokenizer.token(50257)).toThrow(/outside the GPT-2 vocabulary/);
  });
});
