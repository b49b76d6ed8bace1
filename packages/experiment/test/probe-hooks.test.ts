// Probes on any activation (probe.hook): the config key, the feature each hook gives at a probe position, and the
// rows a probe and a trial record for a per-block hook.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  evaluateSplit,
  evaluationSets,
  parseTrialConfig,
  positionFeatures,
  probeLayerList,
  probeModel,
  runTrial,
  TrialSeeds,
} from '@clusterlens/experiment';
import { Gpt, readSafetensors, type GptConfig } from '@clusterlens/model';
import { PROBE_METRICS, type TrialMetricRow } from '@clusterlens/schema';
import { batchTensors, buildSuite, type Instance } from '@clusterlens/tasks';

const suite = buildSuite({ kind: 'synthetic', seed: 2, family: 'rule' });
const seeds = new TrialSeeds(1);
// Room for 4 positions beyond the suite's, so that a pattern feature has columns past the sequence.
const config = { nLayer: 2, nHead: 2, nEmbd: 16, nPositions: suite.contextLength + 4, vocabSize: suite.tokenizer.vocabSize };
let gpt: Gpt;
let instances: Instance[];

beforeAll(async () => {
  gpt = await Gpt.create(config, { seed: seeds.init });
  instances = evaluationSets(suite, ['train'], 12, seeds).get('train')!;
});

afterAll(() => gpt.dispose());

const evaluate = (hook: 'attn_out' | 'pattern', layers: number[]) =>
  evaluateSplit(gpt, instances, { layers, hook, position: 'sep', loss: 'output', batchSize: instances.length });

async function cached(name: string): Promise<{ tensor: Float32Array; T: number }> {
  const { tokens } = batchTensors(instances, 'output');
  const { cache } = await gpt.forward(tokens, { batch: instances.length, cache: [name] });
  return { tensor: cache.get(name)!, T: tokens.length / instances.length };
}

describe('probe.hook in the trial config', () => {
  it('a config without it resolves with the keys it had before, so its trial id is unchanged', () => {
    expect(Object.keys(parseTrialConfig({}).probe)).toEqual(['position', 'layers', 'metrics', 'saveRepresentations', 'representationSteps']);
  });

  it('an unknown hook is rejected with the valid values', () => {
    expect(() => parseTrialConfig({ probe: { hook: 'attn' } })).toThrow(/probe\.hook: .*"resid".*"resid_mid".*"attn_out".*"mlp_out".*"pattern"/);
  });

  it('a per-block hook counts layers as blocks, so layer nLayer is refused', () => {
    expect(() => parseTrialConfig({ model: { nLayer: 2 }, probe: { hook: 'mlp_out', layers: [0, 2] } })).toThrow(
      /probe\.layers\[1\]: layer 2 does not exist for probe\.hook 'mlp_out' \(a block index\); the model has blocks 0\.\.1/,
    );
  });

  it('the residual hook keeps layer nLayer, the last block output', () => {
    expect(parseTrialConfig({ model: { nLayer: 2 }, probe: { hook: 'resid', layers: [0, 2] } }).probe.layers).toEqual([0, 2]);
  });

  it("'all' layers are the residual layers 0..nLayer for resid and the blocks 0..nLayer-1 otherwise", () => {
    expect(probeLayerList({ layers: 'all' }, 2)).toEqual([0, 1, 2]);
    expect(probeLayerList({ hook: 'attn_out', layers: 'all' }, 2)).toEqual([0, 1]);
  });
});

describe('features of a hook at the probe position', () => {
  it('pattern rows become one row per query position: each head over nPositions keys, 0 past the sequence', () => {
    // B = 1, NH = 2, T = 2, nPositions = 3
    const pattern = Float32Array.from([1, 0, 0.25, 0.75, 1, 0, 0.5, 0.5]);
    const shape = { ...config, nHead: 2, nPositions: 3, layerNormEps: 1e-5 } as Required<GptConfig>;
    expect([...positionFeatures('pattern', pattern, 1, 2, shape)]).toEqual([1, 0, 0, 1, 0, 0, 0.25, 0.75, 0, 0.5, 0.5, 0]);
  });

  it('an attn_out representation is the cached blocks.{l}.hook_attn_out at the sep position', async () => {
    const { representations } = await evaluate('attn_out', [1]);
    const { tensor, T } = await cached('blocks.1.hook_attn_out');
    const C = config.nEmbd;
    instances.forEach((instance, b) => {
      const at = (b * T + instance.positions.sep) * C;
      expect(representations.get(1)!.subarray(b * C, (b + 1) * C)).toEqual(tensor.subarray(at, at + C));
    });
  });

  it('a pattern representation is each head\'s cached attention row at the sep position', async () => {
    const { representations } = await evaluate('pattern', [0]);
    const { tensor, T } = await cached('blocks.0.attn.hook_pattern');
    const { nHead: NH, nPositions: P } = config;
    instances.forEach((instance, b) => {
      const row = representations.get(0)!.subarray(b * NH * P, (b + 1) * NH * P);
      for (let h = 0; h < NH; h++) {
        const from = ((b * NH + h) * T + instance.positions.sep) * T;
        expect(row.subarray(h * P, h * P + T)).toEqual(tensor.subarray(from, from + T));
        expect([...row.subarray(h * P + T, (h + 1) * P)]).toEqual(new Array(P - T).fill(0));
      }
    });
  });
});

describe('probing a per-block hook', () => {
  it('probeModel records the clustering metrics of every block', async () => {
    const rows = await probeModel(gpt, new Map([['train', instances]]), {
      step: 0,
      layers: [0, 1],
      hook: 'attn_out',
      position: 'sep',
      metrics: PROBE_METRICS,
      loss: 'output',
      batchSize: 8,
      kmeans: { nInit: 1, maxIter: 20, tol: 1e-4 },
      silhouetteSample: 12,
      standardize: false,
      seeds,
      threads: 1,
    });
    const layers = [...new Set(rows.filter((r) => r.metric === 'ari').map((r) => r.layer))];
    expect(layers).toEqual([0, 1]);
  });

  describe('a trial with probe.hook mlp_out and layers all', () => {
    let dir: string;
    let rows: TrialMetricRow[];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'clusterlens-hook-'));
      const result = await runTrial(
        {
          seed: 3,
          model: { nLayer: 2, nHead: 2, nEmbd: 16 },
          training: { steps: 2, batchSize: 4 },
          evaluation: { every: 2, early: 0, instancesPerSplit: 12, splits: ['train'], kmeans: { nInit: 1 } },
          probe: { hook: 'mlp_out' },
        },
        { checkpointDir: dir },
      );
      result.model.dispose();
      rows = result.rows;
    });

    it('records rows for blocks 0..nLayer-1', () => {
      const layers = new Set(rows.filter((r) => r.metric === 'ari').map((r) => r.layer));
      expect([...layers].sort()).toEqual([0, 1]);
    });

    it('saves the last block\'s MLP outputs with the hook in their metadata', async () => {
      const { tensors, metadata } = await readSafetensors(join(dir, 'representations', 'train-layer1-step2.safetensors'));
      expect(metadata).toMatchObject({ split: 'train', layer: '1', hook: 'mlp_out' });
      expect(tensors.get('hidden')!.shape).toEqual([12, 16]);
    });
  });
});
