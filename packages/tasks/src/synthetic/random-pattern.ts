import type { Random } from '@clusterlens/schema';

type SlotKind = 'literal' | 'alternation' | 'optional' | 'repetition';
const SLOT_KINDS: readonly SlotKind[] = ['literal', 'alternation', 'optional', 'repetition'];

/**
 * A random instruction regex over `words`: slots.min..slots.max slots, each a literal `w`, an alternation of 2-3
 * distinct words `(a|b|c)`, an optional word `w?` or a repetition `(w){1,3}`, chosen uniformly. At least one slot
 * is not optional, so no instruction is empty.
 */
export function randomPattern(words: readonly string[], slots: { min: number; max: number }, random: Random): string {
  const numSlots = random.intBetween(slots.min, slots.max);
  let kinds: SlotKind[];
  do {
    kinds = Array.from({ length: numSlots }, () => random.pick(SLOT_KINDS));
  } while (kinds.every((kind) => kind === 'optional'));
  return kinds.map((kind) => slot(kind, words, random)).join(' ');
}

function slot(kind: SlotKind, words: readonly string[], random: Random): string {
  switch (kind) {
    case 'literal':
      return random.pick(words);
    case 'alternation': {
      if (words.length < 2) return random.pick(words);
      const options = random.sample(words, Math.min(random.intBetween(2, 3), words.length));
      return `(${options.join('|')})`;
    }
    case 'optional':
      return `${random.pick(words)}?`;
    case 'repetition':
      return `(${random.pick(words)}){1,3}`;
  }
}
