// Area under a curve over training steps (scipy.integrate.trapezoid(values, steps)).
import { checkCurve, type Curve } from './curve.js';
import type { NanPolicyOption } from './sample-checks.js';

export interface AreaUnderCurveOptions extends NanPolicyOption {
  /**
   * Divide by the step range (last - first): the curve's average value over training, comparable between
   * runs evaluated over different step ranges. Default false.
   */
  normalize?: boolean;
}

/** Trapezoid rule over the measured steps; needs at least 2 points. */
export function areaUnderCurve(curve: Curve, options: AreaUnderCurveOptions = {}): number {
  const { steps, values } = checkCurve(curve, 'curve', { nanPolicy: options.nanPolicy, minPoints: 2 });
  let area = 0;
  for (let i = 1; i < steps.length; i++) area += ((steps[i] - steps[i - 1]) * (values[i] + values[i - 1])) / 2;
  return options.normalize ? area / (steps[steps.length - 1] - steps[0]) : area;
}
