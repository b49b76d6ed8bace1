import { describe, expect, it } from 'vitest';

import { buildSuite } from '@clusterlens/tasks';

describe('synthetic task functions', () => {
  it('lookup: one set of inputs shared by all tasks, each mapped injectively, no two maps alike', () => {
    const suite = buildSuite({ kind: 'synthetic', seed: 2 });
    const inputSets = suite.tasks.map((task) => task.function.pairs.map(([input]) => input));
    for (const inputs of inputSets) {
      expect(inputs).toEqual(inputSets[0]);
      expect(new Set(inputs).size).toBe(5);
    }
    const maps = suite.tasks.map((task) => task.function.pairs.map(([, output]) => output));
    for (const outputs of maps) {
      expect(new Set(outputs).size).toBe(outputs.length);
      for (const output of outputs) expect(output).toBeLessThan(20);
    }
    expect(new Set(maps.map((m) => m.join(','))).size).toBe(8);
    for (const task of suite.tasks) {
      expect(task.trainInputs).toEqual(inputSets[0]);
      expect(task.heldOutInputs).toEqual([]);
    }
  });

  it('rule: y = (x + k) mod X over all inputs, with distinct offsets', () => {
    const suite = buildSuite({ kind: 'synthetic', seed: 2, family: 'rule' });
    const offsets = suite.tasks.map((task) => (task.function.family === 'rule' ? task.function.offset : -1));
    expect(new Set(offsets).size).toBe(8);
    for (const task of suite.tasks) {
      const fn = task.function;
      if (fn.family !== 'rule') throw new Error('expected a rule task');
      expect(fn.modulus).toBe(20);
      expect(fn.pairs).toEqual(Array.from({ length: 20 }, (_, x) => [x, (x + fn.offset) % 20]));
    }
  });

  it('rule: each task holds out heldOutInputsPerTask inputs and trains on the rest', () => {
    const suite = buildSuite({ kind: 'synthetic', seed: 2, family: 'rule', heldOutInputsPerTask: 3 });
    for (const task of suite.tasks) {
      expect(task.heldOutInputs).toHaveLength(3);
      expect([...task.trainInputs, ...task.heldOutInputs].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i),
      );
    }
  });

  it('outputs cannot be predicted from the input alone: tasks disagree on shared inputs', () => {
    const suite = buildSuite({ kind: 'synthetic', seed: 2 });
    const outputsOf = new Map<number, Set<number>>();
    for (const instance of suite.split('train')) {
      outputsOf.set(instance.input, (outputsOf.get(instance.input) ?? new Set()).add(instance.output));
    }
    for (const outputs of outputsOf.values()) expect(outputs.size).toBeGreaterThan(1);
  });
});
