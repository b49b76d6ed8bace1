import { assembleSuite, type SequenceEncoding, type TaskDraft } from '../assemble.js';
import { SuiteConfigError } from '../config-error.js';
import { Random, range } from '@clusterlens/schema';
import { parsePattern } from '../regex/syntax.js';
import { drawDistinct, NotEnoughInstructionsError } from '../regex/sample.js';
import type { Seeded, Suite, Vocabulary } from '../suite.js';
import type { CompactTokenizer } from '../tokenizer/compact-tokenizer.js';
import { Gpt2Tokenizer, GPT2_END_OF_TEXT } from '../tokenizer/gpt2-tokenizer.js';
import { compactNaturalTokenizer } from './compact-vocabulary.js';
import { NATURAL_ANSWER_MARKER, NATURAL_INPUT_MARKER, naturalTokenRuns } from './format.js';
import { INPUT_SETS } from './input-sets.js';
import type { NaturalSuiteConfig } from './schema.js';
import { NATURAL_TASKS } from './task-catalog.js';

export interface NaturalVocabulary extends Vocabulary {
  /** Text that ends the instruction, and text that precedes the output. */
  readonly inputMarker: string;
  readonly answerMarker: string;
}

export type NaturalSuite = Suite<Seeded<NaturalSuiteConfig>, NaturalVocabulary> & {
  /** GPT-2's byte-pair encoding, with `vocabulary: compact` through the map to the suite's own ids. */
  readonly tokenizer: Gpt2Tokenizer | CompactTokenizer;
};

/** Builds the natural-language suite from a configuration that has passed `naturalSuiteSchema`, its seed decided. */
export function buildNaturalSuite(config: Seeded<NaturalSuiteConfig>): NaturalSuite {
  const random = new Random(config.seed);
  const tokenizer = config.vocabulary === 'gpt2' ? Gpt2Tokenizer.get() : compactNaturalTokenizer(config);
  const endOfText = tokenizer.id(GPT2_END_OF_TEXT);
  const runs = naturalTokenRuns(tokenizer);
  const needed = config.samplesPerDistribution + config.heldOutSamplesPerDistribution;
  const taken = new Set<string>();

  const tasks: TaskDraft[] = config.tasks.map((name, t) => {
    const definition = NATURAL_TASKS.find((task) => task.name === name);
    if (!definition) throw new SuiteConfigError([{ path: ['tasks', t], message: `unknown natural task '${name}'` }]);
    const inputs = INPUT_SETS[definition.inputSet];
    const answers = range(inputs.length).map((i) => definition.answer(i));
    const outputs = [...new Set(answers)];
    const instructions = definition.templates.map((template, d) => {
      try {
        // Every stream is named by task name, so a task's instructions do not depend on which others are chosen
        // except through the suite-wide distinctness of instructions.
        return drawDistinct(parsePattern(template), needed, random.fork(`instructions/${name}/${d}`), taken);
      } catch (error) {
        if (!(error instanceof NotEnoughInstructionsError)) throw error;
        throw new SuiteConfigError([
          { path: ['samplesPerDistribution'], message: `template ${d} of task '${name}' ${error.message}` },
        ]);
      }
    });
    const numTemplates = definition.templates.length;
    return {
      name,
      function: {
        family: 'natural',
        inputSet: definition.inputSet,
        pairs: answers.map((answer, input) => [input, outputs.indexOf(answer)] as const),
      },
      inputs,
      outputs,
      distributions: definition.templates,
      heldOutDistributions: range(config.heldOutDistributions).map((i) => numTemplates - config.heldOutDistributions + i),
      instructions,
      trainInputs: range(inputs.length),
      heldOutInputs: [],
    };
  });

  const vocabulary: NaturalVocabulary = {
    size: tokenizer.vocabSize,
    pad: endOfText,
    bos: endOfText,
    eos: endOfText,
    refusal: runs.output(config.refusal),
    inputMarker: NATURAL_INPUT_MARKER,
    answerMarker: NATURAL_ANSWER_MARKER,
  };
  const encoding: SequenceEncoding = {
    pad: vocabulary.pad,
    parts: (task, words, input, output) => ({
      bos: vocabulary.bos,
      instruction: runs.instruction(words),
      separator: runs.separator,
      input: runs.input(task.inputs[input]),
      answer: runs.answer,
      output,
      eos: vocabulary.eos,
    }),
    output: (task, output) => runs.output(task.outputs[output]),
  };
  const suite = assembleSuite({
    config,
    vocabulary,
    tokenizer,
    tasks,
    encoding,
    heldOutPairFraction: config.heldOutPairFraction,
    refusalText: config.refusal,
    random,
  });
  return { ...suite, tokenizer };
}
