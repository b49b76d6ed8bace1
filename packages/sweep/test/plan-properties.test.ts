// Properties of the planner over random specs (fast-check): deterministic, the right count, one id per config.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalJson, plan, trialId, type SweepSpecInput } from '@clusterlens/sweep';

/** Paths that never overlap one another or the seed path. */
const PATHS = ['optimizer.lr', 'optimizer.beta1', 'model.nLayer', 'training.steps', 'data.kind', 'probe.position'];

const scalar = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.string({ maxLength: 6 }), fc.boolean());
const gridAxis = fc.uniqueArray(scalar, { minLength: 1, maxLength: 3, selector: (v) => canonicalJson(Object.is(v, -0) ? 0 : v) });
const randomAxis = fc.oneof(
  fc.record({ random: fc.record({ uniform: fc.constant([0, 1] as [number, number]) }), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ random: fc.record({ logUniform: fc.constant([1e-5, 1] as [number, number]) }), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ random: fc.record({ choice: fc.constant(['a', 'b', 'c', 'd']) }), count: fc.integer({ min: 1, max: 4 }) }),
);

const specArb = fc
  .record({
    axes: fc.uniqueArray(fc.tuple(fc.constantFrom(...PATHS), fc.oneof(gridAxis, randomAxis)), { maxLength: 3, selector: ([path]) => path }),
    interventions: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), { minLength: 1, maxLength: 3 }),
    seeds: fc.oneof(fc.uniqueArray(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 4 }), fc.record({ count: fc.integer({ min: 1, max: 4 }), start: fc.nat(100) })),
    randomSeed: fc.nat(1000),
    // Keys starting with 'x' never collide with the axis paths, 'seed' or 'tag'.
    base: fc.dictionary(fc.stringMatching(/^x[a-z]{0,3}$/), scalar, { maxKeys: 3 }),
  })
  .map(
    ({ axes, interventions, seeds, randomSeed, base }): SweepSpecInput => ({
      name: 'prop',
      // `tag` keeps the interventions' configs apart (identical configs are rejected, tested elsewhere).
      interventions: Object.fromEntries(interventions.map((name, i) => [name, { tag: { intervention: i } }])),
      axes: Object.fromEntries(axes),
      seeds,
      randomSeed,
      base: { ...base, seed: 'overwritten by each seed' },
    }),
  );

function axisSize(axis: unknown): number {
  return Array.isArray(axis) ? axis.length : (axis as { count: number }).count;
}

function seedCount(seeds: SweepSpecInput['seeds']): number {
  return Array.isArray(seeds) ? seeds.length : (seeds as { count: number }).count;
}

describe('plan properties', () => {
  it('is deterministic', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        expect(plan(spec, { codeVersion: 'v' })).toEqual(plan(structuredClone(spec), { codeVersion: 'v' }));
      }),
      { numRuns: 100 },
    );
  });

  it('plans |interventions| x product of axis sizes x |seeds| trials', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const expected = Object.keys(spec.interventions!).length * Object.values(spec.axes!).reduce<number>((n, axis) => n * axisSize(axis), 1) * seedCount(spec.seeds);
        expect(plan(spec, { codeVersion: 'v' })).toHaveLength(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('gives distinct configs distinct ids, and each id is the hash of its config', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const trials = plan(spec, { codeVersion: 'v' });
        const configs = new Set(trials.map((t) => canonicalJson(t.config)));
        expect(configs.size).toBe(trials.length);
        expect(new Set(trials.map((t) => t.id)).size).toBe(trials.length);
        for (const t of trials) expect(t.id).toBe(trialId(t.config, 'v'));
      }),
      { numRuns: 100 },
    );
  });

  it("writes each trial's axis values and seed into its config", () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        for (const trial of plan(spec, { codeVersion: 'v' })) {
          expect(trial.config.seed).toBe(trial.seed);
          for (const [path, value] of Object.entries(trial.axes)) {
            const found = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], trial.config);
            expect(found).toEqual(value);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
