import { WordTokenizer } from './tokenizer/word-tokenizer.js';
import type { Vocabulary } from './suite.js';

export const SPECIAL_TOKENS = ['PAD', 'BOS', 'EOS', 'SEP', 'ANS', 'REFUSE'] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];

/**
 * The synthetic suite's vocabulary, ids in this order: the special tokens `PAD BOS EOS SEP ANS REFUSE` (PAD = 0),
 * instruction words `w0..w{W-1}`, input symbols `x0..x{X-1}`, output symbols `y0..y{Y-1}`.
 */
export interface SyntheticVocabulary extends Vocabulary {
  readonly tokens: readonly string[];
  readonly special: Readonly<Record<SpecialToken, number>>;
  readonly sep: number;
  readonly ans: number;
  readonly refuse: number;
  readonly instructionWords: readonly string[];
  readonly inputSymbols: readonly string[];
  readonly outputSymbols: readonly string[];
  /** Id of an instruction word, input symbol x{i} or output symbol y{i}. */
  wordId(word: string): number;
  inputId(input: number): number;
  outputId(output: number): number;
}

export function syntheticVocabulary(numWords: number, numInputs: number, numOutputs: number): SyntheticVocabulary {
  const instructionWords = Array.from({ length: numWords }, (_, i) => `w${i}`);
  const inputSymbols = Array.from({ length: numInputs }, (_, i) => `x${i}`);
  const outputSymbols = Array.from({ length: numOutputs }, (_, i) => `y${i}`);
  const tokens = [...SPECIAL_TOKENS, ...instructionWords, ...inputSymbols, ...outputSymbols];
  const special = Object.fromEntries(SPECIAL_TOKENS.map((t, i) => [t, i])) as Record<SpecialToken, number>;
  const firstWord = SPECIAL_TOKENS.length;
  const firstInput = firstWord + numWords;
  const firstOutput = firstInput + numInputs;
  const tokenizer = new WordTokenizer(tokens);
  return {
    size: tokens.length,
    tokens,
    special,
    pad: special.PAD,
    bos: special.BOS,
    eos: special.EOS,
    sep: special.SEP,
    ans: special.ANS,
    refuse: special.REFUSE,
    refusal: [special.REFUSE],
    instructionWords,
    inputSymbols,
    outputSymbols,
    wordId(word) {
      const id = tokenizer.id(word);
      if (id < firstWord || id >= firstInput) throw new RangeError(`'${word}' is not an instruction word`);
      return id;
    },
    inputId(input) {
      if (!Number.isInteger(input) || input < 0 || input >= numInputs) throw new RangeError(`no input symbol x${input}`);
      return firstInput + input;
    },
    outputId(output) {
      if (!Number.isInteger(output) || output < 0 || output >= numOutputs) {
        throw new RangeError(`no output symbol y${output}`);
      }
      return firstOutput + output;
    },
  };
}
