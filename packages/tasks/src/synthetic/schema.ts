import { z } from 'zod';

import type { ConfigIssue } from '../config-error.js';
import { checkPattern } from '../regex/check.js';

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
    /** Every random choice of the suite. Absent: `buildSuite` uses 0, a trial derives one from its own seed. */
    seed: count(0).optional(),
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
    /** Further instructions per trained distribution, never trained: the `validation` split. */
    heldOutSamplesPerDistribution: count(0).default(5),
    heldOutDistributions: count(0).default(1),
    /** `rule` only: inputs per task never trained with it (the `unseen-inputs` split). */
    heldOutInputsPerTask: count(0).default(4),
    /** Share of each trained distribution's (instruction, input) pairs held out of training: `heldout-pairs`. */
    heldOutPairFraction: z.number().min(0).max(0.99).default(0.1),
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

/** Tokens around the instruction: BOS, SEP, input, ANS, output, EOS. */
const SYNTHETIC_FRAME_TOKENS = 6;
/** The longest slot of a random regex: a repetition {1,3}. */
const RANDOM_SLOT_MAX_WORDS = 3;

/** Cross-field checks of a synthetic suite configuration; each issue names the field to change. */
function checkSyntheticConfig(config: SyntheticSuiteConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const issue = (path: (string | number)[], message: string) => issues.push({ path, message });
  const c = config;
  const instructionsNeeded = c.samplesPerDistribution + c.heldOutSamplesPerDistribution;

  if (c.slots.min > c.slots.max) issue(['slots', 'max'], `${c.slots.max} is less than slots.min ${c.slots.min}`);
  if (c.wordsPerTask > c.numInstructionWords) {
    issue(['wordsPerTask'], `${c.wordsPerTask} exceeds numInstructionWords ${c.numInstructionWords}`);
  }
  if (c.vocabularyMode === 'lexical') {
    const own = c.wordsPerTask - c.lexicalSharedWords;
    if (own < 1) {
      issue(['lexicalSharedWords'], `${c.lexicalSharedWords} leaves no word of its own to a task of wordsPerTask ${c.wordsPerTask}`);
    } else if (c.numInstructionWords < c.numTasks * own + c.lexicalSharedWords) {
      issue(
        ['numInstructionWords'],
        `${c.numInstructionWords} is too few for lexical mode: numTasks x (wordsPerTask - lexicalSharedWords) + ` +
          `lexicalSharedWords = ${c.numTasks * own + c.lexicalSharedWords} are needed`,
      );
    }
  }
  if (c.family === 'lookup') {
    if (c.lookupInputs > c.numInputs) issue(['lookupInputs'], `${c.lookupInputs} exceeds numInputs ${c.numInputs}`);
    if (c.lookupInputs > c.numOutputs) {
      issue(['lookupInputs'], `${c.lookupInputs} exceeds numOutputs ${c.numOutputs}: a lookup map must be injective`);
    }
  } else {
    if (c.numOutputs < c.numInputs) {
      issue(['numOutputs'], `${c.numOutputs} is less than numInputs ${c.numInputs}: rule tasks map x to y(x + k) mod numInputs`);
    }
    if (c.numTasks > c.numInputs) {
      issue(['numTasks'], `${c.numTasks} exceeds numInputs ${c.numInputs}: rule tasks need distinct offsets k`);
    }
    if (c.heldOutInputsPerTask >= c.numInputs) {
      issue(['heldOutInputsPerTask'], `${c.heldOutInputsPerTask} leaves no training input of numInputs ${c.numInputs}`);
    }
  }
  if (c.tasks && c.tasks.length !== c.numTasks) {
    issue(['numTasks'], `${c.numTasks} differs from the ${c.tasks.length} entries of tasks`);
  }

  const randomTasks = c.tasks ? c.tasks.filter((task) => !task.distributions).length : c.numTasks;
  if (randomTasks > 0) {
    if (c.heldOutDistributions >= c.distributionsPerTask) {
      issue(['heldOutDistributions'], `${c.heldOutDistributions} leaves no trained distribution of distributionsPerTask ${c.distributionsPerTask}`);
    }
    const longest = c.slots.max * RANDOM_SLOT_MAX_WORDS;
    if (longest + SYNTHETIC_FRAME_TOKENS > c.contextLength) {
      issue(
        ['contextLength'],
        `${c.contextLength} is too short for random regexes of slots.max ${c.slots.max} ` +
          `(longest sample has ${longest} tokens + ${SYNTHETIC_FRAME_TOKENS})`,
      );
    }
  }

  const words = new Set(Array.from({ length: c.numInstructionWords }, (_, i) => `w${i}`));
  const hint = ` (instruction words are w0..w${c.numInstructionWords - 1})`;
  c.tasks?.forEach((task, t) => {
    if (!task.distributions) return;
    if (task.distributions.length <= c.heldOutDistributions) {
      issue(
        ['tasks', t, 'distributions'],
        `${task.distributions.length} distribution(s) leave none to train on with heldOutDistributions ${c.heldOutDistributions}`,
      );
    }
    task.distributions.forEach((pattern, d) => {
      const checked = checkPattern(pattern, {
        needed: instructionsNeeded,
        neededBecause: 'samplesPerDistribution + heldOutSamplesPerDistribution',
        isWord: (w) => words.has(w),
        wordsHint: hint,
      });
      if ('problem' in checked) {
        issue(['tasks', t, 'distributions', d], checked.problem);
      } else if (checked.longest + SYNTHETIC_FRAME_TOKENS > c.contextLength) {
        issue(
          ['contextLength'],
          `${c.contextLength} is too short for distribution ${d} of task ${t} ` +
            `(longest sample has ${checked.longest} tokens + ${SYNTHETIC_FRAME_TOKENS})`,
        );
      }
    });
  });
  return issues;
}
