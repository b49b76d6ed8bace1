import type { Random } from '@clusterlens/schema';
import { range } from '@clusterlens/schema';
import type { SyntheticSuiteConfig } from './schema.js';

/**
 * The instruction words each task's random regexes draw from.
 * - `shared`: every task draws `wordsPerTask` of all the instruction words at random, so tasks share most words
 *   and only combinations identify a task.
 * - `lexical`: the words are shuffled; task t owns the block of `wordsPerTask - lexicalSharedWords` words starting
 *   at t x that size, which no other task uses; the words after the last block form a common pool, from which each
 *   task draws its `lexicalSharedWords` remaining words.
 * Words are listed in vocabulary order.
 */
export function drawTaskWords(config: SyntheticSuiteConfig, random: Random): string[][] {
  const words = range(config.numInstructionWords);
  const byIndex = (ids: number[]) => ids.sort((a, b) => a - b).map((i) => `w${i}`);
  if (config.vocabularyMode === 'shared') {
    return range(config.numTasks).map((task) => byIndex(random.fork(`words/${task}`).sample(words, config.wordsPerTask)));
  }
  const own = config.wordsPerTask - config.lexicalSharedWords;
  const shuffled = random.fork('lexical-words').shuffle(words);
  const pool = shuffled.slice(config.numTasks * own);
  return range(config.numTasks).map((task) =>
    byIndex([
      ...shuffled.slice(task * own, (task + 1) * own),
      ...random.fork(`lexical-shared/${task}`).sample(pool, config.lexicalSharedWords),
    ]),
  );
}
