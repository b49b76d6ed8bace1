// training.taskTokens (PROTOCOL section 6): task tokens on early training sequences, never in evaluation.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  ConfigError,
  evaluationSets,
  huggingFaceSuiteFiles,
  parseTrialConfig,
  runTrial,
  taskTokenBatches,
  trainedSuite,
  TRIAL_DEFAULTS,
  TrialAbortedError,
  trialHash,
  TrialSeeds,
  trialSuite,
  validateTrialConfig,
  type TrialConfigInput,
} from '@clusterlens/experiment';
import { SPLIT_NAMES } from '@clusterlens/schema';
import type { Instance, SyntheticSuiteWithTaskTokens } from '@clusterlens/tasks';
import { DEFAULT_TRIAL_HASH, SMALL_CONFIG, SMALL_CONFIG_HASH } from './support/pinned-hashes.js';

/** Whether an instance carries its task's token: the token after BOS. */
const carries = (suite: SyntheticSuiteWithTaskTokens, instance: Instance) => instance.tokens[1] === suite.taskTokens.ids[instance.task];

function batchesOf(input: TrialConfigInput) {
  const config = parseTrialConfig(input);
  const seeds = new TrialSeeds(config.seed);
  const suite = trainedSuite(config, seeds) as SyntheticSuiteWithTaskTokens;
  return { suite, batch: taskTokenBatches(config, suite, seeds), train: suite.split('train').slice(0, 16) };
}

/** Two tasks whose instructions all have three words: every sequence has 9 tokens, filling a context of 9. */
const REST = '(w2|w3|w4|w5) (w6|w7|w8|w9)';
const FULL_CONTEXT = {
  contextLength: 9,
  tasks: [{ distributions: [`w0 ${REST}`, `w1 ${REST}`] }, { distributions: [`w10 ${REST}`, `w11 ${REST}`] }],
};

describe('training.taskTokens in the trial config', () => {
  it('leaves configs without it resolved and hashed as before: the pinned hashes', () => {
    expect(trialHash(TRIAL_DEFAULTS)).toBe(DEFAULT_TRIAL_HASH);
    expect(trialHash(parseTrialConfig(SMALL_CONFIG))).toBe(SMALL_CONFIG_HASH);
    expect(parseTrialConfig(SMALL_CONFIG).training).toEqual({ steps: 120, batchSize: 16, loss: 'output' });
  });

  it('resolves probability to 1 when left out', () => {
    expect(parseTrialConfig({ training: { taskTokens: { fraction: 0.3 } } }).training.taskTokens).toEqual({ fraction: 0.3, probability: 1 });
  });

  it('refuses a fraction outside [0, 1], naming the field', () => {
    expect(() => parseTrialConfig({ training: { taskTokens: { fraction: 1.5 } } })).toThrow(/training\.taskTokens\.fraction: /);
  });

  it('refuses the natural suite, naming the field and the fix', () => {
    expect(() => parseTrialConfig({ data: { kind: 'natural' }, training: { taskTokens: { fraction: 0.3 } } })).toThrow(
      /^config: training\.taskTokens: task tokens are appended to the synthetic suite's vocabulary; data\.kind is 'natural'.*use data\.kind: synthetic$/,
    );
  });

  it('is refused at plan time when the context has no room for the token, naming data.contextLength', () => {
    expect(() => validateTrialConfig({ data: FULL_CONTEXT }, 'base')).not.toThrow();
    expect(() => validateTrialConfig({ data: FULL_CONTEXT, training: { taskTokens: { fraction: 0.3 } } }, 'base')).toThrow(
      /^base: data\.contextLength: 9 leaves no room for a task token: .* set contextLength to at least 10$/,
    );
  });

  it('is refused by runTrial before its first step when the context has no room for the token', async () => {
    const started: number[] = [];
    const run = runTrial({ data: FULL_CONTEXT, training: { taskTokens: { fraction: 0.3 } } }, { onProgress: (p) => started.push(p.step) });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/^data\.contextLength: .* set contextLength to at least/);
    expect(started).toEqual([]);
  });
});

