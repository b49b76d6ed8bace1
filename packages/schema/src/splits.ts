// The evaluation splits of a task suite (docs/PROTOCOL.md section 4), in the order reports show them.
// - train: trained (instruction, input) pairs;
// - validation: instruction samples of the trained distributions that are never trained, with the inputs of their task;
// - heldout-pairs: (instruction, input) pairs held out of training whose instruction is trained with other inputs:
//   output accuracy only, never clustering at an instruction-only position (there their states copy training's);
// - unseen-distribution: instructions of a distribution never trained;
// - unseen-inputs: trained instructions with inputs their task never trains with (rule tasks).
export const SPLIT_NAMES = ['train', 'validation', 'heldout-pairs', 'unseen-distribution', 'unseen-inputs'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Splits of instances never trained on (new instructions, or trained instructions with new inputs): claim C4. */
export const UNSEEN_SPLITS = ['validation', 'unseen-distribution', 'unseen-inputs'] as const satisfies readonly SplitName[];

export function isSplitName(name: string): name is SplitName {
  return (SPLIT_NAMES as readonly string[]).includes(name);
}
