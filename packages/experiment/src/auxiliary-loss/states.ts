// What every auxiliary clustering loss takes and gives: N states of C dimensions with their task labels.

/** A loss's value and its gradient with respect to the states (N x C, row-major), both in float64. */
export interface StatesLoss {
  loss: number;
  grad: Float64Array;
}

/** N states of C dimensions (row-major) and each one's task. */
export interface LabelledStates {
  states: ArrayLike<number>;
  tasks: ArrayLike<number>;
  /** The dimension of a state. */
  C: number;
}

/** The loss of a batch on which it is undefined: 0, with a zero gradient, so such a step trains the plain loss only. */
export function undefinedLoss(n: number, C: number): StatesLoss {
  return { loss: 0, grad: new Float64Array(n * C) };
}

/** The number of states; throws when states and tasks disagree. */
export function stateCount({ states, tasks, C }: LabelledStates): number {
  if (!Number.isInteger(C) || C < 1 || states.length % C !== 0 || states.length / C !== tasks.length) {
    throw new RangeError(`auxiliary loss: ${states.length} state values are not ${tasks.length} tasks x C=${C}`);
  }
  return tasks.length;
}
