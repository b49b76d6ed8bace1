// Joint random search (`samples: N`): what each sample draws, how samples cross the rest, and the rules of the spec.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { plan, SpecError, type SweepSpecInput } from '@clusterlens/sweep';

import { uniformAt } from '../src/random.js';

const codeVersion = 'v1';

/** Reference draws, written out from the documented rule: draw k is the k-th number of each axis's own stream. */
const uniformDraw = (seed: number, path: string, k: number, lo: number, hi: number) => Number((lo + uniformAt(seed, path, k) * (hi - lo)).toPrecision(6));
const choiceDraw = <T>(seed: number, path: string, k: number, choices: T[]) => choices[Math.floor(uniformAt(seed, path, k) * choices.length)]!;

const lr = { random: { uniform: [0.001, 0.003] as [number, number] } };
const warmup = { random: { choice: [0, 30, 100] } };

describe('samples', () => {
  it('draws one value of every random axis without count per sample, from each axis its k-th number', () => {
    const trials = plan({ name: 's', axes: { 'optimizer.lr': lr, 'optimizer.warmupSteps': warmup }, samples: 3, randomSeed: 5 }, { codeVersion });
    expect(trials.map((t) => t.axes)).toEqual(
      [0, 1, 2].map((k) => ({ 'optimizer.lr': uniformDraw(5, 'optimizer.lr', k, 0.001, 0.003), 'optimizer.warmupSteps': choiceDraw(5, 'optimizer.warmupSteps', k, [0, 30, 100]) })),
    );
    expect(trials.map((t) => t.sample)).toEqual([0, 1, 2]);
    expect(trials[1]!.config).toEqual({ optimizer: { lr: uniformDraw(5, 'optimizer.lr', 1, 0.001, 0.003), warmupSteps: choiceDraw(5, 'optimizer.warmupSteps', 1, [0, 30, 100]) }, seed: 0 });
  });

  it('labels a trial with its sample number and its values', () => {
    const [trial] = plan({ name: 's', axes: { 'optimizer.lr': lr, 'optimizer.warmupSteps': warmup }, samples: 1 }, { codeVersion });
    expect(trial!.label).toBe(`baseline sample=0 optimizer.lr=${uniformDraw(0, 'optimizer.lr', 0, 0.001, 0.003)} optimizer.warmupSteps=${choiceDraw(0, 'optimizer.warmupSteps', 0, [0, 30, 100])} seed=0`);
  });

  it('crosses interventions, grid points and seeds with the samples, samples inside grid points and seeds innermost', () => {
    const trials = plan(
      { name: 's', interventions: { a: {}, b: { tag: 1 } }, axes: { 'model.nLayer': [1, 2], 'optimizer.lr': lr }, samples: 2, seeds: [0, 1] },
      { codeVersion },
    );
    const draws = [0, 1].map((k) => uniformDraw(0, 'optimizer.lr', k, 0.001, 0.003));
    expect(trials.map((t) => [t.intervention, t.axes['model.nLayer'], t.sample, t.axes['optimizer.lr'], t.seed])).toEqual(
      ['a', 'b'].flatMap((i) => [1, 2].flatMap((n) => [0, 1].flatMap((s) => [0, 1].map((seed) => [i, n, s, draws[s], seed])))),
    );
  });

  it('keeps a counted random axis crossed beside sampled ones', () => {
    const trials = plan({ name: 's', axes: { 'optimizer.warmupSteps': { ...warmup, count: 2 }, 'optimizer.lr': lr }, samples: 2 }, { codeVersion });
    expect(trials).toHaveLength(4);
    expect(new Set(trials.map((t) => t.axes['optimizer.warmupSteps'])).size).toBe(2);
    expect(trials.map((t) => t.sample)).toEqual([0, 1, 0, 1]);
  });

  it('draws the same samples whatever the order of the axes', () => {
    const forward = plan({ name: 's', axes: { 'optimizer.lr': lr, 'optimizer.warmupSteps': warmup }, samples: 4 }, { codeVersion });
    const backward = plan({ name: 's', axes: { 'optimizer.warmupSteps': warmup, 'optimizer.lr': lr }, samples: 4 }, { codeVersion });
    expect(backward.map((t) => t.id)).toEqual(forward.map((t) => t.id));
  });

  it('leaves the other axes\' samples alone when an axis is added', () => {
    const alone = plan({ name: 's', axes: { 'optimizer.lr': lr }, samples: 4 }, { codeVersion });
    const withWarmup = plan({ name: 's', axes: { 'optimizer.lr': lr, 'optimizer.weightDecay': { random: { logUniform: [1e-4, 1e-1] } } }, samples: 4 }, { codeVersion });
    expect(withWarmup.map((t) => t.axes['optimizer.lr'])).toEqual(alone.map((t) => t.axes['optimizer.lr']));
  });

  it('draws other samples with another randomSeed', () => {
    const first = plan({ name: 's', axes: { 'optimizer.lr': lr }, samples: 4 }, { codeVersion });
    const reseeded = plan({ name: 's', axes: { 'optimizer.lr': lr }, samples: 4, randomSeed: 1 }, { codeVersion });
    expect(reseeded.map((t) => t.axes['optimizer.lr'])).not.toEqual(first.map((t) => t.axes['optimizer.lr']));
  });

  it('skips a joint draw equal to an earlier one and takes the next, so no two samples are one trial', () => {
    const a = ['x', 'y'];
    const b = [1, 2];
    const trials = plan({ name: 's', axes: { a: { random: { choice: a } }, b: { random: { choice: b } } }, samples: 4, randomSeed: 3 }, { codeVersion });
    // The reference: the first 4 distinct pairs of the two streams, in the order they come.
    const expected: Array<[string, number]> = [];
    for (let k = 0; expected.length < 4; k++) {
      const pair: [string, number] = [choiceDraw(3, 'a', k, a), choiceDraw(3, 'b', k, b)];
      if (!expected.some(([x, y]) => x === pair[0] && y === pair[1])) expected.push(pair);
    }
    expect(trials.map((t) => [t.axes.a, t.axes.b])).toEqual(expected);
    expect(new Set(trials.map((t) => t.id)).size).toBe(4);
  });

  it('rejects more samples than the sampled choices have combinations', () => {
    expect(() => plan({ name: 's', axes: { a: { random: { choice: ['x', 'y'] } }, b: { random: { choice: [1, 2] } } }, samples: 5 }, { codeVersion })).toThrow(
      'sweep spec: samples: 5 joint draws of a, b would repeat a combination: there are only 4; lower samples to at most 4, or list the values as grids',
    );
  });

  it('rejects more samples than a narrow range has distinct values at 6 digits', () => {
    expect(() => plan({ name: 's', axes: { a: { random: { uniform: [1, 1.00001] } } }, samples: 3 }, { codeVersion })).toThrow(
      /^samples: cannot draw 3 distinct combinations \(6 significant digits\) of a; widen their ranges or lower samples$/,
    );
  });

  it('counts samples towards the trial limit', () => {
    expect(() => plan({ name: 's', axes: { a: [1, 2], b: { random: { uniform: [0, 1] } } }, samples: 600_000 }, { codeVersion })).toThrow(/expands to 1200000 trials/);
  });
});

