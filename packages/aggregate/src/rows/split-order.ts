// The protocol's splits in reading order (PROTOCOL sections 3-4): seen data first, then the three kinds of unseen.
export const SPLIT_ORDER = ['train', 'validation', 'unseen-samples', 'unseen-distribution', 'unseen-inputs'] as const;

/** The splits present, protocol order first, any others after them alphabetically. */
export function orderSplits(splits: Iterable<string>): string[] {
  const present = [...new Set(splits)];
  const rank = (split: string) => {
    const i = (SPLIT_ORDER as readonly string[]).indexOf(split);
    return i === -1 ? SPLIT_ORDER.length : i;
  };
  return present.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
