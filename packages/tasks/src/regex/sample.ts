import type { Random } from '@clusterlens/schema';
import { enumerateLanguage } from './measure.js';
import type { PatternNode } from './syntax.js';

/**
 * One instruction drawn from the pattern the way randexp draws strings: a uniform choice at each alternation and
 * a uniform repetition count in [min, max], each repetition drawn anew.
 */
export function samplePattern(node: PatternNode, random: Random): string[] {
  const out: string[] = [];
  const visit = (n: PatternNode): void => {
    switch (n.kind) {
      case 'word':
        out.push(n.word);
        return;
      case 'sequence':
        n.items.forEach(visit);
        return;
      case 'alternation':
        visit(n.options[random.int(n.options.length)]);
        return;
      case 'repeat': {
        const count = random.intBetween(n.min, n.max);
        for (let i = 0; i < count; i++) visit(n.node);
        return;
      }
    }
  };
  visit(node);
  return out;
}

/** Why `drawDistinct` could not draw enough instructions. */
export class NotEnoughInstructionsError extends Error {
  constructor(
    readonly wanted: number,
    readonly drawn: number,
    readonly available: number | undefined,
  ) {
    super(
      available !== undefined
        ? `has only ${available} distinct instructions not used elsewhere in the suite; ${wanted} are needed`
        : `gave only ${drawn} distinct instructions not used elsewhere in the suite after many draws; ${wanted} are needed`,
    );
    this.name = 'NotEnoughInstructionsError';
  }
}

/**
 * `count` distinct instructions from the pattern, none of them in `taken` (keys are words joined by one space).
 * Draws repeat until enough distinct ones have come up, so the instructions keep the sampler's distribution,
 * conditioned on being new. On success the drawn instructions are added to `taken`; on failure `taken` is unchanged.
 */
export function drawDistinct(node: PatternNode, count: number, random: Random, taken: Set<string>): string[][] {
  const language = enumerateLanguage(node);
  if (language) {
    let available = 0;
    for (const key of language) if (!taken.has(key)) available++;
    if (available < count) throw new NotEnoughInstructionsError(count, 0, available);
  }
  const out: string[][] = [];
  const drawn = new Set<string>();
  // With an enumerable language the loop ends (every missing instruction has positive probability); the cap only
  // matters for huge languages that are mostly taken, and for instructions of minute probability.
  const maxDraws = 1000 * count + 100_000;
  for (let draw = 0; out.length < count; draw++) {
    if (draw >= maxDraws) throw new NotEnoughInstructionsError(count, out.length, undefined);
    const words = samplePattern(node, random);
    const key = words.join(' ');
    if (taken.has(key) || drawn.has(key)) continue;
    drawn.add(key);
    out.push(words);
  }
  for (const key of drawn) taken.add(key);
  return out;
}
