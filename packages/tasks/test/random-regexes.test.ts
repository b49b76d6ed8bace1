import { describe, expect, it } from 'vitest';

import { buildSuite, enumerateLanguage, parsePattern } from '@clusterlens/tasks';

import { matchesPattern } from './support/word-regexp.js';

const SLOT = /^(w\d+|\((w\d+\|){1,2}w\d+\)|w\d+\?|\(w\d+\)\{1,3\})$/;
/** Splits a generated regex into its slots (slots never contain spaces). */
const slotsOf = (pattern: string) => pattern.split(' ');

describe('random instruction regexes', () => {
  const suite = buildSuite({ kind: 'synthetic', seed: 8 });

  it('have 3-6 slots, each a literal, an alternation of 2-3 words, an optional word or a repetition {1,3}', () => {
    for (const task of suite.tasks) {
      for (const pattern of task.distributions) {
        const slots = slotsOf(pattern);
        expect(slots.length).toBeGreaterThanOrEqual(3);
        expect(slots.length).toBeLessThanOrEqual(6);
        for (const slot of slots) expect(slot).toMatch(SLOT);
        expect(slots.some((slot) => !slot.endsWith('?'))).toBe(true);
        const alternation = slots.filter((s) => s.startsWith('(') && s.includes('|'));
        for (const slot of alternation) {
          const options = slot.slice(1, -1).split('|');
          expect(new Set(options).size).toBe(options.length);
        }
      }
    }
  });

  it('the drawn instructions match their regex, are distinct, and number samples + held-out samples', () => {
    for (const task of suite.tasks) {
      task.distributions.forEach((pattern, d) => {
        const instructions = task.instructions[d];
        expect(instructions).toHaveLength(8 + 5);
        expect(new Set(instructions.map((w) => w.join(' '))).size).toBe(13);
        for (const words of instructions) expect(matchesPattern(pattern, words), `${pattern}: ${words.join(' ')}`).toBe(true);
        expect(enumerateLanguage(parsePattern(pattern))!.size).toBeGreaterThanOrEqual(13);
      });
    }
  });

  it('the instances carry the instructions drawn for their distribution', () => {
    for (const instance of suite.split('train')) {
      expect(instance.words).toEqual(suite.tasks[instance.task].instructions[instance.distribution][instance.sample]);
      expect(instance.sample).toBeLessThan(8);
    }
    for (const instance of suite.split('validation')) expect(instance.sample).toBeGreaterThanOrEqual(8);
  });
});
