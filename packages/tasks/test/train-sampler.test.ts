import { describe, expect, it } from 'vitest';

import { Random } from '@clusterlens/schema';
import { buildSuite, trainSampler, type Instance } from '@clusterlens/tasks';

const ids = (batch: Instance[]) => batch.map((i) => `${i.task}/${i.distribution}/${i.sample}/${i.input}`);

describe('training batch sampler', () => {
  const suite = buildSuite({ kind: 'synthetic', seed: 1 });
  const trainSize = suite.split('train').length;

  it('is deterministic for a seed and differs across seeds', () => {
    const a = trainSampler(suite, new Random(7));
    const b = trainSampler(suite, new Random(7));
    const c = trainSampler(suite, new Random(8));
    const first = ids(a.next(64));
    expect(ids(b.next(64))).toEqual(first);
    expect(ids(c.next(64))).not.toEqual(first);
  });

  it('visits every training instance once per epoch, in a new order each epoch', () => {
    const sampler = trainSampler(suite, new Random(3));
    const epoch0 = ids(sampler.next(trainSize));
    const epoch1 = ids(sampler.next(trainSize));
    const all = ids([...suite.split('train')]).sort();
    expect([...epoch0].sort()).toEqual(all);
    expect([...epoch1].sort()).toEqual(all);
    expect(epoch1).not.toEqual(epoch0);
    expect(sampler.state()).toMatchObject({ epoch: 2, offset: 0 });
  });

  it('resumes exactly from a saved state, across an epoch boundary, after a JSON round trip', () => {
    const reference = trainSampler(suite, new Random(5));
    const interrupted = trainSampler(suite, new Random(5));
    for (let step = 0; step < 20; step++) reference.next(64);
    for (let step = 0; step < 13; step++) interrupted.next(64);
    const saved = JSON.parse(JSON.stringify(interrupted.state()));
    const resumed = trainSampler(suite, new Random(5), saved);
    for (let step = 13; step < 20; step++) resumed.next(64);
    expect(resumed.state()).toEqual(reference.state());
    expect(ids(resumed.next(100))).toEqual(ids(reference.next(100)));
  });

  it('refuses to resume with another seed or another suite', () => {
    const state = trainSampler(suite, new Random(5)).state();
    expect(() => trainSampler(suite, new Random(6), state)).toThrow(/cannot resume: seed \d+ differs from \d+/);
    const other = buildSuite({ kind: 'synthetic', seed: 2 });
    expect(() => trainSampler(other, new Random(5), state)).toThrow(/suite fingerprint/);
  });
});
