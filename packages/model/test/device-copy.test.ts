// The engine's device copy of a model (NativeGpt.deviceStep), on the 'emulated' device: a second CPU model that
// computes the host's bits, so these tests check the copying itself on any machine: a read after device steps sees
// them, a change on the host reaches the next device step, and training gives the bits of host steps alone.
import { describe, expect, it } from 'vitest';

import { NativeGpt } from '@clusterlens/native';
import { shiftLabels } from '@clusterlens/model';

import { bitsOf, TINY, tinyBatch } from './support/tiny.js';

const BATCH = 2;
const SEQ_LEN = 12;
const OPTIMIZER = { lr: 3e-3, warmupSteps: 2, totalSteps: 20, gradClip: 1 };

function model(): NativeGpt {
  const native = new NativeGpt(TINY, { seed: 4 });
  native.setOptimizer(OPTIMIZER);
  return native;
}

function batch(seed: number): { tokens: Int32Array; targets: Int32Array } {
  const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, seed);
  return { tokens, targets: shiftLabels(labels, BATCH).targets };
}

async function hostStep(native: NativeGpt, seed: number) {
  const { tokens, targets } = batch(seed);
  return native.step(tokens, targets, BATCH);
}

async function deviceStep(native: NativeGpt, seed: number) {
  const { tokens, targets } = batch(seed);
  return native.deviceStep(tokens, targets, BATCH, { device: 'emulated' });
}

function expectSameState(got: NativeGpt, want: NativeGpt): void {
  expect(bitsOf(got.getParams())).toEqual(bitsOf(want.getParams()));
  const [g, w] = [got.getOptimizerState(), want.getOptimizerState()];
  expect(bitsOf(g.m)).toEqual(bitsOf(w.m));
  expect(bitsOf(g.v)).toEqual(bitsOf(w.v));
  expect(g.step).toBe(w.step);
}

describe('a device copy of the model', () => {
  it('trains to the bits of host steps: losses, parameters, AdamW moments and step count', async () => {
    const [host, device] = [model(), model()];
    for (let s = 0; s < 5; s++) {
      const [want, got] = [await hostStep(host, s), await deviceStep(device, s)];
      expect(got).toEqual(want);
    }
    expectSameState(device, host);
  });

  it('counts its steps before anything is copied back', async () => {
    const device = model();
    for (let s = 0; s < 3; s++) await deviceStep(device, s);
    expect(device.optimizerStep()).toBe(3);
  });

  it("is read by the host's forward pass without another call", async () => {
    const [host, device] = [model(), model()];
    for (let s = 0; s < 3; s++) {
      await hostStep(host, s);
      await deviceStep(device, s);
    }
    const { tokens } = batch(9);
    const [want, got] = [await host.forward(tokens, BATCH), await device.forward(tokens, BATCH)];
    expect(bitsOf(got.logits!)).toEqual(bitsOf(want.logits!));
  });

  it('is made again after the host changes the parameters, so the next device step starts from them', async () => {
    const [host, device] = [model(), model()];
    const replaced = Float32Array.from(host.getParams(), (x) => x * 0.5);
    for (const native of [host, device]) native.setParams(replaced);
    await hostStep(host, 0);
    await deviceStep(device, 0);
    const changed = Float32Array.from(device.getParams(), (x) => x + 0.01);
    for (const native of [host, device]) native.setParams(changed);
    await hostStep(host, 1);
    await deviceStep(device, 1);
    expectSameState(device, host);
  });

  it('is made again after the host changes the optimiser, so the next device step uses the new learning rate', async () => {
    const [host, device] = [model(), model()];
    await hostStep(host, 0);
    await deviceStep(device, 0);
    for (const native of [host, device]) native.setOptimizer({ ...native.getOptimizer(), lr: 1e-2 });
    const [want, got] = [await hostStep(host, 1), await deviceStep(device, 1)];
    expect(got.lr).toBe(want.lr);
    expectSameState(device, host);
  });

  it('takes turns with host steps (an objective step between device steps) as host steps alone would', async () => {
    const [host, mixed] = [model(), model()];
    for (let s = 0; s < 6; s++) {
      await hostStep(host, s);
      await (s % 3 === 1 ? hostStep(mixed, s) : deviceStep(mixed, s));
    }
    expectSameState(mixed, host);
  });

  it('is copied back and freed by deviceRelease, after which host steps continue from it', async () => {
    const [host, device] = [model(), model()];
    for (let s = 0; s < 2; s++) {
      await hostStep(host, s);
      await deviceStep(device, s);
    }
    device.deviceRelease();
    await hostStep(host, 2);
    await hostStep(device, 2);
    expectSameState(device, host);
  });

  it('keeps the host model busy during a device step', async () => {
    const device = model();
    const step = deviceStep(device, 0);
    expect(() => device.getParams()).toThrow(/busy/);
    await step;
  });

  it('refuses TF32 on a copy that is not on the GPU', async () => {
    const { tokens, targets } = batch(0);
    expect(() => model().deviceStep(tokens, targets, BATCH, { device: 'emulated', tf32: true })).toThrow(/TF32 runs on a 'cuda' copy only, not on 'emulated'/);
  });

  it('refuses an unknown kind of device, naming options.device', async () => {
    const { tokens, targets } = batch(0);
    // @ts-expect-error: a kind the engine does not have
    expect(() => model().deviceStep(tokens, targets, BATCH, { device: 'tpu' })).toThrow(/options\.device: expected 'cuda' or 'emulated', got 'tpu'/);
  });
});
