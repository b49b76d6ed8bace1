import type { ConfigIssue } from '../config-error.js';
import { checkPattern } from '../regex/check.js';
import type { SyntheticSuiteConfig } from './schema.js';

/** Tokens around the instruction: BOS, SEP, input, ANS, output, EOS. */
export const SYNTHETIC_FRAME_TOKENS = 6;
/** The longest slot of a random regex: a repetition {1,3}. */
export const RANDOM_SLOT_MAX_WORDS = 3;

/** Cross-field checks of a synthetic suite configuration; each issue names the field to change. */
export function checkSyntheticConfig(config: SyntheticSuiteConfig): ConfigIssue[] {
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
