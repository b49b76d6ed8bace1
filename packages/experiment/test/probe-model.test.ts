// What probeModel records for each split: its size, accuracy and loss always; clustering metrics except for held-out
// pairs at instruction-only positions; the in-/out-of-cluster rows for the unseen splits.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';

import { evaluationSets, INSTRUCTION_ONLY_POSITIONS, probeModel, TrialSeeds, type ProbePosition } from '@clusterlens/experiment';
import { Gpt } from '@clusterlens/model';
import { CLUSTER_ACCURACY_METRICS, PROBE_METRICS, SPLIT_NAMES, UNSEEN_SPLITS, type TrialMetricRow } from '@clusterlens/schema';
import { buildSuite, type Instance } from '@clusterlens/tasks';

// The rule family has every split, unseen-inputs included.
const suite = buildSuite({ kind: 'synthetic', seed: 2, family: 'rule' });
const seeds = new TrialSeeds(1);
const layers = [0, 1];
let gpt: Gpt;
let sets: Map<(typeof SPLIT_NAMES)[number], Instance[]>;

beforeAll(async () => {
  gpt = await Gpt.create({ nLayer: 1, nHead: 2, nEmbd: 16, nPositions: suite.contextLength, vocabSize: suite.tokenizer.vocabSize }, { seed: seeds.init });
  sets = evaluationSets(suite, SPLIT_NAMES, 40, seeds);
});

afterAll(() => gpt.dispose());

const probe = (position: ProbePosition): Promise<TrialMetricRow[]> =>
  probeModel(gpt, sets, {
    step: 0,
    layers,
    hook: 'resid',
    position,
    metrics: PROBE_METRICS,
    loss: 'output',
    batchSize: 16,
    kmeans: { nInit: 1, maxIter: 20, tol: 1e-4 },
    silhouetteSample: 40,
    standardize: false,
    seeds,
    threads: 1,
  });

const metricsOf = (rows: TrialMetricRow[], split: string, layer: number | null) =>
  rows.filter((r) => r.split === split && r.layer === layer).map((r) => r.metric).sort();

describe('probeModel', () => {
  it('records each split\'s evaluation set size, accuracy and loss', async () => {
    const rows = await probe('sep');
    expect([...sets.keys()]).toEqual([...SPLIT_NAMES]);
    for (const split of SPLIT_NAMES) {
      expect(metricsOf(rows, split, null)).toEqual(['accuracy', 'instances', 'loss']);
      expect(rows.find((r) => r.split === split && r.metric === 'instances')!.value).toBe(sets.get(split)!.length);
    }
  });

  it('clusters every split but heldout-pairs at an instruction-only position', async () => {
    for (const position of INSTRUCTION_ONLY_POSITIONS) {
      const rows = await probe(position);
      for (const split of SPLIT_NAMES) {
        const probed = rows.some((r) => r.split === split && (PROBE_METRICS as readonly string[]).includes(r.metric));
        expect(probed, `${split} at ${position}`).toBe(split !== 'heldout-pairs');
      }
    }
  });

  it('clusters heldout-pairs at ans, where the state has seen the input', async () => {
    const rows = await probe('ans');
    for (const layer of layers) expect(metricsOf(rows, 'heldout-pairs', layer)).toEqual([...PROBE_METRICS].sort());
  });

  it('scores every unseen split against the training clusters of every layer, with counts that add up', async () => {
    const rows = await probe('sep');
    for (const split of SPLIT_NAMES) {
      for (const layer of layers) {
        const clusterRows = rows.filter((r) => r.split === split && r.layer === layer && (CLUSTER_ACCURACY_METRICS as readonly string[]).includes(r.metric));
        if (!(UNSEEN_SPLITS as readonly string[]).includes(split)) {
          expect(clusterRows, split).toEqual([]);
          continue;
        }
        expect(clusterRows.map((r) => r.metric).sort()).toEqual([...CLUSTER_ACCURACY_METRICS].sort());
        const value = (metric: string) => clusterRows.find((r) => r.metric === metric)!.value;
        expect(value('in-cluster-count') + value('out-of-cluster-count')).toBe(sets.get(split)!.length);
        expect(value('in-cluster-fraction')).toBeCloseTo(value('in-cluster-count') / sets.get(split)!.length, 12);
      }
    }
  });
});
