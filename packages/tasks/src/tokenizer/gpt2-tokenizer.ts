import { Tiktoken } from 'js-tiktoken/lite';
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';

import type { Tokenizer } from './tokenizer.js';

/** GPT-2's only special token; it serves as beginning, end and padding of a sequence. */
export const GPT2_END_OF_TEXT = '<|endoftext|>';
export const GPT2_END_OF_TEXT_ID = 50256;
export const GPT2_VOCAB_SIZE = 50257;

/**
 * GPT-2's byte-pair encoding (the `gpt2` ranks of tiktoken, shipped inside js-tiktoken, so it works offline).
 * `<|endoftext|>` in the text is encoded as the special token 50256.
 */
export class Gpt2Tokenizer implements Tokenizer {
  readonly name = 'gpt2';
  readonly vocabSize = GPT2_VOCAB_SIZE;

  private constructor(private readonly bpe: Tiktoken) {}

  private static shared: Gpt2Tokenizer | undefined;

  /** The tokenizer, built once per process (building it takes a few hundred milliseconds). */
  static get(): Gpt2Tokenizer {
    Gpt2Tokenizer.shared ??= new Gpt2Tokenizer(new Tiktoken(gpt2Ranks));
    return Gpt2Tokenizer.shared;
  }

  encode(text: string): number[] {
    return this.bpe.encode(text, [GPT2_END_OF_TEXT]);
  }

  decode(ids: readonly number[]): string {
    ids.forEach((id) => this.checkId(id));
    return this.bpe.decode([...ids]);
  }

  id(token: string): number {
    const ids = this.encode(token);
    if (ids.length !== 1) throw new RangeError(`'${token}' is ${ids.length} GPT-2 tokens, not one`);
    return ids[0];
  }

  /** A token's text; a token that is part of a multi-byte character decodes to U+FFFD. */
  token(id: number): string {
    return this.decode([id]);
  }

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= GPT2_VOCAB_SIZE) {
      throw new RangeError(`token id ${id} is outside the GPT-2 vocabulary [0, ${GPT2_VOCAB_SIZE})`);
    }
  }
}
