import type { Tokenizer } from '../tokenizer/tokenizer.js';

/**
 * How a natural instance is written for GPT-2:
 *
 *   <|endoftext|>{instruction} Input: {input} Answer: {output}<|endoftext|>
 *
 * `<|endoftext|>` (50256) is BOS, EOS and padding, as in GPT-2's own training data. Each run is encoded on its own
 * and the runs are concatenated; because every run after the instruction starts with a space, GPT-2's
 * pre-tokenizer splits the full text at the same places, so the tokens equal the encoding of the whole text.
 * `positions.sep` is the ':' of ' Input:', `positions.ans` the ':' of ' Answer:'.
 */
export const NATURAL_INPUT_MARKER = ' Input:';
export const NATURAL_ANSWER_MARKER = ' Answer:';

export interface NaturalTokenRuns {
  instruction(words: readonly string[]): number[];
  readonly separator: readonly number[];
  input(text: string): number[];
  readonly answer: readonly number[];
  output(text: string): number[];
}

/** The runs, each text encoded once (a suite repeats every instruction and input many times). */
export function naturalTokenRuns(tokenizer: Tokenizer): NaturalTokenRuns {
  const cache = new Map<string, number[]>();
  const encode = (text: string) => {
    let ids = cache.get(text);
    if (!ids) cache.set(text, (ids = tokenizer.encode(text)));
    return ids;
  };
  return {
    instruction: (words) => encode(words.join(' ')),
    separator: encode(NATURAL_INPUT_MARKER),
    input: (text) => encode(` ${text}`),
    answer: encode(NATURAL_ANSWER_MARKER),
    output: (text) => encode(` ${text}`),
  };
}
