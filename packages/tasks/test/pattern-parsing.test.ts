import { describe, expect, it } from 'vitest';

import { longestLength, parsePattern, PatternSyntaxError, patternWords, shortestLength } from '@clusterlens/tasks';

const problem = (pattern: string) => {
  try {
    parsePattern(pattern);
  } catch (error) {
    expect(error).toBeInstanceOf(PatternSyntaxError);
    return (error as Error).message;
  }
  throw new Error(`"${pattern}" parsed`);
};

describe('instruction regex grammar', () => {
  it('parses words, groups, alternation, optional words and bounded repetition', () => {
    expect(parsePattern('w3 (w1|w7) w5? (w2){1,3}')).toEqual({
      kind: 'sequence',
      items: [
        { kind: 'word', word: 'w3' },
        { kind: 'alternation', options: [{ kind: 'word', word: 'w1' }, { kind: 'word', word: 'w7' }] },
        { kind: 'repeat', node: { kind: 'word', word: 'w5' }, min: 0, max: 1 },
        { kind: 'repeat', node: { kind: 'word', word: 'w2' }, min: 1, max: 3 },
      ],
    });
  });

  it('a quantifier applies to the whole word before it', () => {
    expect(parsePattern('w12?')).toEqual({ kind: 'repeat', node: { kind: 'word', word: 'w12' }, min: 0, max: 1 });
    expect(parsePattern('w2{2}')).toEqual({ kind: 'repeat', node: { kind: 'word', word: 'w2' }, min: 2, max: 2 });
  });

  it('groups hold multi-word alternatives and escapes make literal characters', () => {
    const node = parsePattern("(what is|tell me) the country's capital\\?");
    expect(patternWords(node)).toEqual(['what', 'is', 'tell', 'me', 'the', "country's", 'capital?']);
    expect(shortestLength(node)).toBe(5);
    expect(longestLength(node)).toBe(5);
  });

  it('measures the shortest and longest instruction', () => {
    const node = parsePattern('w3 (w1|w7 w8) w5? (w2){1,3}');
    expect(shortestLength(node)).toBe(3);
    expect(longestLength(node)).toBe(1 + 2 + 1 + 3);
  });

  it('names the problem of an unparsable regex', () => {
    expect(problem('w1 (w2')).toBe('regex "w1 (w2" cannot be parsed: unclosed group opened at position 3');
    expect(problem('w1 w2)')).toMatch(/unmatched '\)' at position 5/);
    expect(problem('')).toMatch(/the regex is empty/);
    expect(problem('w1 ()')).toMatch(/empty group/);
    expect(problem('w1*')).toMatch(/unbounded repetition '\*' is not supported, use \{0,n\}/);
    expect(problem('w1+')).toMatch(/unbounded repetition '\+'/);
    expect(problem('? w1')).toMatch(/quantifier '\?' at position 0 must directly follow a word/);
    expect(problem('w1 ?')).toMatch(/must directly follow/);
    expect(problem('w1??')).toMatch(/nothing to repeat/);
    expect(problem('w1{3,1}')).toMatch(/max < min/);
    expect(problem('w1{a}')).toMatch(/is not \{n\} or \{n,m\}/);
    expect(problem('w1{2')).toMatch(/unclosed repetition/);
    expect(problem('[ab]')).toMatch(/character classes/);
    expect(problem('w1 . w2')).toMatch(/'\.' is not supported/);
  });
});