describe('samples: properties', () => {
  // Sampled axes of every kind beside a grid; choices large enough for any samples count drawn here.
  const sampledAxis = fc.oneof(
    fc.constant({ random: { uniform: [0, 1] as [number, number] } }),
    fc.constant({ random: { logUniform: [1e-5, 1] as [number, number] } }),
    fc.constant({ random: { choice: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] } }),
  );
  const specArb = fc.record({
    sampled: fc.uniqueArray(fc.tuple(fc.constantFrom('optimizer.lr', 'optimizer.beta1', 'data.kind'), sampledAxis), { minLength: 1, maxLength: 3, selector: ([path]) => path }),
    grid: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
    samples: fc.integer({ min: 1, max: 8 }),
    seeds: fc.uniqueArray(fc.nat(100), { minLength: 1, maxLength: 3 }),
    randomSeed: fc.nat(1000),
  });

  it('plans grid points x samples x seeds trials, each its own config', () => {
    fc.assert(
      fc.property(specArb, ({ sampled, grid, samples, seeds, randomSeed }) => {
        const trials = plan({ name: 'p', axes: { 'model.nLayer': grid, ...Object.fromEntries(sampled) }, samples, seeds, randomSeed }, { codeVersion });
        expect(trials).toHaveLength(grid.length * samples * seeds.length);
        expect(new Set(trials.map((t) => t.id)).size).toBe(trials.length);
        // A sample is one draw, the same at every grid point and seed: that of its trial at the first grid point.
        const sampledValues = (t: (typeof trials)[number]) => sampled.map(([path]) => t.axes[path]);
        for (const t of trials) expect(sampledValues(t)).toEqual(sampledValues(trials[t.sample! * seeds.length]!));
      }),
      { numRuns: 100, seed: 20261129 },
    );
  });
});

describe('samples: the spec rules', () => {
  const errorOf = (input: SweepSpecInput) => {
    try {
      plan(input, { codeVersion });
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      return (error as Error).message;
    }
    throw new Error('expected the spec to be rejected');
  };

  it('requires count on a random axis when there are no samples, naming both fixes', () => {
    expect(errorOf({ name: 's', axes: { 'optimizer.lr': lr } })).toBe(
      "sweep spec: axes.optimizer.lr.count: required without a top-level 'samples': set count: n to cross n draws with the other axes, or add samples: N to draw every random axis without count jointly N times",
    );
  });

  it('rejects samples when no random axis is left to sample', () => {
    expect(errorOf({ name: 's', axes: { a: [1, 2], b: { random: { uniform: [0, 1] }, count: 2 } }, samples: 3 })).toBe(
      'sweep spec: samples: no random axis to sample: every sample would repeat the same trials; add a random axis without count, or drop samples',
    );
  });

  it('rejects a samples count that is not a positive integer', () => {
    expect(errorOf({ name: 's', axes: { 'optimizer.lr': lr }, samples: 0 })).toMatch(/^sweep spec: samples: /);
  });
});
