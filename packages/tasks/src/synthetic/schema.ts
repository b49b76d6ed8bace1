import { z } from 'zod';

import { checkSyntheticConfig } from './check-config.js';

const count = (min: number) => z.int().min(min);

/** One user-written task of the synthetic suite. */
const userTaskSchema = z.strictObject({
  name: z.string().min(1).optional(),
  /** Regexes over instruction words, replacing the task's random ones (grammar in the README). */
  distributions: z.array(z.string()).min(1).optional(),
});

/**
 * The synthetic suite of PROTOCOL section 1. Every default is the protocol's ([ours] there, see the README).
 * `numTasks` defaults to the number of `tasks` entries when they are given, else 8; `numInstructionWords`
 * defaults to 12 in `shared` mode and to the smallest sufficient count plus `lexicalSharedWords` in `lexical` mode.
 */
const resolvedSyntheticSchema = z
  .strictObject({
    kind: z.literal('synthetic'),
    seed: count(0).default(0),
    numTasks: count(1).optional(),
    family: z.enum(['lookup', 'rule']).default('lookup'),
    numInstructionWords: count(1).optional(),
    numInputs: count(1).default(20),
    numOutputs: count(1).default(20),
    /** `lookup` only: how many inputs, drawn once and shared by every task, each task maps. */
    lookupInputs: count(1).default(5),
    distributionsPerTask: count(1).default(4),
    wordsPerTask: count(1).default(6),
    vocabularyMode: z.enum(['shared', 'lexical']).default('shared'),
    /** `lexical` only: how many of a task's words come from a small pool common to all tasks. */
    lexicalSharedWords: count(0).default(1),
    slots: z.strictObject({ min: count(1).default(3), max: count(1).default(6) }).prefault({}),
    samplesPerDistribution: count(1).default(8),
    heldOutSamplesPerDistribution: count(0).default(4),
    heldOutDistributions: count(0).default(1),
    /** `rule` only: inputs per task never trained with it (the `unseen-inputs` split). */
    heldOutInputsPerTask: count(0).default(4),
    validationFraction: z.number().min(0).max(0.99).default(0.1),
    contextLength: count(1).default(32),
    /** `instruction-first` (BOS instruction SEP input ANS output EOS) or `input-first` (BOS input SEP instruction ANS ...). */
    order: z.enum(['instruction-first', 'input-first']).default('instruction-first'),
    tasks: z.array(userTaskSchema).min(1).optional(),
  })
  .transform((config) => {
    const numTasks = config.numTasks ?? config.tasks?.length ?? 8;
    const ownWords = config.wordsPerTask - config.lexicalSharedWords;
    const numInstructionWords =
      config.numInstructionWords ??
      (config.vocabularyMode === 'shared' ? 12 : numTasks * Math.max(ownWords, 1) + 2 * config.lexicalSharedWords);
    return { ...config, numTasks, numInstructionWords };
  });

export type SyntheticSuiteInput = z.input<typeof resolvedSyntheticSchema>;
export type SyntheticSuiteConfig = z.output<typeof resolvedSyntheticSchema>;

export const syntheticSuiteSchema = resolvedSyntheticSchema.superRefine((config, ctx) => {
  for (const issue of checkSyntheticConfig(config)) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
});
