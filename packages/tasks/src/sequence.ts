import type { Positions, SequenceOrder } from './suite.js';


/** The token runs of one sequence, whatever its order. */
export interface SequenceParts {
  readonly bos: number;
  readonly instruction: readonly number[];
  /** Ends the instruction: [SEP] in the synthetic suite, the tokens of ' Input:' in the natural one. */
  readonly separator: readonly number[];
  readonly input: readonly number[];
  /** Precedes the output: [ANS], or the tokens of ' Answer:'. */
  readonly answer: readonly number[];
  readonly output: readonly number[];
  readonly eos: number;
}

/** The number of tokens the parts take before padding. */
function sequenceLength(parts: SequenceParts): number {
  return (
    2 + parts.instruction.length + parts.separator.length + parts.input.length + parts.answer.length + parts.output.length
  );
}

/** Lays the parts out in a sequence of `contextLength` tokens, right-padded with `pad`. */
export function layoutSequence(
  parts: SequenceParts,
  contextLength: number,
  pad: number,
  order: SequenceOrder = 'instruction-first',
): { tokens: Int32Array; positions: Positions } {
  const length = sequenceLength(parts);
  if (length > contextLength) {
    throw new RangeError(`contextLength: ${contextLength} is too short for a sequence of ${length} tokens`);
  }
  if (parts.instruction.length === 0 || parts.separator.length === 0 || parts.answer.length === 0) {
    throw new RangeError('a sequence needs a non-empty instruction, separator and answer marker');
  }
  if (parts.output.length === 0) throw new RangeError('a sequence needs at least one output token');
  const tokens = new Int32Array(contextLength).fill(pad);
  let at = 0;
  const put = (ids: readonly number[]) => {
    for (const id of ids) tokens[at++] = id;
  };
  put([parts.bos]);
  if (order === 'input-first') put(parts.input);
  else put(parts.instruction);
  const firstEnd = at;
  put(parts.separator);
  const sep = at - 1;
  const secondStart = at;
  if (order === 'input-first') put(parts.instruction);
  else put(parts.input);
  const instructionStart = order === 'input-first' ? secondStart : 1;
  const instructionEnd = order === 'input-first' ? at : firstEnd;
  put(parts.answer);
  const ans = at - 1;
  const output = at;
  put(parts.output);
  const eos = at;
  put([parts.eos]);
  return {
    tokens,
    positions: { instructionStart, instructionEnd, lastInstructionWord: instructionEnd - 1, sep, ans, output, eos },
  };
}