describe('the suite a trial with task tokens trains', () => {
  const plain = parseTrialConfig({ seed: 2 });
  const withTokens = parseTrialConfig({ seed: 2, training: { taskTokens: { fraction: 0.3 } } });

  it('has one more token per task than the suite without, and the same instances', () => {
    const a = trainedSuite(plain, new TrialSeeds(2));
    const b = trainedSuite(withTokens, new TrialSeeds(2));
    expect(b.vocabulary.size).toBe(a.vocabulary.size + a.tasks.length);
    expect(b.tokenizer.vocabSize).toBe(a.tokenizer.vocabSize + a.tasks.length);
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('is the task suite itself without the key', () => {
    const suite = trainedSuite(plain, new TrialSeeds(2));
    expect(suite.fingerprint).toBe(trialSuite(plain.data, new TrialSeeds(2)).fingerprint);
    expect('taskTokens' in suite).toBe(false);
  });

  it('gives the evaluation sets of the same trial without task tokens, none of them showing a token', () => {
    const sets = (config: typeof plain) => evaluationSets(trainedSuite(config, new TrialSeeds(2)), SPLIT_NAMES, 64, new TrialSeeds(2));
    const withSets = sets(withTokens);
    expect(withSets).toEqual(sets(plain));
    const ids = new Set((trainedSuite(withTokens, new TrialSeeds(2)) as SyntheticSuiteWithTaskTokens).taskTokens.ids);
    const shown = [...withSets.values()].flat().filter((instance) => instance.tokens.some((id) => ids.has(id)));
    expect(shown).toEqual([]);
  });

  it("lists the task tokens in the exported tokenizer.json at the model's ids", () => {
    const suite = trainedSuite(withTokens, new TrialSeeds(2)) as SyntheticSuiteWithTaskTokens;
    const tokenizer = huggingFaceSuiteFiles(suite).files?.['tokenizer.json'] as { model: { vocab: Record<string, number> } };
    suite.taskTokens.names.forEach((name, t) => expect(tokenizer.model.vocab[name]).toBe(suite.taskTokens.ids[t]));
    expect(Object.keys(tokenizer.model.vocab)).toHaveLength(suite.vocabulary.size);
  });
});

describe('training batches with task tokens', () => {
  it('carry the token in every sequence through step round(fraction x steps), and in none after', () => {
    const { suite, batch, train } = batchesOf({ training: { steps: 10, taskTokens: { fraction: 0.3 } } });
    const carried = [1, 2, 3, 4, 5, 10].map((step) => batch(train, step).filter((instance) => carries(suite, instance)).length);
    expect(carried).toEqual([16, 16, 16, 0, 0, 0]);
  });

  it('are the drawn instances themselves outside the phase', () => {
    const { batch, train } = batchesOf({ training: { steps: 10, taskTokens: { fraction: 0.3 } } });
    expect(batch(train, 4)).toEqual(train);
  });

  it('are the drawn instances themselves without the key', () => {
    const { batch, train } = batchesOf({ training: { steps: 10 } });
    expect(batch(train, 1)).toEqual(train);
  });

  it('carry each token after BOS of its own task', () => {
    const { suite, batch, train } = batchesOf({ training: { steps: 10, taskTokens: { fraction: 1 } } });
    for (const instance of batch(train, 1)) expect(suite.tokenizer.token(instance.tokens[1])).toBe(`TASK${instance.task}`);
  });

  it('with probability 0.5, mark about half the sequences, the same ones for the same seed and step', () => {
    const marks = (seed: number) => {
      const { suite, batch, train } = batchesOf({ seed, training: { steps: 200, taskTokens: { fraction: 1, probability: 0.5 } } });
      return Array.from({ length: 200 }, (_, s) => batch(train, s + 1).map((instance) => carries(suite, instance))).flat();
    };
    const first = marks(5);
    // 3200 fair draws: the share lies within 0.5 +- 0.05 (eight standard deviations).
    const share = first.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
    expect(marks(5)).toEqual(first);
    expect(marks(6)).not.toEqual(first);
  });
});

/** A tiny trial whose task-token phase (steps 1..30, half the sequences) spans the checkpoint it is resumed from. */
const TOKEN_TRIAL: TrialConfigInput = {
  seed: 3,
  model: { nLayer: 1, nHead: 2, nEmbd: 16 },
  optimizer: { warmupSteps: 5, lr: 3e-3 },
  training: { steps: 60, batchSize: 8, taskTokens: { fraction: 0.5, probability: 0.5 } },
  evaluation: { every: 20, early: 1, instancesPerSplit: 16, splits: ['train', 'validation'], kmeans: { nInit: 1 } },
  checkpoint: { every: 10 },
};

describe('a trial with task tokens', () => {
  it('builds its model over the vocabulary with the task tokens', async () => {
    const result = await runTrial({ ...TOKEN_TRIAL, training: { ...TOKEN_TRIAL.training, steps: 2 }, evaluation: { ...TOKEN_TRIAL.evaluation, every: 2 } });
    const suite = trialSuite(result.config.data, new TrialSeeds(3));
    expect(result.model.config.vocabSize).toBe(suite.vocabulary.size + suite.tasks.length);
    result.model.dispose();
  });

  it('stopped mid-phase and resumed, ends with the rows and weights of an uninterrupted run', async () => {
    const whole = await runTrial(TOKEN_TRIAL);
    const checkpoints = await mkdtemp(join(tmpdir(), 'clusterlens-task-tokens-'));
    const abort = new AbortController();
    const stopAt = (p: { step: number }) => void (p.step === 17 && abort.abort());
    await expect(runTrial(TOKEN_TRIAL, { checkpointDir: checkpoints, signal: abort.signal, onProgress: stopAt })).rejects.toBeInstanceOf(TrialAbortedError);
    const resumed = await runTrial(TOKEN_TRIAL, { checkpointDir: checkpoints });
    expect(resumed.resumedFrom).toBe(17);
    expect(resumed.rows).toEqual(whole.rows);
    expect(resumed.model.params()).toEqual(whole.model.params());
    whole.model.dispose();
    resumed.model.dispose();
  });
});
