import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Random } from '@clusterlens/schema';
import {
  derivationCount,
  drawDistinct,
  enumerateLanguage,
  instructionRegExp,
  longestLength,
  NotEnoughInstructionsError,
  parsePattern,
  samplePattern,
  shortestLength,
} from '@clusterlens/tasks';

import { matchesPattern } from './support/word-regexp.js';

/** Random patterns over w0..w5 in the grammar's generated subset. */
const patternArbitrary: fc.Arbitrary<string> = fc.letrec<{ item: string; pattern: string }>((tie) => ({
  pattern: fc.array(tie('item'), { minLength: 1, maxLength: 4 }).map((items) => items.join(' ')),
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 5 }).map((i) => `w${i}`),
    fc.integer({ min: 0, max: 5 }).map((i) => `w${i}?`),
    fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 3 }).map((ws) => `(${ws.map((i) => `w${i}`).join('|')})`),
    fc.tuple(tie('pattern'), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 2 })).map(
      ([inner, min, extra]) => `(${inner}){${min},${min + extra}}`,
    ),
  ),
})).pattern;

describe('sampling instructions from a regex', () => {
  it('every sample matches its regex, checked by a JavaScript RegExp on the joined words', () => {
    fc.assert(
      fc.property(patternArbitrary, fc.nat(10_000), (pattern, seed) => {
        const node = parsePattern(pattern);
        const random = new Random(seed);
        for (let i = 0; i < 20; i++) {
          const words = samplePattern(node, random);
          expect(matchesPattern(pattern, words), `${pattern} -> ${words.join(' ')}`).toBe(true);
          expect(instructionRegExp(pattern).test(words.join(' '))).toBe(true);
          expect(words.length).toBeGreaterThanOrEqual(shortestLength(node));
          expect(words.length).toBeLessThanOrEqual(longestLength(node));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('instructionRegExp rejects word sequences outside the language', () => {
    const re = instructionRegExp('w3 (w1|w7) w5? (w2){1,3}');
    expect(re.test('w3 w1 w2')).toBe(true);
    expect(re.test('w3 w7 w5 w2 w2 w2')).toBe(true);
    expect(re.test('w3 w1')).toBe(false);
    expect(re.test('w3 w1 w2 w2 w2 w2')).toBe(false);
    expect(re.test('w3 w12 w2')).toBe(false);
    expect(re.test('w3w1 w2')).toBe(false);
  });

  it('enumerates the distinct instructions of a small language', () => {
    const node = parsePattern('w3 (w1|w7) w5? (w2){1,3}');
    expect(derivationCount(node)).toBe(12);
    expect(enumerateLanguage(node)?.size).toBe(12);
    expect(enumerateLanguage(parsePattern('(w1|w1) w2?'))).toEqual(new Set(['w1', 'w1 w2']));
    expect(enumerateLanguage(parsePattern('(w1|w2|w3){1,20}'))).toBeUndefined();
  });

  it('the whole language comes up when drawing all of it, each instruction once', () => {
    const node = parsePattern('w3 (w1|w7) w5? (w2){1,3}');
    const drawn = drawDistinct(node, 12, new Random(1), new Set());
    expect(new Set(drawn.map((w) => w.join(' ')))).toEqual(enumerateLanguage(node));
  });

  it('drawDistinct skips instructions already taken and adds what it draws', () => {
    const node = parsePattern('w1 (w2|w3|w4)');
    const taken = new Set(['w1 w2']);
    const drawn = drawDistinct(node, 2, new Random(3), taken).map((w) => w.join(' '));
    expect(drawn.sort()).toEqual(['w1 w3', 'w1 w4']);
    expect(taken).toEqual(new Set(['w1 w2', 'w1 w3', 'w1 w4']));
  });

  it('drawDistinct says how many instructions are available when too few are left, and takes none', () => {
    const taken = new Set(['w1 w2']);
    expect(() => drawDistinct(parsePattern('w1 (w2|w3)'), 2, new Random(3), taken)).toThrow(NotEnoughInstructionsError);
    expect(() => drawDistinct(parsePattern('w1 (w2|w3)'), 2, new Random(3), taken)).toThrow(/only 1 distinct/);
    expect(taken).toEqual(new Set(['w1 w2']));
  });

  it('the same seed draws the same instructions', () => {
    const node = parsePattern('(w1|w2|w3) w4? (w5){1,3} (w6|w7)');
    const a = drawDistinct(node, 10, new Random(9), new Set());
    const b = drawDistinct(node, 10, new Random(9), new Set());
    expect(a).toEqual(b);
  });
});
