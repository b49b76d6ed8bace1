// plan(): how a spec expands, what a trial's config and label are, and how validation errors are placed.
import { describe, expect, it } from 'vitest';

import { UserError } from '@clusterlens/schema';
import { canonicalJson, plan, SpecError, trialId, type ValidateConfig } from '@clusterlens/sweep';

const codeVersion = 'v1';

describe('plan', () => {
  it('expands interventions x grid x seeds, first intervention and first axis outermost, seeds innermost', () => {
    const trials = plan(
      {
        name: 's',
        base: { optimizer: { lr: 1, beta1: 0.9 }, training: { loss: 'output' } },
        interventions: { output: {}, all: { training: { loss: 'all' } } },
        axes: { 'optimizer.lr': [0.1, 0.2], 'model.nLayer': [1] },
        seeds: [3, 4],
      },
      { codeVersion },
    );
    expect(trials.map((t) => t.label)).toEqual([
      'output optimizer.lr=0.1 model.nLayer=1 seed=3',
      'output optimizer.lr=0.1 model.nLayer=1 seed=4',
      'output optimizer.lr=0.2 model.nLayer=1 seed=3',
      'output optimizer.lr=0.2 model.nLayer=1 seed=4',
      'all optimizer.lr=0.1 model.nLayer=1 seed=3',
      'all optimizer.lr=0.1 model.nLayer=1 seed=4',
      'all optimizer.lr=0.2 model.nLayer=1 seed=3',
      'all optimizer.lr=0.2 model.nLayer=1 seed=4',
    ]);
    expect(trials[5]!.config).toEqual({ optimizer: { lr: 0.1, beta1: 0.9 }, training: { loss: 'all' }, model: { nLayer: 1 }, seed: 4 });
    expect(trials[5]).toMatchObject({ intervention: 'all', seed: 4, axes: { 'optimizer.lr': 0.1, 'model.nLayer': 1 } });
  });

  it('ids hash the resolved config and the code version: key order does not matter, code does', () => {
    const a = plan({ name: 's', base: { a: 1, b: { c: 2, d: 3 } } }, { codeVersion })[0]!;
    const b = plan({ name: 's', base: { b: { d: 3, c: 2 }, a: 1 } }, { codeVersion })[0]!;
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(b.id).toBe(a.id);
    expect(plan({ name: 's', base: { a: 1, b: { c: 2, d: 3 } } }, { codeVersion: 'v2' })[0]!.id).not.toBe(a.id);
    expect(a.id).toBe(trialId(a.config, codeVersion));
    expect(a.codeVersion).toBe(codeVersion);
    expect(canonicalJson(a.config)).toBe('{"a":1,"b":{"c":2,"d":3},"seed":0}');
  });

  it('draws random axes reproducibly from randomSeed, each axis from its own stream', () => {
    const spec = {
      name: 's',
      axes: { lr: { random: { logUniform: [1e-4, 1e-1] as [number, number] }, count: 4 }, wd: { random: { choice: [0, 0.01, 0.1] }, count: 2 } },
    };
    const first = plan(spec, { codeVersion });
    expect(plan(spec, { codeVersion })).toEqual(first);
    const lrs = [...new Set(first.map((t) => t.axes.lr as number))];
    expect(lrs).toHaveLength(4);
    for (const lr of lrs) {
      expect(lr).toBeGreaterThanOrEqual(1e-4);
      expect(lr).toBeLessThanOrEqual(1e-1);
      expect(Number(lr.toPrecision(6))).toBe(lr);
    }
    expect(new Set(first.map((t) => t.axes.wd)).size).toBe(2);
    // Another axis does not change this one's draws; another randomSeed does.
    const alone = plan({ name: 's', axes: { lr: spec.axes.lr } }, { codeVersion });
    expect([...new Set(alone.map((t) => t.axes.lr))]).toEqual(lrs);
    const reseeded = plan({ ...spec, randomSeed: 1 }, { codeVersion });
    expect([...new Set(reseeded.map((t) => t.axes.lr))]).not.toEqual(lrs);
  });

  it('rejects two interventions that resolve to the same config', () => {
    expect(() => plan({ name: 's', interventions: { a: {}, b: { x: 1 }, c: {} } }, { codeVersion })).toThrow(
      /trials 'a seed=0' and 'c seed=0' resolve to the same config/,
    );
  });

  it('reports an axis path that runs through a non-object of the base', () => {
    expect(() => plan({ name: 's', base: { optimizer: 3 }, axes: { 'optimizer.lr': [1] } }, { codeVersion })).toThrow(
      "axes.optimizer.lr: cannot set 'optimizer.lr': 'optimizer' is 3 in the config, not an object",
    );
  });

  describe('the validate hook', () => {
    // A stand-in for a trial function's schema: lr must be below 1, steps must be positive.
    const validate: ValidateConfig = (config, source) => {
      const c = config as { lr?: number; steps?: number };
      if ((c.steps ?? 1) < 1) throw new Error(`${source}: steps: must be positive`);
      if ((c.lr ?? 0) >= 1) throw new Error(`lr: ${c.lr} is too large`);
    };

    it('blames the base when the base alone is invalid', () => {
      const run = () => plan({ name: 's', base: { steps: 0 }, axes: { lr: [0.1] } }, { codeVersion, validate });
      expect(run).toThrow(SpecError);
      expect(run).toThrow(/^base: steps: must be positive$/);
      // A user error (never retried), keeping the hook's own error as its cause.
      const error = (() => {
        try {
          run();
        } catch (e) {
          return e as SpecError;
        }
      })();
      expect(error).toBeInstanceOf(UserError);
      expect(error).toMatchObject({ name: 'SpecError', retryable: false, cause: expect.objectContaining({ message: 'base: steps: must be positive' }) });
    });

    it('blames the intervention that breaks the config', () => {
      expect(() => plan({ name: 's', interventions: { ok: {}, broken: { steps: -1 } } }, { codeVersion, validate })).toThrow(/^interventions\.broken: steps: must be positive$/);
    });

    it("blames the trial (its axis values) otherwise, adding the source when the hook's message lacks it", () => {
      expect(() => plan({ name: 's', axes: { lr: [0.1, 2] } }, { codeVersion, validate })).toThrow(/^trial 'baseline lr=2 seed=0': lr: 2 is too large$/);
    });

    it('passes valid configs', () => {
      expect(plan({ name: 's', axes: { lr: [0.1, 0.2] } }, { codeVersion, validate })).toHaveLength(2);
    });
  });

  describe('the pin hook', () => {
    // What the hook reads (e.g. a weights file's hash), per test: the file's content can change between plans.
    const pinFrom = (weights: Record<string, string>) => (config: Record<string, unknown>) => ({ ...config, weightsHash: weights[config.weights as string] });

    it("completes each seeded config before its id is computed: the id and the stored config name what the hook adds", () => {
      const [trial] = plan({ name: 's', base: { weights: 'a.bin' }, seeds: [7] }, { codeVersion, pin: pinFrom({ 'a.bin': 'hash-1' }) });
      expect(trial.config).toEqual({ weights: 'a.bin', weightsHash: 'hash-1', seed: 7 });
      expect(trial.id).toBe(trialId(trial.config, codeVersion));
    });

    it('gives new trial ids when what the hook reads changes', () => {
      const spec = { name: 's', base: { weights: 'a.bin' } };
      const weights = { 'a.bin': 'hash-1' };
      const pin = pinFrom(weights);
      const before = plan(spec, { codeVersion, pin })[0].id;
      expect(plan(spec, { codeVersion, pin })[0].id).toBe(before);
      weights['a.bin'] = 'hash-2';
      expect(plan(spec, { codeVersion, pin })[0].id).not.toBe(before);
    });
  });
});
