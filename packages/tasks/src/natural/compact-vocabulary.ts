import { enumerateLanguage } from '../regex/measure.js';
import { parsePattern } from '../regex/syntax.js';
import { CompactTokenizer } from '../tokenizer/compact-tokenizer.js';
import { Gpt2Tokenizer, GPT2_END_OF_TEXT_ID } from '../tokenizer/gpt2-tokenizer.js';
import { naturalTokenRuns } from './format.js';
import { INPUT_SETS } from './input-sets.js';
import type { NaturalSuiteConfig } from './schema.js';
import { NATURAL_TASKS } from './task-catalog.js';

/**
 * The GPT-2 ids of every token a natural suite with these tasks and this refusal can write: every instruction each
 * template can produce (its whole language, not only the drawn samples, so the map does not depend on the seed),
 * every input and output of the tasks, the refusal, both markers and <|endoftext|>. Ascending.
 */
export function naturalSuiteGpt2Ids(config: Pick<NaturalSuiteConfig, 'tasks' | 'refusal'>): number[] {
  const runs = naturalTokenRuns(Gpt2Tokenizer.get());
  const ids = new Set<number>([GPT2_END_OF_TEXT_ID, ...runs.separator, ...runs.answer, ...runs.output(config.refusal)]);
  const add = (tokens: readonly number[]) => tokens.forEach((id) => ids.add(id));
  for (const name of config.tasks) {
    const task = NATURAL_TASKS.find((t) => t.name === name);
    if (!task) throw new RangeError(`unknown natural task '${name}'`);
    INPUT_SETS[task.inputSet].forEach((input, i) => {
      add(runs.input(input));
      add(runs.output(task.answer(i)));
    });
    for (const template of task.templates) {
      const language = enumerateLanguage(parsePattern(template));
      if (!language) throw new Error(`template '${template}' of task '${name}' is too large to enumerate`);
      for (const text of language) add(runs.instruction(text.split(' ')));
    }
  }
  return [...ids].sort((a, b) => a - b);
}

const built = new Map<string, CompactTokenizer>();

/** GPT-2's tokenizer restricted to `naturalSuiteGpt2Ids(config)`, built once per task list and refusal. */
export function compactNaturalTokenizer(config: Pick<NaturalSuiteConfig, 'tasks' | 'refusal'>): CompactTokenizer {
  const key = JSON.stringify([config.tasks, config.refusal]);
  let tokenizer = built.get(key);
  if (!tokenizer) built.set(key, (tokenizer = new CompactTokenizer(Gpt2Tokenizer.get(), naturalSuiteGpt2Ids(config))));
  return tokenizer;
}
