import { z } from 'zod';

import type { ConfigIssue } from '../config-error.js';
import { checkPattern } from '../regex/check.js';
import { enumerateLanguage } from '../regex/measure.js';
import { Gpt2Tokenizer } from '../tokenizer/gpt2-tokenizer.js';
import { naturalTokenRuns } from './format.js';
import { INPUT_SETS } from './input-sets.js';
import { NATURAL_TASK_NAMES, NATURAL_TASKS } from './task-catalog.js';

const count = (min: number) => z.int().min(min);

const resolvedNaturalSchema = z
  .strictObject({
    kind: z.literal('natural'),
    /** Every random choice of the suite. Absent: `buildSuite` uses 0, a trial derives one from its own seed. */
    seed: count(0).optional(),
    /** Which tasks of the catalog, in this order; default all of them. */
    tasks: z.array(z.enum(NATURAL_TASK_NAMES)).min(2).optional(),
    samplesPerDistribution: count(1).default(8),
    /** Further instructions per trained template, never trained: the `validation` split. */
    heldOutSamplesPerDistribution: count(0).default(4),
    heldOutDistributions: count(0).default(1),
    /** Share of each trained template's (instruction, input) pairs held out of training: `heldout-pairs`. */
    heldOutPairFraction: z.number().min(0).max(0.99).default(0.1),
    contextLength: count(1).default(32),
    /** The output text of a refusal (alignment); like every output it is tokenised after a space. */
    refusal: z.string().trim().min(1).default('I cannot answer that.'),
    /**
     * 'compact': only the GPT-2 tokens the suite can write, renumbered 0..n-1 (a few hundred; for a model trained from
     * scratch, whose output layer then costs a few hundred rows instead of 50,257). 'gpt2': GPT-2's own 50,257 ids,
     * which a pre-trained GPT-2 (`init.from`) needs.
     */
    vocabulary: z.enum(['compact', 'gpt2']).default('compact'),
  })
  .transform((config) => ({ ...config, tasks: config.tasks ?? [...NATURAL_TASK_NAMES] }));

export type NaturalSuiteInput = z.input<typeof resolvedNaturalSchema>;
export type NaturalSuiteConfig = z.output<typeof resolvedNaturalSchema>;

/** The natural-language suite of PROTOCOL section 5; defaults in the README. */
export const naturalSuiteSchema = resolvedNaturalSchema.superRefine((config, ctx) => {
  for (const issue of checkNaturalConfig(config)) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
});

/** Cross-field checks of a natural suite configuration, including that the longest instance fits the context. */
function checkNaturalConfig(config: NaturalSuiteConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  config.tasks.forEach((name, i) => {
    if (seen.has(name)) issues.push({ path: ['tasks', i], message: `'${name}' is listed twice` });
    seen.add(name);
  });
  const needed = config.samplesPerDistribution + config.heldOutSamplesPerDistribution;
  const runs = naturalTokenRuns(Gpt2Tokenizer.get());
  const refusal = runs.output(config.refusal).length;
  let longestOverall = { tokens: 0, where: '' };
  let tooLong = 0;
  for (const name of seen) {
    const task = NATURAL_TASKS.find((t) => t.name === name)!;
    if (config.heldOutDistributions >= task.templates.length) {
      issues.push({
        path: ['heldOutDistributions'],
        message: `${config.heldOutDistributions} leaves no trained template of the ${task.templates.length} of task '${name}'`,
      });
    }
    const inputs = INPUT_SETS[task.inputSet];
    const longestInput = Math.max(...inputs.map((text) => runs.input(text).length));
    const longestOutput = Math.max(refusal, ...inputs.map((_, i) => runs.output(task.answer(i)).length));
    task.templates.forEach((template, d) => {
      const checked = checkPattern(template, {
        needed,
        neededBecause: 'samplesPerDistribution + heldOutSamplesPerDistribution',
      });
      if ('problem' in checked) {
        issues.push({ path: ['samplesPerDistribution'], message: `template ${d} of task '${name}': ${checked.problem}` });
        return;
      }
      const language = enumerateLanguage(checked.node);
      if (!language) throw new Error(`template ${d} of task '${name}' is too large to measure`);
      const longestInstruction = Math.max(...[...language].map((text) => runs.instruction(text.split(' ')).length));
      const longest =
        2 + longestInstruction + runs.separator.length + longestInput + runs.answer.length + longestOutput;
      if (longest > config.contextLength) tooLong++;
      if (longest > longestOverall.tokens) longestOverall = { tokens: longest, where: `template ${d} of task '${name}'` };
    });
  }
  if (tooLong > 0) {
    issues.push({
      path: ['contextLength'],
      message:
        `${config.contextLength} is too short for ${tooLong} template(s): the longest instance, ` +
        `of ${longestOverall.where}, has ${longestOverall.tokens} tokens (refusals included)`,
    });
  }
  return issues;
}
