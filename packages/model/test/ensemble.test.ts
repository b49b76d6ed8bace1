// Ensembles: S models trained in lock-step. The engine's NativeEnsemble on the 'emulated' device (each member's step
// in turn on a CPU copy: the bits of the model alone) checks what its CUDA ensemble shares with it on any machine:
// each member trains as it would alone, its own calls see its state, a member changed on its own leaves. GptEnsemble
// on 'cpu' steps its members in turn; on a machine with a GPU, on 'cuda' against the CPU.
import { describe, expect, it } from 'vitest';

import { NativeEnsemble, NativeGpt } from '@clusterlens/native';
import { Gpt, GptEnsemble, shiftLabels, usableDevices } from '@clusterlens/model';

import { relativeErrorNorm } from './support/compare.js';
import { bitsOf, TINY, tinyBatch } from './support/tiny.js';

const BATCH = 2;
const SEQ_LEN = 12;
const MEMBERS = 3;
const OPTIMIZER = { lr: 3e-3, warmupSteps: 2, totalSteps: 20, gradClip: 1 };
const HAS_GPU = usableDevices().includes('cuda');

function natives(): NativeGpt[] {
  return Array.from({ length: MEMBERS }, (_, i) => {
    const native = new NativeGpt(TINY, { seed: 10 + i });
    native.setOptimizer(OPTIMIZER);
    return native;
  });
}

/** Member i's batch at step s, and all members' batches one after another. */
function memberBatch(i: number, s: number) {
  const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, 100 * s + i);
  return { tokens, targets: shiftLabels(labels, BATCH).targets };
}
function ensembleBatch(s: number) {
  const parts = Array.from({ length: MEMBERS }, (_, i) => memberBatch(i, s));
  return { tokens: Int32Array.from(parts.flatMap((p) => [...p.tokens])), targets: Int32Array.from(parts.flatMap((p) => [...p.targets])) };
}

async function stepAlone(models: NativeGpt[], s: number) {
  const results = [];
  for (const [i, model] of models.entries()) {
    const { tokens, targets } = memberBatch(i, s);
    results.push(await model.step(tokens, targets, BATCH));
  }
  return results;
}

async function stepTogether(ensemble: NativeEnsemble, s: number) {
  const { tokens, targets } = ensembleBatch(s);
  return ensemble.step(tokens, targets, BATCH);
}

describe('NativeEnsemble (emulated)', () => {
  it('trains each member to the bits of the model trained alone', async () => {
    const [alone, members] = [natives(), natives()];
    const ensemble = new NativeEnsemble(members, { device: 'emulated' });
    for (let s = 0; s < 4; s++) expect(await stepTogether(ensemble, s)).toEqual(await stepAlone(alone, s));
    members.forEach((member, i) => {
      expect(bitsOf(member.getParams())).toEqual(bitsOf(alone[i].getParams()));
      expect(bitsOf(member.getOptimizerState().v)).toEqual(bitsOf(alone[i].getOptimizerState().v));
      expect(member.optimizerStep()).toBe(4);
    });
  });

  it("starts from each member's current state", async () => {
    const [alone, members] = [natives(), natives()];
    await stepAlone(alone, 0);
    await stepAlone(members, 0);
    const ensemble = new NativeEnsemble(members, { device: 'emulated' });
    expect(await stepTogether(ensemble, 1)).toEqual(await stepAlone(alone, 1));
  });

  it('refuses to step once a member was changed on its own, naming it', async () => {
    const members = natives();
    const ensemble = new NativeEnsemble(members, { device: 'emulated' });
    await stepTogether(ensemble, 0);
    members[1].setParams(members[1].getParams());
    await expect(async () => stepTogether(ensemble, 1)).rejects.toThrow(/member 1 was changed on its own/);
  });

  it("keeps every member busy during the ensemble's step", async () => {
    const members = natives();
    const ensemble = new NativeEnsemble(members, { device: 'emulated' });
    const step = stepTogether(ensemble, 0);
    expect(() => members[2].getParams()).toThrow(/busy/);
    await step;
  });

  it('copies every member back on release, after which members train alone and the ensemble refuses', async () => {
    const [alone, members] = [natives(), natives()];
    const ensemble = new NativeEnsemble(members, { device: 'emulated' });
    await stepTogether(ensemble, 0);
    ensemble.release();
    await stepAlone(alone, 0);
    expect(await stepAlone(members, 1)).toEqual(await stepAlone(alone, 1));
    await expect(async () => stepTogether(ensemble, 2)).rejects.toThrow(/released/);
  });

  it('refuses an empty list, a model given twice and tokens that are not S x batch sequences', () => {
    const members = natives();
    expect(() => new NativeEnsemble([], { device: 'emulated' })).toThrow(/models: expected a non-empty array/);
    expect(() => new NativeEnsemble([members[0], members[0]], { device: 'emulated' })).toThrow(/models\[1\]: the same model is in the ensemble twice/);
    const ensemble = new NativeEnsemble(members, { device: 'emulated' });
    const tokens = new Int32Array(MEMBERS * BATCH * SEQ_LEN - 2);
    expect(() => ensemble.step(tokens, tokens, BATCH)).toThrow(/tokens: length 70 is not a positive multiple of 3 members x batch 2/);
  });
});

describe('GptEnsemble', () => {
  const gpts = () => Promise.all(Array.from({ length: MEMBERS }, (_, i) => Gpt.create(TINY, { seed: 20 + i, optimizer: OPTIMIZER })));
  const batches = (s: number) => Array.from({ length: MEMBERS }, (_, i) => tinyBatch(TINY, BATCH, SEQ_LEN, 100 * s + i));

  it("on 'cpu' trains each member as it trains alone", async () => {
    const [alone, members] = [await gpts(), await gpts()];
    const ensemble = new GptEnsemble(members, 'cpu');
    for (let s = 0; s < 3; s++) {
      const losses = await ensemble.step(batches(s), { batch: BATCH });
      const want = await Promise.all(alone.map((gpt, i) => gpt.step(batches(s)[i].tokens, batches(s)[i].labels, { batch: BATCH })));
      expect(losses).toEqual(want);
    }
  });

  it('refuses members of different configs, naming the member and the field', async () => {
    const members = [await Gpt.create(TINY), await Gpt.create({ ...TINY, nEmbd: 16 })];
    expect(() => new GptEnsemble(members, 'cpu')).toThrow(/member 1 has nEmbd 16, member 0 has 32/);
  });

  it.runIf(HAS_GPU)("on 'cuda' follows the CPU members within 1e-4 over 10 steps", async () => {
    const [alone, members] = [await gpts(), await gpts()];
    const ensemble = new GptEnsemble(members, 'cuda');
    for (let s = 0; s < 10; s++) {
      const losses = await ensemble.step(batches(s), { batch: BATCH });
      for (const [i, gpt] of alone.entries()) {
        const want = await gpt.step(batches(s)[i].tokens, batches(s)[i].labels, { batch: BATCH });
        expect(Math.abs(losses[i] - want) / want).toBeLessThan(1e-4);
      }
    }
    ensemble.release();
    for (const [i, gpt] of alone.entries()) {
      for (const [name, value] of gpt.params()) expect(relativeErrorNorm(members[i].params().get(name)!, value), name).toBeLessThan(1e-4);
    }
  });
});
