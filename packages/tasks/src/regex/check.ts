import { derivationCount, enumerateLanguage, longestLength, shortestLength } from './measure.js';
import { parsePattern, PatternSyntaxError, patternWords, type PatternNode } from './syntax.js';

export interface CheckedPattern {
  readonly node: PatternNode;
  readonly longest: number;
  /** The exact number of distinct instructions, when the language is small enough to enumerate. */
  readonly distinct: number | undefined;
}

/**
 * Parses an instruction regex and checks what every suite needs: it parses, uses only `isWord` words, never
 * produces an empty instruction, and has at least `needed` distinct instructions (checked when enumerable).
 * Returns the problem as a sentence, or the parsed pattern.
 */
export function checkPattern(
  pattern: string,
  options: {
    readonly needed: number;
    /** Why that many are needed, e.g. `samplesPerDistribution + heldOutSamplesPerDistribution`. */
    readonly neededBecause?: string;
    readonly isWord?: (word: string) => boolean;
    /** Appended to the unknown-token problem, e.g. ` (instruction words are w0..w11)`. */
    readonly wordsHint?: string;
  },
): CheckedPattern | { readonly problem: string } {
  const { needed, neededBecause, isWord = () => true, wordsHint = '' } = options;
  let node: PatternNode;
  try {
    node = parsePattern(pattern);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return { problem: error.message };
    throw error;
  }
  const unknown = patternWords(node).filter((word) => !isWord(word));
  if (unknown.length > 0) {
    return { problem: `unknown token${unknown.length > 1 ? 's' : ''} ${unknown.map((w) => `'${w}'`).join(', ')}${wordsHint}` };
  }
  if (shortestLength(node) === 0) return { problem: `regex "${pattern}" can produce an empty instruction` };
  const language = derivationCount(node) <= 100_000 ? enumerateLanguage(node) : undefined;
  const distinct = language?.size;
  if (distinct !== undefined && distinct < needed) {
    return {
      problem: `regex "${pattern}" has only ${distinct} distinct instruction${distinct === 1 ? '' : 's'}; ${neededBecause ? `${neededBecause} = ` : ''}${needed} are needed`,
    };
  }
  return { node, longest: longestLength(node), distinct };
}
