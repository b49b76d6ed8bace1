// Gpt's `device`: which devices a process may name, the reason it gives where it cannot use one, and, on a machine
// with a GPU, training on it against the CPU engine (the CUDA kernels' own tests are native/ctest's test_cuda_*).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { capabilities } from '@clusterlens/native';
import { checkDevice, checkPrecision, DeviceError, Gpt, usableDevices } from '@clusterlens/model';
import { isRetryable } from '@clusterlens/schema';

import { relativeErrorNorm } from './support/compare.js';
import { TINY, tinyBatch } from './support/tiny.js';

const HAS_GPU = usableDevices().includes('cuda');
const OPTIMIZER = { lr: 3e-3, warmupSteps: 2, totalSteps: 20, gradClip: 1 };

describe('naming a device', () => {
  it("accepts 'cpu' on every machine", () => {
    expect(checkDevice('cpu')).toBe('cpu');
    expect(usableDevices()).toContain('cpu');
  });

  it('refuses an unknown device, naming the field and the devices there are', () => {
    expect(() => checkDevice('tpu', 'ctx.device')).toThrow("ctx.device: expected one of cpu, cuda, got \"tpu\"");
  });

  it("refuses precision 'tf32' on 'cpu', naming the device", async () => {
    expect(() => checkPrecision('tf32', 'cpu')).toThrow("precision 'tf32': TF32 runs on device 'cuda' only, and this model is on 'cpu'");
    const gpt = await Gpt.create(TINY);
    expect(() => (gpt.precision = 'tf32')).toThrow(DeviceError);
    expect(gpt.precision).toBe('fp32');
  });

  it('refuses as a user error, which a sweep does not retry', () => {
    const error = (() => {
      try {
        checkDevice('tpu');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DeviceError);
    expect(isRetryable(error)).toBe(false);
  });
});

describe.runIf(!HAS_GPU)('cuda where this process has no GPU', () => {
  const reason = capabilities.cudaBuilt ? /sees no CUDA device/ : /has no CUDA kernels \(nvcc was not on PATH/;

  it('is refused with the reason: no CUDA device, or a build without CUDA kernels', () => {
    expect(() => checkDevice('cuda')).toThrow(reason);
  });

  it('is refused when a model is created for it', async () => {
    await expect(Gpt.create(TINY, { device: 'cuda' })).rejects.toThrow(reason);
  });
});

describe.runIf(HAS_GPU)('training on cuda', () => {
  const BATCH = 4;
  const SEQ_LEN = 16;

  async function pair() {
    const cpu = await Gpt.create(TINY, { seed: 5, optimizer: OPTIMIZER });
    const gpu = await Gpt.create(TINY, { seed: 5, optimizer: OPTIMIZER, device: 'cuda' });
    return { cpu, gpu };
  }

  it('matches the CPU engine over 10 steps: loss and parameters within 1e-4', async () => {
    const { cpu, gpu } = await pair();
    for (let s = 0; s < 10; s++) {
      const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, s);
      const [want, got] = [await cpu.step(tokens, labels, { batch: BATCH }), await gpu.step(tokens, labels, { batch: BATCH })];
      expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-4);
    }
    for (const [name, value] of cpu.params()) expect(relativeErrorNorm(gpu.params().get(name)!, value), name).toBeLessThan(1e-4);
    expect(gpu.stepCount).toBe(10);
  });

  it('saves a checkpoint of its GPU-trained state that resumes on the CPU', async () => {
    const { gpu } = await pair();
    for (let s = 0; s < 3; s++) {
      const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, s);
      await gpu.step(tokens, labels, { batch: BATCH });
    }
    const file = join(await mkdtemp(join(tmpdir(), 'clusterlens-device-')), 'gpu.safetensors');
    await gpu.save(file);
    const back = await Gpt.load(file);
    expect(back.stepCount).toBe(3);
    for (const [name, value] of gpu.params()) expect(back.params().get(name), name).toEqual(value);
  });

  it("trains with TF32 matrix products near the CPU engine (1e-2 over 10 steps)", async () => {
    const { cpu, gpu } = await pair();
    gpu.precision = 'tf32';
    for (let s = 0; s < 10; s++) {
      const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, s);
      const [want, got] = [await cpu.step(tokens, labels, { batch: BATCH }), await gpu.step(tokens, labels, { batch: BATCH })];
      expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-2);
    }
  });

  it('goes back to the CPU with the GPU-trained state', async () => {
    const { cpu, gpu } = await pair();
    const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, 0);
    await cpu.step(tokens, labels, { batch: BATCH });
    await gpu.step(tokens, labels, { batch: BATCH });
    gpu.device = 'cpu';
    expect(gpu.stepCount).toBe(1);
    for (const [name, value] of cpu.params()) expect(relativeErrorNorm(gpu.params().get(name)!, value), name).toBeLessThan(1e-4);
  });
});
