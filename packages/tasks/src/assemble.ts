import { Fingerprint } from './fingerprint.js';
import type { Random } from '@clusterlens/schema';
import { layoutSequence, type SequenceParts } from './sequence.js';
import { assignSplits, type InstanceKey } from './splits.js';
import type { SplitName } from '@clusterlens/schema';
import type { Instance, Suite, SuiteConfigBase, Task, TaskFunction, Vocabulary } from './suite.js';
import { SPLIT_NAMES } from '@clusterlens/schema';
import type { Tokenizer } from './tokenizer/tokenizer.js';

/** A task with everything decided except how its instances are split and encoded. */
export interface TaskDraft {
  readonly name: string;
  readonly function: TaskFunction;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly distributions: readonly string[];
  readonly heldOutDistributions: readonly number[];
  /** Drawn instructions per distribution, all distinct across the suite. */
  readonly instructions: readonly (readonly (readonly string[])[])[];
  readonly trainInputs: readonly number[];
  readonly heldOutInputs: readonly number[];
}

/** How a suite turns (instruction, input, output) into token runs. */
export interface SequenceEncoding {
  readonly pad: number;
  parts(task: TaskDraft, words: readonly string[], input: number, output: readonly number[]): SequenceParts;
  /** The output tokens of output index `output` of `task` (EOS excluded). */
  output(task: TaskDraft, output: number): readonly number[];
}

export interface SuiteDraft<Config extends SuiteConfigBase, V extends Vocabulary> {
  readonly config: Config;
  readonly vocabulary: V;
  readonly tokenizer: Tokenizer;
  readonly tasks: readonly TaskDraft[];
  readonly encoding: SequenceEncoding;
  readonly heldOutPairFraction: number;
  /** The output text of a refusal instance. */
  readonly refusalText: string;
  readonly random: Random;
}

/** Splits and encodes every instance of a drafted suite. */
export function assembleSuite<Config extends SuiteConfigBase, V extends Vocabulary>(
  draft: SuiteDraft<Config, V>,
): Suite<Config, V> {
  const { config, encoding, tasks: drafts } = draft;
  const outputOf = drafts.map((task) => new Map(task.function.pairs.map(([input, output]) => [input, output])));
  const keys = assignSplits(
    drafts.map((task) => ({
      numDistributions: task.distributions.length,
      heldOutDistributions: task.heldOutDistributions,
      samplesPerDistribution: Math.max(...task.instructions.map((samples) => samples.length)),
      trainInputs: task.trainInputs,
      heldOutInputs: task.heldOutInputs,
    })),
    config.samplesPerDistribution,
    draft.heldOutPairFraction,
    draft.random.fork('splits'),
  );

  const encode = (key: InstanceKey, output: number, outputTokens: readonly number[], outputText: string): Instance => {
    const task = drafts[key.task];
    const words = task.instructions[key.distribution][key.sample];
    const { tokens, positions } = layoutSequence(
      encoding.parts(task, words, key.input, outputTokens),
      config.contextLength,
      encoding.pad,
      config.order,
    );
    return { ...key, output, words, inputText: task.inputs[key.input], outputText, tokens, positions };
  };
  const instanceOf = (key: InstanceKey): Instance => {
    const output = outputOf[key.task].get(key.input);
    if (output === undefined) throw new Error(`task ${key.task} has no output for input ${key.input}`);
    const task = drafts[key.task];
    return encode(key, output, encoding.output(task, output), task.outputs[output]);
  };

  const splits = Object.fromEntries(SPLIT_NAMES.map((name) => [name, keys[name].map(instanceOf)])) as unknown as Record<
    SplitName,
    readonly Instance[]
  >;
  const tasks: Task[] = drafts.map((task, id) => ({ id, ...task }));

  return {
    kind: config.kind,
    config,
    vocabulary: draft.vocabulary,
    tokenizer: draft.tokenizer,
    contextLength: config.contextLength,
    tasks,
    fingerprint: fingerprintOf(splits),
    split(name: SplitName) {
      const instances = splits[name];
      if (!instances) throw new RangeError(`unknown split '${name}'; splits are ${SPLIT_NAMES.join(', ')}`);
      return instances;
    },
    refusal(instance: Instance) {
      const key = { task: instance.task, distribution: instance.distribution, sample: instance.sample, input: instance.input };
      return encode(key, -1, draft.vocabulary.refusal, draft.refusalText);
    },
  };
}

function fingerprintOf(splits: Record<SplitName, readonly Instance[]>): string {
  const hash = new Fingerprint();
  for (const name of SPLIT_NAMES) {
    hash.addString(name).add(splits[name].length);
    for (const instance of splits[name]) {
      hash.add(instance.task).add(instance.distribution).add(instance.sample).add(instance.input).add(instance.output);
      hash.addAll(instance.tokens);
    }
  }
  return hash.hex();
}
