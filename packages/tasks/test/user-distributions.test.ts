import { describe, expect, it } from 'vitest';

import { buildSuite, SuiteConfigError } from '@clusterlens/tasks';

import { collidingRegexSuite } from './support/configs.js';
import { matchesPattern } from './support/word-regexp.js';

/** 18, 12 and 12 distinct instructions per task. */
const patterns = [
  ['w0 (w1|w2|w3) w4? (w5){1,3}', 'w1 (w0|w2|w3) (w6|w7) w8?', 'w2 (w3|w9) (w9|w10|w11) (w4){1,2}'],
  ['w5 (w1|w2|w3) w4? (w0){1,3}', 'w6 (w0|w2|w3) (w1|w7) w8?', 'w7 (w3|w9) (w9|w10|w11) (w4){1,2}'],
];

describe('user-written instruction distributions', () => {
  it('replace the random regexes, and every instance matches its task\'s regex', () => {
    const suite = buildSuite({
      kind: 'synthetic',
      seed: 1,
      tasks: patterns.map((distributions, i) => ({ name: `task-${'ab'[i]}`, distributions })),
      samplesPerDistribution: 6,
      heldOutSamplesPerDistribution: 2,
    });
    expect(suite.tasks.map((t) => t.name)).toEqual(['task-a', 'task-b']);
    expect(suite.tasks.map((t) => t.distributions)).toEqual(patterns);
    expect(suite.tasks.map((t) => t.heldOutDistributions)).toEqual([[2], [2]]);
    for (const name of ['train', 'heldout-pairs', 'validation', 'unseen-distribution'] as const) {
      expect(suite.split(name).length).toBeGreaterThan(0);
      for (const instance of suite.split(name)) {
        expect(matchesPattern(patterns[instance.task][instance.distribution], instance.words)).toBe(true);
      }
    }
  });

  it('may be given for some tasks only; the others get random regexes', () => {
    // 8 + 4 instructions per distribution: two of the regexes have only 12.
    const suite = buildSuite({ kind: 'synthetic', seed: 1, tasks: [{ distributions: patterns[0] }, {}, {}], heldOutSamplesPerDistribution: 4 });
    expect(suite.tasks[0].distributions).toEqual(patterns[0]);
    expect(suite.tasks[1].distributions).toHaveLength(4);
  });

  it('regexes whose instructions collide with another task\'s are reported with their path', () => {
    const build = () =>
      buildSuite(collidingRegexSuite);
    expect(build).toThrow(SuiteConfigError);
    expect(build).toThrow(/^tasks\[1\]\.distributions\[0\]: regex "w0 \(w1\|w2\|w3\) w4\? \(w5\)\{1,3\}" has only 4 distinct instructions not used elsewhere in the suite; 14 are needed$/);
  });
});
