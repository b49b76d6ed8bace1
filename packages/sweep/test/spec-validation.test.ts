// Spec errors name the spec path and say what was expected.
import { describe, expect, it } from 'vitest';

import { parseSweepSpec, parseSweepYaml, SpecError } from '@clusterlens/sweep';

function errorOf(input: unknown): string {
  try {
    parseSweepSpec(input, 'spec.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as Error).message;
  }
  throw new Error('expected the spec to be rejected');
}

describe('sweep spec validation', () => {
  it('fills the defaults', () => {
    const spec = parseSweepSpec({ name: 'a' });
    expect(spec).toMatchObject({ name: 'a', trial: 'clusterlens', base: {}, axes: {}, seeds: [0], seedPath: 'seed', interventions: { baseline: {} }, randomSeed: 0, threadsPerTrial: 1, maxAttempts: 2 });
    expect(spec.concurrency).toBeUndefined();
  });

  it('is idempotent: a parsed spec parses to itself', () => {
    const spec = parseSweepSpec({ name: 'a', axes: { 'optimizer.lr': { random: { logUniform: [1e-4, 1e-2] }, count: 3 }, x: [1, 2] }, seeds: { count: 2, start: 5 } });
    expect(parseSweepSpec(spec)).toEqual(spec);
    expect(spec.seeds).toEqual([5, 6]);
  });

  it('names an unknown distribution under axes.<path>.random', () => {
    expect(errorOf({ name: 'a', axes: { 'optimizer.lr': { random: { normal: [0, 1] }, count: 2 } } })).toBe(
      'spec.yaml: axes.optimizer.lr.random: expected uniform, logUniform or choice, got normal',
    );
  });

  it('requires the name, with what it is for', () => {
    expect(errorOf({})).toMatch(/^spec\.yaml: name: required: the sweep name/);
    expect(errorOf({ name: 'a b' })).toMatch(/^spec\.yaml: name: use letters, digits/);
  });

  it('reports every problem, one line each', () => {
    const message = errorOf({ name: 'a', seeds: [0, 0], threadsPerTrial: 0, axis: {} });
    const lines = message.split('\n');
    expect(lines).toContain('spec.yaml: seeds[1]: duplicate seed 0');
    expect(lines.some((l) => l.startsWith('spec.yaml: threadsPerTrial: '))).toBe(true);
    expect(lines.some((l) => l.startsWith("spec.yaml: (root): unknown key 'axis' (a sweep spec has name, trial, base, axes"))).toBe(true);
  });

  it('checks ranges of random axes', () => {
    expect(errorOf({ name: 'a', axes: { lr: { random: { uniform: [2, 1] }, count: 2 } } })).toBe('spec.yaml: axes.lr.random.uniform: expected [low, high] with low < high');
    expect(errorOf({ name: 'a', axes: { lr: { random: { logUniform: [0, 1] }, count: 2 } } })).toMatch(/^spec\.yaml: axes\.lr\.random\.logUniform: a log-uniform range must be positive/);
    expect(errorOf({ name: 'a', axes: { lr: { random: { uniform: [0, 1] } } } })).toMatch(/^spec\.yaml: axes\.lr\.count: /);
    expect(errorOf({ name: 'a', axes: { lr: { random: { choice: [1, 2] }, count: 3 } } })).toMatch(/^spec\.yaml: axes\.lr\.count: 3 draws from 2 choices would repeat a value/);
  });

  it('rejects grids that would repeat a trial, and axis values of the wrong shape', () => {
    expect(errorOf({ name: 'a', axes: { lr: [0.1, 0.2, 0.1] } })).toBe('spec.yaml: axes.lr[2]: duplicate value 0.1');
    expect(errorOf({ name: 'a', axes: { lr: [] } })).toBe('spec.yaml: axes.lr: expected at least one value');
    expect(errorOf({ name: 'a', axes: { lr: 0.1 } })).toMatch(/^spec\.yaml: axes\.lr: expected a list of values \(a grid\) or \{ random/);
    expect(errorOf({ name: 'a', axes: { 'optimizer..lr': [1] } })).toMatch(/^spec\.yaml: axes\.optimizer\.\.lr: expected a config path/);
  });

  it('rejects axes that the seeds, another axis or an intervention would override', () => {
    expect(errorOf({ name: 'a', axes: { seed: [1, 2] } })).toBe("spec.yaml: axes.seed: 'seed' is the seed path; list seeds under 'seeds' instead");
    expect(errorOf({ name: 'a', axes: { optimizer: [{ lr: 1 }], 'optimizer.lr': [1, 2] } })).toBe("spec.yaml: axes.optimizer.lr: overlaps axis 'optimizer'; one axis cannot vary inside another");
    expect(errorOf({ name: 'a', axes: { 'optimizer.lr': [1, 2] }, interventions: { hot: { optimizer: { lr: 5 } } } })).toBe(
      "spec.yaml: interventions.hot.optimizer.lr: is set by axis 'optimizer.lr', which overrides it; drop one of them",
    );
  });

  it('validates seeds in both forms', () => {
    expect(errorOf({ name: 'a', seeds: { count: 0 } })).toMatch(/^spec\.yaml: seeds\.count: /);
    expect(errorOf({ name: 'a', seeds: { count: 2, stop: 3 } })).toBe("spec.yaml: seeds: unknown key 'stop'");
    expect(errorOf({ name: 'a', seeds: -1 })).toMatch(/^spec\.yaml: seeds: expected a list of seeds/);
    expect(errorOf({ name: 'a', seeds: [0, 1.5] })).toMatch(/^spec\.yaml: seeds\[1\]: /);
  });

  it('reads YAML, where an empty intervention means no change', () => {
    const spec = parseSweepYaml('name: y\ninterventions:\n  baseline:\n  hot: { optimizer: { lr: 0.01 } }\n', 'y.yaml');
    expect(spec.interventions).toEqual({ baseline: {}, hot: { optimizer: { lr: 0.01 } } });
    expect(() => parseSweepYaml('name: [', 'bad.yaml')).toThrow(/^bad\.yaml: not valid YAML/);
  });
});
