import type { SplitName } from '@clusterlens/schema';

import type { Tokenizer } from './tokenizer/tokenizer.js';

/**
 * The order of a sequence's segments:
 * - `instruction-first`: `BOS <instruction> <separator> <input> <answer> <output> EOS` (the protocol's format);
 * - `input-first`: `BOS <input> <separator> <instruction> <answer> <output> EOS`, where the model reads the
 *   instruction last (then the SEP position has seen only the input; probe at `ans` or the instruction instead).
 */
export type SequenceOrder = 'instruction-first' | 'input-first';

/** Token indices inside one instance's sequence (0-based positions in `tokens`). */
export interface Positions {
  /** The first instruction token (right after BOS). */
  readonly instructionStart: number;
  /** One past the last instruction token. */
  readonly instructionEnd: number;
  readonly lastInstructionWord: number;
  /** The last token of the separator between instruction and input (SEP in the synthetic suite). */
  readonly sep: number;
  /** The last token before the output (ANS in the synthetic suite). */
  readonly ans: number;
  /** The first output token. */
  readonly output: number;
  /** The end-of-sequence token after the output. */
  readonly eos: number;
}

/** One sequence: an instruction sample of a task's distribution applied to one input. */
export interface Instance {
  /** Task index; a label for scoring clusters, never a token. */
  readonly task: number;
  /** Distribution index within the task. */
  readonly distribution: number;
  /** Instruction sample index within the distribution. */
  readonly sample: number;
  /** Input index (the synthetic suite: symbol x{input}; the natural suite: index into the task's input set). */
  readonly input: number;
  /** Output index (synthetic: symbol y{output}; natural: index into the task's outputs); -1 for a refusal. */
  readonly output: number;
  /** The instruction's words, as drawn from the distribution's regex. */
  readonly words: readonly string[];
  readonly inputText: string;
  readonly outputText: string;
  /** Token ids, right-padded to the context length. */
  readonly tokens: Int32Array;
  readonly positions: Positions;
}

/** A task function: the input -> output mappings of one task. */
export type TaskFunction =
  | { readonly family: 'lookup'; readonly pairs: readonly (readonly [input: number, output: number])[] }
  | {
      readonly family: 'rule';
      /** y = (x + offset) mod modulus */
      readonly offset: number;
      readonly modulus: number;
      readonly pairs: readonly (readonly [input: number, output: number])[];
    }
  | {
      readonly family: 'natural';
      /** The name of the shared input set (e.g. `countries`). */
      readonly inputSet: string;
      readonly pairs: readonly (readonly [input: number, output: number])[];
    };

export interface Task {
  readonly id: number;
  readonly name: string;
  readonly function: TaskFunction;
  /** Instruction distributions as regexes over words (grammar in the README). */
  readonly distributions: readonly string[];
  /** Indices of the distributions never trained on (the `unseen-distribution` split). */
  readonly heldOutDistributions: readonly number[];
  /**
   * The drawn instructions, per distribution. For a trained distribution the first `samplesPerDistribution` are
   * trained on and the rest form `validation`.
   */
  readonly instructions: readonly (readonly (readonly string[])[])[];
  /** Inputs trained with this task, and those kept for `unseen-inputs`. */
  readonly trainInputs: readonly number[];
  readonly heldOutInputs: readonly number[];
  /** Text of each input index and each output index. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** What the model and the loss need to know about the token ids. */
export interface Vocabulary {
  readonly size: number;
  readonly pad: number;
  readonly bos: number;
  readonly eos: number;
  /** The output tokens of a refusal (before EOS). */
  readonly refusal: readonly number[];
}

/** What every built suite's configuration has (its `seed` decided). */
export interface SuiteConfigBase {
  readonly kind: 'synthetic' | 'natural';
  readonly seed: number;
  readonly contextLength: number;
  readonly samplesPerDistribution: number;
  /** Which segment comes first (synthetic suites; natural ones are always instruction-first). */
  readonly order?: SequenceOrder;
}

/** A suite configuration whose seed is decided: the `config` of a built suite. */
export type Seeded<Config extends { readonly seed?: number }> = Config & { readonly seed: number };

export interface Suite<Config extends SuiteConfigBase = SuiteConfigBase, V extends Vocabulary = Vocabulary> {
  readonly kind: Config['kind'];
  /** The configuration after defaults, with the seed the suite was built from. */
  readonly config: Config;
  readonly vocabulary: V;
  readonly tokenizer: Tokenizer;
  readonly contextLength: number;
  readonly tasks: readonly Task[];
  /** A hash of every instance of every split: equal fingerprints mean identical suites. */
  readonly fingerprint: string;
  split(name: SplitName): readonly Instance[];
  /** The same prompt answered with the refusal (for alignment): output -1, the refusal tokens, then EOS. */
  refusal(instance: Instance): Instance;
}
