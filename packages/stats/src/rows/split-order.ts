// The protocol's splits in reading order (PROTOCOL sections 3-4, schema's SPLIT_NAMES): train, validation,
// heldout-pairs, then the unseen distributions and inputs.
import { SPLIT_NAMES } from '@clusterlens/schema';

/** The splits present, protocol order first, any others after them alphabetically. */
export function orderSplits(splits: Iterable<string>): string[] {
  const present = [...new Set(splits)];
  const rank = (split: string) => {
    const i = (SPLIT_NAMES as readonly string[]).indexOf(split);
    return i === -1 ? SPLIT_NAMES.length : i;
  };
  return present.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
