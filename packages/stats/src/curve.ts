// A metric over training: values at increasing steps (one seed, one layer, one split).
import type { NanPolicy } from './sample-checks.js';

export interface Curve {
  /** Training steps, strictly increasing. */
  steps: ArrayLike<number>;
  /** The metric at each step. */
  values: ArrayLike<number>;
}

export interface CheckedCurve {
  steps: Float64Array;
  values: Float64Array;
}

/**
 * A curve with finite, strictly increasing steps and finite values; with nanPolicy 'omit' the points whose
 * value is NaN are left out (the curve is then read as if they had not been measured).
 */
export function checkCurve(
  curve: Curve,
  name: string,
  { nanPolicy = 'raise', minPoints = 1 }: { nanPolicy?: NanPolicy; minPoints?: number } = {},
): CheckedCurve {
  if (curve === null || typeof curve !== 'object' || !curve.steps || !curve.values) {
    throw new TypeError(`${name}: expected { steps, values }`);
  }
  const { steps, values } = curve;
  if (steps.length !== values.length) {
    throw new RangeError(`${name}: ${steps.length} steps but ${values.length} values`);
  }
  const keptSteps: number[] = [];
  const keptValues: number[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const value = values[i];
    if (typeof step !== 'number' || !Number.isFinite(step)) {
      throw new RangeError(`${name}.steps[${i}]: expected a finite number, got ${String(step)}`);
    }
    if (i > 0 && !(step > steps[i - 1])) {
      throw new RangeError(
        `${name}.steps[${i}] = ${step} does not increase on ${steps[i - 1]}: a curve needs one point per step, ` +
          'sorted (group the rows by every key that tells curves apart, e.g. seed, layer and split)',
      );
    }
    if (typeof value !== 'number') throw new TypeError(`${name}.values[${i}]: expected a number, got ${String(value)}`);
    if (Number.isNaN(value)) {
      if (nanPolicy === 'raise') {
        throw new RangeError(`${name}.values[${i}] (step ${step}) is NaN (pass nanPolicy: 'omit' to leave the point out)`);
      }
      continue;
    }
    if (!Number.isFinite(value)) throw new RangeError(`${name}.values[${i}] (step ${step}) is ${value}`);
    keptSteps.push(step);
    keptValues.push(value);
  }
  if (keptSteps.length < minPoints) {
    throw new RangeError(`${name}: needs at least ${minPoints} point${minPoints === 1 ? '' : 's'}, got ${keptSteps.length}`);
  }
  return { steps: Float64Array.from(keptSteps), values: Float64Array.from(keptValues) };
}
