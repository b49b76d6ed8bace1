// The auxiliary clustering losses as pure functions of labelled states: values on cases worked out by hand, gradients
// against central finite differences in float64, and the batches on which each is undefined.
import { describe, expect, it } from 'vitest';

import { Random } from '@clusterlens/schema';

import { centreLoss, supconLoss, type LabelledStates, type StatesLoss } from '../src/auxiliary-loss/index.js';

const C = 5;
// 13 states of 4 tasks; task 3 has a single state (an anchor without positives, still a negative for the others).
const TASKS = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 3];

function randomStates(seed: number, n: number): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length: n * C }, () => random.normal());
}

/** d loss / d states by central differences, each state value moved by +-h. */
function finiteDifferenceGrad(lossOf: (states: Float64Array) => number, states: Float64Array, h = 1e-5): Float64Array {
  return Float64Array.from(states, (_, i) => {
    const plus = Float64Array.from(states);
    const minus = Float64Array.from(states);
    plus[i] += h;
    minus[i] -= h;
    return (lossOf(plus) - lossOf(minus)) / (2 * h);
  });
}

function relativeError(got: Float64Array, want: Float64Array): number {
  let diff = 0;
  let norm = 0;
  want.forEach((w, i) => {
    diff += (got[i] - w) ** 2;
    norm += w ** 2;
  });
  return Math.sqrt(diff / norm);
}

function expectGradientMatchesFiniteDifferences(loss: (input: LabelledStates) => StatesLoss, seed: number): void {
  const states = randomStates(seed, TASKS.length);
  const analytic = loss({ states, tasks: TASKS, C }).grad;
  const numeric = finiteDifferenceGrad((s) => loss({ states: s, tasks: TASKS, C }).loss, states);
  expect(relativeError(analytic, numeric)).toBeLessThan(1e-7);
}

const zeros = (n: number) => Array.from({ length: n }, () => 0);

describe('supconLoss', () => {
  it('gives log(e^(1/tau) + 2) - 1/tau on two tasks of two equal unit states, orthogonal between tasks', () => {
    // Each anchor: one positive at similarity 1/tau, two negatives at 0.
    const states = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0];
    const tau = 0.5;
    expect(supconLoss({ states, tasks: [0, 0, 1, 1], C }, tau).loss).toBeCloseTo(Math.log(Math.exp(1 / tau) + 2) - 1 / tau, 12);
  });

  it('normalises states: scaling one state leaves the loss unchanged', () => {
    const states = randomStates(1, TASKS.length);
    const scaled = Float64Array.from(states, (x, i) => (i < C ? 7 * x : x));
    expect(supconLoss({ states: scaled, tasks: TASKS, C }, 0.1).loss).toBeCloseTo(supconLoss({ states, tasks: TASKS, C }, 0.1).loss, 12);
  });

  it('has the gradient of central finite differences at temperature 0.1', () => {
    expectGradientMatchesFiniteDifferences((input) => supconLoss(input, 0.1), 2);
  });

  it('has the gradient of central finite differences at temperature 1', () => {
    expectGradientMatchesFiniteDifferences((input) => supconLoss(input, 1), 3);
  });

  it('is 0 with a zero gradient when no state has a positive (every task once)', () => {
    const result = supconLoss({ states: randomStates(4, 4), tasks: [0, 1, 2, 3], C }, 0.1);
    expect(result.loss).toBe(0);
    expect([...result.grad]).toEqual(zeros(4 * C));
  });

  it('is 0 with a zero gradient on a single state', () => {
    const result = supconLoss({ states: randomStates(5, 1), tasks: [0], C }, 0.1);
    expect(result.loss).toBe(0);
    expect([...result.grad]).toEqual(zeros(C));
  });

  it('rejects a temperature that is not positive', () => {
    expect(() => supconLoss({ states: randomStates(6, 2), tasks: [0, 0], C }, 0)).toThrow(/temperature must be positive/);
  });
});

describe('centreLoss', () => {
  it('is the within-task sum of squares over the total sum of squares', () => {
    // One dimension used: task 0 at 0 and 2 (mean 1), task 1 at 10 and 12 (mean 11); batch mean 6.
    const states = [0, 2, 10, 12].flatMap((x) => [x, 0, 0, 0, 0]);
    expect(centreLoss({ states, tasks: [0, 0, 1, 1], C }).loss).toBeCloseTo(4 / (36 + 16 + 16 + 36), 14);
  });

  it('is unchanged when every state is scaled and shifted alike', () => {
    const states = randomStates(7, TASKS.length);
    const moved = Float64Array.from(states, (x, i) => 0.01 * x + (i % C));
    expect(centreLoss({ states: moved, tasks: TASKS, C }).loss).toBeCloseTo(centreLoss({ states, tasks: TASKS, C }).loss, 12);
  });

  it('has the gradient of central finite differences', () => {
    expectGradientMatchesFiniteDifferences(centreLoss, 8);
  });

  it('is 0 with a zero gradient when the batch holds one task only', () => {
    const result = centreLoss({ states: randomStates(9, 6), tasks: [2, 2, 2, 2, 2, 2], C });
    expect(result.loss).toBe(0);
    expect([...result.grad]).toEqual(zeros(6 * C));
  });

  it('is 0 with a zero gradient when every state is the same', () => {
    const result = centreLoss({ states: Array.from({ length: 4 * C }, (_, i) => i % C), tasks: [0, 1, 0, 1], C });
    expect(result.loss).toBe(0);
    expect([...result.grad]).toEqual(zeros(4 * C));
  });

  it('rejects states and tasks of different counts, naming both', () => {
    expect(() => centreLoss({ states: randomStates(10, 3), tasks: [0, 1], C })).toThrow(/15 state values are not 2 tasks x C=5/);
  });
});
