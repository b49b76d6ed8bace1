import type { PatternNode } from './syntax.js';
import { parsePattern } from './syntax.js';

/**
 * The JavaScript RegExp equivalent of an instruction pattern: it matches `words.join(' ')` exactly when the words
 * are an instruction of the pattern. Each word must be followed by a space or the end of the text, so `w1` does not
 * match inside `w12`.
 */
export function instructionRegExp(pattern: string | PatternNode): RegExp {
  const node = typeof pattern === 'string' ? parsePattern(pattern) : pattern;
  return new RegExp(`^${source(node)}$`);
}

function source(node: PatternNode): string {
  switch (node.kind) {
    case 'word':
      return `(?:${escape(node.word)}(?: |$))`;
    case 'sequence':
      return `(?:${node.items.map(source).join('')})`;
    case 'alternation':
      return `(?:${node.options.map(source).join('|')})`;
    case 'repeat':
      return `(?:${source(node.node)}){${node.min},${node.max}}`;
  }
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
