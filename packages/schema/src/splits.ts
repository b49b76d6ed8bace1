// The evaluation splits of a task suite (PROTOCOL section 4), in the order reports show them.
export const SPLIT_NAMES = ['train', 'validation', 'unseen-samples', 'unseen-distribution', 'unseen-inputs'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

export function isSplitName(name: string): name is SplitName {
  return (SPLIT_NAMES as readonly string[]).includes(name);
}
