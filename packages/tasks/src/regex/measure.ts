import type { PatternNode } from './syntax.js';

/** The fewest words an instruction drawn from the pattern can have. */
export function shortestLength(node: PatternNode): number {
  switch (node.kind) {
    case 'word':
      return 1;
    case 'sequence':
      return node.items.reduce((sum, item) => sum + shortestLength(item), 0);
    case 'alternation':
      return Math.min(...node.options.map(shortestLength));
    case 'repeat':
      return node.min * shortestLength(node.node);
  }
}

/** The most words an instruction drawn from the pattern can have. */
export function longestLength(node: PatternNode): number {
  switch (node.kind) {
    case 'word':
      return 1;
    case 'sequence':
      return node.items.reduce((sum, item) => sum + longestLength(item), 0);
    case 'alternation':
      return Math.max(...node.options.map(longestLength));
    case 'repeat':
      return node.max * longestLength(node.node);
  }
}

/**
 * The number of ways the sampler can derive an instruction: an upper bound on the number of distinct
 * instructions (two derivations can spell the same words, as in `(a|a)`). Infinity once it passes 2^53.
 */
export function derivationCount(node: PatternNode): number {
  const cap = (x: number) => (x > Number.MAX_SAFE_INTEGER ? Infinity : x);
  switch (node.kind) {
    case 'word':
      return 1;
    case 'sequence':
      return cap(node.items.reduce((product, item) => product * derivationCount(item), 1));
    case 'alternation':
      return cap(node.options.reduce((sum, option) => sum + derivationCount(option), 0));
    case 'repeat': {
      const inner = derivationCount(node.node);
      let total = 0;
      for (let k = node.min; k <= node.max; k++) total += inner ** k;
      return cap(total);
    }
  }
}

/**
 * Every distinct instruction of the pattern, as words joined by single spaces, or undefined when the pattern has
 * more than `limit` derivations (enumerating it would cost too much).
 */
export function enumerateLanguage(node: PatternNode, limit = 100_000): Set<string> | undefined {
  if (derivationCount(node) > limit) return undefined;
  return new Set(enumerate(node).map((words) => words.join(' ')));
}

function enumerate(node: PatternNode): string[][] {
  switch (node.kind) {
    case 'word':
      return [[node.word]];
    case 'sequence':
      return node.items.reduce<string[][]>((prefixes, item) => concatAll(prefixes, enumerate(item)), [[]]);
    case 'alternation':
      return dedupe(node.options.flatMap(enumerate));
    case 'repeat': {
      const inner = enumerate(node.node);
      const out: string[][] = [];
      let power: string[][] = [[]];
      for (let k = 1; k <= node.max; k++) {
        if (k - 1 >= node.min) out.push(...power);
        power = concatAll(power, inner);
      }
      out.push(...power);
      return dedupe(out);
    }
  }
}

function concatAll(prefixes: string[][], suffixes: string[][]): string[][] {
  return dedupe(prefixes.flatMap((p) => suffixes.map((s) => [...p, ...s])));
}

function dedupe(list: string[][]): string[][] {
  const seen = new Map<string, string[]>();
  for (const words of list) seen.set(words.join('\u0000'), words);
  return [...seen.values()];
}
