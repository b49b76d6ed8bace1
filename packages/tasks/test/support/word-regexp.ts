/**
 * An independent translation of an instruction regex into a JavaScript RegExp, written for the tests only: each
 * word becomes `(?:word )`, so the RegExp must match each word followed by one space. It handles the subset of the grammar
 * the suites generate (words, groups, alternation, `?`, `{n,m}`), not escapes.
 */
function wordRegExp(pattern: string): RegExp {
  const pieces = pattern.match(/\{\d+(?:,\d+)?\}|[()|?]|\s+|[^\s()|?{}]+/g) ?? [];
  const source = pieces
    .map((piece) => {
      if (/^\s+$/.test(piece)) return '';
      if (/^[()|?]$/.test(piece) || piece.startsWith('{')) return piece === '(' ? '(?:' : piece;
      return `(?:${piece.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')} )`;
    })
    .join('');
  return new RegExp(`^(?:${source})$`);
}

export function matchesPattern(pattern: string, words: readonly string[]): boolean {
  return wordRegExp(pattern).test(words.map((word) => `${word} `).join(''));
}
