// runTrial with training.auxiliaryLoss: the objective is used on exactly the steps inside its window, its value is
// recorded per evaluation interval, and a trial stopped mid-window resumes to the results of an uninterrupted one.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { runTrial, TrialAbortedError, type TrialConfigInput } from '@clusterlens/experiment';
import { Gpt, type ObjectiveTrainOptions, type TrainOptions } from '@clusterlens/model';

import { SMALL_TRIAL } from './support/small-trial.js';

// Evaluations at 0, 6 and 12; the centre loss (weight 1, so objective - language-model loss = the auxiliary loss) on
// the updates after 3..7 updates.
const WINDOWED: TrialConfigInput = {
  seed: 5,
  model: { nLayer: 1, nHead: 2, nEmbd: 16 },
  training: { steps: 12, batchSize: 8, auxiliaryLoss: { kind: 'centre', weight: 1, layer: 1, fromStep: 3, untilStep: 8 } },
  evaluation: { every: 6, early: 0, instancesPerSplit: 16, splits: ['train'], kmeans: { nInit: 1 } },
  probe: { saveRepresentations: false },
  checkpoint: { every: 100 },
};

/** Records, per Gpt.step call in order, the auxiliary loss its objective computed (undefined for a plain step). */
function recordSteps(): (number | undefined)[] {
  const seen: (number | undefined)[] = [];
  const step = Gpt.prototype.step;
  vi.spyOn(Gpt.prototype, 'step').mockImplementation(function (this: Gpt, tokens, labels, options: TrainOptions | ObjectiveTrainOptions) {
    const index = seen.push(undefined) - 1;
    if (!('objective' in options)) return step.call(this, tokens, labels, options);
    const { objective } = options;
    const compute: typeof objective.compute = async (input) => {
      const output = await objective.compute(input);
      seen[index] = output.loss - input.loss;
      return output;
    };
    return step.call(this, tokens, labels, { ...options, objective: { ...objective, compute } });
  });
  return seen;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runTrial with an auxiliary loss', () => {
  it('uses the objective on exactly the steps inside its window', async () => {
    const seen = recordSteps();
    const { model } = await runTrial(WINDOWED);
    model.dispose();
    expect(seen.map((value) => value !== undefined)).toEqual([false, false, false, true, true, true, true, true, false, false, false, false]);
  });

  it('records auxiliary-loss at each evaluation as the mean over the interval steps that used it', async () => {
    const seen = recordSteps();
    const { rows, model } = await runTrial(WINDOWED);
    model.dispose();
    const recorded = rows.filter((r) => r.metric === 'auxiliary-loss');
    expect(recorded.map((r) => [r.split, r.layer, r.step])).toEqual([
      ['train', null, 6],
      ['train', null, 12],
    ]);
    const mean = (values: (number | undefined)[]) => values.reduce((sum: number, v) => sum + v!, 0) / values.length;
    expect(recorded[0].value).toBeCloseTo(mean(seen.slice(3, 6)), 6);
    expect(recorded[1].value).toBeCloseTo(mean(seen.slice(6, 8)), 6);
  });

  it('a trial stopped inside the window resumes to the results of an uninterrupted one', async () => {
    const config: TrialConfigInput = {
      ...SMALL_TRIAL,
      training: { ...SMALL_TRIAL.training, auxiliaryLoss: { kind: 'supcon', weight: 0.5, layer: 2, fromStep: 20, untilStep: 100 } },
    };
    const uninterrupted = await runTrial(config);
    uninterrupted.model.dispose();
    const checkpoints = await mkdtemp(join(tmpdir(), 'clusterlens-aux-resume-'));
    const abort = new AbortController();
    await expect(
      runTrial(config, { checkpointDir: checkpoints, signal: abort.signal, onProgress: (p) => void (p.step === 55 && abort.abort()) }),
    ).rejects.toBeInstanceOf(TrialAbortedError);
    const resumed = await runTrial(config, { checkpointDir: checkpoints });
    resumed.model.dispose();
    expect(resumed.resumedFrom).toBe(55);
    expect(resumed.rows.some((r) => r.metric === 'auxiliary-loss')).toBe(true);
    expect(resumed.rows).toEqual(uninterrupted.rows);
  });
});
