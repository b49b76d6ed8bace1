import { describe, expect, it } from 'vitest';

import { runTrial, TrialSeeds, trialSuite } from '@clusterlens/experiment';

describe('a trial on the natural-language suite', () => {
  it('trains on the compact vocabulary of GPT-2 byte-pair tokens and probes every split the suite has', async () => {
    const result = await runTrial({
      data: { kind: 'natural' },
      model: { nLayer: 1, nHead: 2, nEmbd: 16 },
      training: { steps: 3, batchSize: 4 },
      evaluation: { every: 3, early: 0, instancesPerSplit: 32, kmeans: { nInit: 1 } },
    });
    const suite = trialSuite(result.config.data, new TrialSeeds(result.config.seed));
    expect(result.model.config.vocabSize).toBe(suite.vocabulary.size);
    expect(suite.vocabulary.size).toBeLessThan(1000);
    result.model.dispose();
    const splits = new Set(result.rows.filter((r) => r.metric === 'ari').map((r) => r.split));
    // Facts cannot be learned for unseen inputs, so the natural suite has no unseen-inputs split; heldout-pairs is
    // evaluated but not clustered at SEP.
    expect([...splits].sort()).toEqual(['train', 'unseen-distribution', 'validation']);
    const evaluated = new Set(result.rows.filter((r) => r.metric === 'instances').map((r) => r.split));
    expect([...evaluated].sort()).toEqual(['heldout-pairs', 'train', 'unseen-distribution', 'validation']);
    // NaN only where a group can be empty: the in-/out-of-cluster accuracies and the within-task gap
    const mayBeNaN = new Set(['accuracy-in-cluster', 'accuracy-out-of-cluster', 'within-task-accuracy-gap']);
    expect(result.rows.every((r) => mayBeNaN.has(r.metric) || Number.isFinite(r.value))).toBe(true);
  });
});
