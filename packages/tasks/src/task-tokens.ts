// Task-identity tokens (docs/PROTOCOL.md section 6): one token per task, appended to a synthetic suite's vocabulary
// only when asked, and a sequence with its task's token placed right after BOS. The suite's instances stay the plain
// ones, so evaluation never shows the token; a trainer inserts it into the training sequences it chooses.
import { SuiteConfigError } from './config-error.js';
import type { Instance, Positions } from './suite.js';
import type { SyntheticSuite } from './synthetic/build.js';
import { WordTokenizer } from './tokenizer/word-tokenizer.js';

/** The name of task t's token: `TASK0`, `TASK1`, ... (no synthetic token has this form). */
export const taskTokenName = (task: number): string => `TASK${task}`;

export interface TaskTokens {
  /** Token name of each task, by task id. */
  readonly names: readonly string[];
  /** Token id of each task, by task id: the ids after the suite's own vocabulary. */
  readonly ids: readonly number[];
}

export type SyntheticSuiteWithTaskTokens = SyntheticSuite & { readonly taskTokens: TaskTokens };

/**
 * The suite with one token per task appended to its vocabulary (ids `size .. size+K-1`, names `TASK0..`), its
 * tokenizer knowing them. Every other id, every instance and the fingerprint are the suite's own: the instances do
 * not carry the tokens (`insertTaskToken` makes a sequence that does). Throws a `SuiteConfigError` on `contextLength`
 * when a training sequence has no padding left for the token: the check a trial makes before it trains.
 */
export function withTaskTokens(suite: SyntheticSuite): SyntheticSuiteWithTaskTokens {
  const needed = taskTokenContextLength(suite.split('train'));
  if (needed > suite.contextLength) {
    const message =
      `${suite.contextLength} leaves no room for a task token: the longest training sequence has ${needed - 1} tokens, ` +
      `${needed} with the token; set contextLength to at least ${needed}`;
    throw new SuiteConfigError([{ path: ['contextLength'], message }]);
  }
  const { vocabulary } = suite;
  const names = suite.tasks.map((task) => taskTokenName(task.id));
  const ids = names.map((_, t) => vocabulary.size + t);
  const tokens = [...vocabulary.tokens, ...names];
  return {
    ...suite,
    vocabulary: { ...vocabulary, size: tokens.length, tokens },
    tokenizer: new WordTokenizer(tokens),
    taskTokens: { names, ids },
  };
}

/** The context length the longest of `instances` needs with a task token: its tokens up to EOS, plus one. */
export function taskTokenContextLength(instances: readonly Instance[]): number {
  return Math.max(...instances.map((instance) => instance.positions.eos + 2));
}

/**
 * The instance's sequence with `token` right after BOS: every later token and position moves one place right and
 * the last token, which must be `pad`, is dropped, so the length stays the context length. Labels follow the moved
 * positions, so the token is input only: no loss is ever on it.
 */
export function insertTaskToken(instance: Instance, token: number, pad: number): Instance {
  const { tokens, positions } = instance;
  const T = tokens.length;
  if (positions.eos + 1 >= T || tokens[T - 1] !== pad) {
    throw new RangeError(`contextLength: ${T} leaves no room for a task token after BOS; ${positions.eos + 2} tokens are needed`);
  }
  const shifted = new Int32Array(T);
  shifted[0] = tokens[0];
  shifted[1] = token;
  shifted.set(tokens.subarray(1, T - 1), 2);
  return { ...instance, tokens: shifted, positions: shiftedPositions(positions) };
}

function shiftedPositions(p: Positions): Positions {
  return {
    instructionStart: p.instructionStart + 1,
    instructionEnd: p.instructionEnd + 1,
    lastInstructionWord: p.lastInstructionWord + 1,
    sep: p.sep + 1,
    ans: p.ans + 1,
    output: p.output + 1,
    eos: p.eos + 1,
  };
}
