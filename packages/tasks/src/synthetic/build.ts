import { assembleSuite, type SequenceEncoding, type TaskDraft } from '../assemble.js';
import { SuiteConfigError } from '../config-error.js';
import { Random, range } from '@clusterlens/schema';
import { checkPattern } from '../regex/check.js';
import { drawDistinct, NotEnoughInstructionsError } from '../regex/sample.js';
import type { Seeded, Suite } from '../suite.js';
import { WordTokenizer } from '../tokenizer/word-tokenizer.js';
import { syntheticVocabulary, type SyntheticVocabulary } from '../vocabulary.js';
import { drawTaskWords } from './instruction-words.js';
import { randomPattern } from './random-pattern.js';
import type { SyntheticSuiteConfig } from './schema.js';
import { drawTaskFunctions } from './task-functions.js';

export type SyntheticSuite = Suite<Seeded<SyntheticSuiteConfig>, SyntheticVocabulary> & { readonly tokenizer: WordTokenizer };

/** Random regexes tried per distribution before giving up. */
const PATTERN_ATTEMPTS = 200;

/** Builds the synthetic suite from a configuration that has passed `syntheticSuiteSchema`, its seed decided. */
export function buildSyntheticSuite(config: Seeded<SyntheticSuiteConfig>): SyntheticSuite {
  const random = new Random(config.seed);
  const vocabulary = syntheticVocabulary(config.numInstructionWords, config.numInputs, config.numOutputs);
  const tokenizer = new WordTokenizer(vocabulary.tokens);
  const functions = drawTaskFunctions(config, random.fork('functions'));
  const taskWords = drawTaskWords(config, random.fork('words'));
  const needed = config.samplesPerDistribution + config.heldOutSamplesPerDistribution;
  // Every instruction belongs to one (task, distribution): the instruction alone identifies the task, and held-out
  // instructions can never coincide with trained ones.
  const taken = new Set<string>();

  const tasks: TaskDraft[] = range(config.numTasks).map((t) => {
    const userPatterns = config.tasks?.[t]?.distributions;
    const numDistributions = userPatterns?.length ?? config.distributionsPerTask;
    const distributions: string[] = [];
    const instructions: string[][][] = [];
    for (let d = 0; d < numDistributions; d++) {
      const sampler = random.fork(`instructions/${t}/${d}`);
      const drawn = userPatterns
        ? drawFromUserPattern(userPatterns[d], t, d, needed, sampler, taken)
        : drawFromRandomPattern(config, taskWords[t], distributions, t, d, needed, random.fork(`pattern/${t}/${d}`), sampler, taken);
      distributions.push(drawn.pattern);
      instructions.push(drawn.instructions);
    }
    const heldOut = Math.min(config.heldOutDistributions, numDistributions - 1);
    return {
      name: config.tasks?.[t]?.name ?? `task-${t}`,
      function: functions[t].function,
      inputs: vocabulary.inputSymbols,
      outputs: vocabulary.outputSymbols,
      distributions,
      heldOutDistributions: range(heldOut).map((i) => numDistributions - heldOut + i),
      instructions,
      trainInputs: functions[t].trainInputs,
      heldOutInputs: functions[t].heldOutInputs,
    };
  });

  const encoding: SequenceEncoding = {
    pad: vocabulary.pad,
    parts: (_task, words, input, output) => ({
      bos: vocabulary.bos,
      instruction: words.map((word) => vocabulary.wordId(word)),
      separator: [vocabulary.sep],
      input: [vocabulary.inputId(input)],
      answer: [vocabulary.ans],
      output,
      eos: vocabulary.eos,
    }),
    output: (_task, output) => [vocabulary.outputId(output)],
  };
  const suite = assembleSuite({
    config,
    vocabulary,
    tokenizer,
    tasks,
    encoding,
    heldOutPairFraction: config.heldOutPairFraction,
    refusalText: 'REFUSE',
    random,
  });
  return { ...suite, tokenizer };
}

function drawFromUserPattern(
  pattern: string,
  task: number,
  distribution: number,
  needed: number,
  sampler: Random,
  taken: Set<string>,
): { pattern: string; instructions: string[][] } {
  const path = ['tasks', task, 'distributions', distribution];
  const checked = checkPattern(pattern, { needed });
  if ('problem' in checked) throw new SuiteConfigError([{ path, message: checked.problem }]);
  try {
    return { pattern, instructions: drawDistinct(checked.node, needed, sampler, taken) };
  } catch (error) {
    if (!(error instanceof NotEnoughInstructionsError)) throw error;
    throw new SuiteConfigError([{ path, message: `regex "${pattern}" ${error.message}` }]);
  }
}

function drawFromRandomPattern(
  config: SyntheticSuiteConfig,
  words: readonly string[],
  earlier: readonly string[],
  task: number,
  distribution: number,
  needed: number,
  generator: Random,
  sampler: Random,
  taken: Set<string>,
): { pattern: string; instructions: string[][] } {
  for (let attempt = 0; attempt < PATTERN_ATTEMPTS; attempt++) {
    const pattern = randomPattern(words, config.slots, generator);
    if (earlier.includes(pattern)) continue;
    const checked = checkPattern(pattern, { needed });
    if ('problem' in checked) continue;
    try {
      return { pattern, instructions: drawDistinct(checked.node, needed, sampler, taken) };
    } catch (error) {
      if (!(error instanceof NotEnoughInstructionsError)) throw error;
    }
  }
  throw new SuiteConfigError([
    {
      path: ['samplesPerDistribution'],
      message:
        `no random regex over ${words.length} words with slots ${config.slots.min}-${config.slots.max} gave ` +
        `samplesPerDistribution + heldOutSamplesPerDistribution = ${needed} instructions unused elsewhere ` +
        `(distribution ${distribution} of task ${task}, ${PATTERN_ATTEMPTS} regexes tried); ` +
        'lower the sample counts or raise wordsPerTask, numInstructionWords or slots',
    },
  ]);
}
