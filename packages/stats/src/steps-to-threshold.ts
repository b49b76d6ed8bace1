// How long a curve takes to reach a level (PROTOCOL section 6: steps to reach 95% output accuracy).
import { checkCurve, type CheckedCurve, type Curve } from './curve.js';
import type { NanPolicyOption } from './sample-checks.js';

export interface StepsToThresholdOptions extends NanPolicyOption {
  /**
   * false (default): the first measured step whose value is >= threshold. true: the step where the straight
   * line between the last point below and the first point at or above the threshold crosses it (the first
   * step itself when the curve starts at or above the threshold).
   */
  interpolate?: boolean;
}

/** stepsToThreshold on a checked curve. */
export function stepsToThresholdOf(curve: CheckedCurve, threshold: number, interpolate: boolean): number | null {
  const { steps, values } = curve;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < threshold) continue;
    if (!interpolate || i === 0) return steps[i];
    const fraction = (threshold - values[i - 1]) / (values[i] - values[i - 1]);
    return steps[i - 1] + fraction * (steps[i] - steps[i - 1]);
  }
  return null;
}

/** The first step at which the curve reaches >= threshold, or null when it never does. */
export function stepsToThreshold(curve: Curve, threshold: number, options: StepsToThresholdOptions = {}): number | null {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    throw new RangeError(`threshold: expected a finite number, got ${String(threshold)}`);
  }
  return stepsToThresholdOf(checkCurve(curve, 'curve', { nanPolicy: options.nanPolicy }), threshold, options.interpolate ?? false);
}
