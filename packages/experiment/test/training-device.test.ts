// training.device: 'cuda' is part of a trial's identity (its results are not the CPU's bits), 'cpu' is the default and
// leaves configs as they were; a trial asked to train where this process cannot stops before it trains, with a
// reason and no retry; on a machine with a GPU, a short trial on 'cuda' follows the CPU trial's losses.
import { describe, expect, it } from 'vitest';

import { GPU_KMEANS_MIN_VALUES, kmeansDevice, parseTrialConfig, runTrial, trialHash, type TrialConfigInput } from '@clusterlens/experiment';
import { DeviceError, usableDevices } from '@clusterlens/model';
import { isRetryable } from '@clusterlens/schema';

import { SMALL_CONFIG, SMALL_CONFIG_HASH } from './support/pinned-hashes.js';

const HAS_GPU = usableDevices().includes('cuda');

const SHORT: TrialConfigInput = {
  seed: 2,
  model: { nLayer: 2, nHead: 2, nEmbd: 32 },
  training: { steps: 20, batchSize: 8 },
  evaluation: { every: 10, early: 0, instancesPerSplit: 16, splits: ['train'], kmeans: { nInit: 1 } },
  probe: { saveRepresentations: false },
};

const onDevice = (input: TrialConfigInput, device: string) => ({ ...input, training: { ...input.training, device } }) as TrialConfigInput;

describe('training.device in the config', () => {
  it("resolves 'cpu' to absent, so the config keeps its trial id", () => {
    const config = parseTrialConfig(onDevice(SMALL_CONFIG, 'cpu'));
    expect(config.training.device).toBeUndefined();
    expect(trialHash(config)).toBe(SMALL_CONFIG_HASH);
  });

  it("keeps 'cuda', which gives the trial another id", () => {
    const config = parseTrialConfig(onDevice(SMALL_CONFIG, 'cuda'));
    expect(config.training.device).toBe('cuda');
    expect(trialHash(config)).not.toBe(SMALL_CONFIG_HASH);
  });

  it('rejects an unknown device, naming the field', () => {
    expect(() => parseTrialConfig(onDevice(SMALL_CONFIG, 'tpu'))).toThrow(/training\.device/);
  });

  it("resolves precision 'fp32' to absent and keeps 'tf32' on 'cuda'", () => {
    const withPrecision = (device: string, precision: string) => ({ ...SMALL_CONFIG, training: { ...SMALL_CONFIG.training, device, precision } });
    expect(trialHash(parseTrialConfig(withPrecision('cpu', 'fp32')))).toBe(SMALL_CONFIG_HASH);
    expect(parseTrialConfig(withPrecision('cuda', 'tf32')).training.precision).toBe('tf32');
  });

  it("rejects precision 'tf32' off the GPU, naming the field and the fix", () => {
    const tf32 = { ...SMALL_CONFIG, training: { ...SMALL_CONFIG.training, precision: 'tf32' } };
    expect(() => parseTrialConfig(tf32)).toThrow(/training\.precision: 'tf32' runs on the GPU's tensor cores: set training\.device: cuda too/);
  });
});

describe("a trial's k-means", () => {
  it("runs on the GPU for a trial on 'cuda' whose probe has at least GPU_KMEANS_MIN_VALUES values", () => {
    expect(kmeansDevice('cuda', GPU_KMEANS_MIN_VALUES / 128, 128)).toBe('cuda');
    expect(kmeansDevice('cuda', GPU_KMEANS_MIN_VALUES / 128 - 1, 128)).toBe('cpu');
  });

  it("stays on the CPU for a trial on 'cpu', however large its probe", () => {
    expect(kmeansDevice('cpu', 1 << 20, 1 << 10)).toBe('cpu');
    expect(kmeansDevice(undefined, 1 << 20, 1 << 10)).toBe('cpu');
  });
});

describe.runIf(!HAS_GPU)('a trial on cuda where this process has no GPU', () => {
  it('stops before training with the reason, as an error a sweep does not retry', async () => {
    const error = await runTrial(onDevice(SHORT, 'cuda')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeviceError);
    expect((error as Error).message).toMatch(/^training\.device 'cuda': /);
    expect(isRetryable(error)).toBe(false);
  });
});

describe.runIf(HAS_GPU)('a trial on cuda', () => {
  it("follows the CPU trial's training losses within 1e-3", async () => {
    const losses = async (input: TrialConfigInput) => {
      const result = await runTrial(input);
      result.model.dispose();
      return result.rows.filter((r) => r.metric === 'train-loss').map((r) => r.value);
    };
    const [cpu, gpu] = [await losses(SHORT), await losses(onDevice(SHORT, 'cuda'))];
    expect(gpu).toHaveLength(cpu.length);
    cpu.forEach((want, i) => expect(Math.abs(gpu[i] - want) / want).toBeLessThan(1e-3));
  });
});
