import { describe, expect, it } from 'vitest';

import { buildSuite, parsePattern, patternWords, type AnySuite } from '@clusterlens/tasks';

const wordsOfTask = (suite: AnySuite) =>
  suite.tasks.map((task) => new Set(task.distributions.flatMap((pattern) => patternWords(parsePattern(pattern)))));

describe('instruction words of each task', () => {
  it('shared mode: each task uses at most wordsPerTask words, and tasks share words', () => {
    const suite = buildSuite({ kind: 'synthetic', seed: 4 });
    const words = wordsOfTask(suite);
    for (const set of words) expect(set.size).toBeLessThanOrEqual(6);
    const overlaps = words.flatMap((a, i) => words.slice(i + 1).map((b) => [...a].filter((w) => b.has(w)).length));
    expect(Math.max(...overlaps)).toBeGreaterThanOrEqual(3);
  });

  it('lexical mode: two tasks share at most lexicalSharedWords words', () => {
    for (const lexicalSharedWords of [0, 1, 2]) {
      const suite = buildSuite({ kind: 'synthetic', seed: 4, vocabularyMode: 'lexical', lexicalSharedWords });
      const words = wordsOfTask(suite);
      for (const set of words) expect(set.size).toBeLessThanOrEqual(6);
      for (let a = 0; a < words.length; a++) {
        for (let b = a + 1; b < words.length; b++) {
          expect([...words[a]].filter((w) => words[b].has(w)).length).toBeLessThanOrEqual(lexicalSharedWords);
        }
      }
    }
  });

  it('lexical mode asks for more words when there are too few to own', () => {
    expect(() => buildSuite({ kind: 'synthetic', vocabularyMode: 'lexical', numInstructionWords: 12 })).toThrow(
      'numInstructionWords: 12 is too few for lexical mode: numTasks x (wordsPerTask - lexicalSharedWords) + lexicalSharedWords = 41 are needed',
    );
  });
});
