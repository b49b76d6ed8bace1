// When task clusters form during training, read off one ARI-vs-step curve (one seed, layer and split).
import { checkCurve, type Curve } from './curve.js';
import { checkPositiveInteger, type NanPolicyOption } from './sample-checks.js';
import { stepsToThresholdOf } from './steps-to-threshold.js';

export const CLUSTER_DYNAMICS_DEFAULTS = {
  saturationFraction: 0.95,
  finalPoints: 1,
  interpolate: false,
};

export interface ClusterDynamicsOptions extends NanPolicyOption {
  /** The level whose first crossing marks emergence (in the metric's units, e.g. ARI 0.5). Required. */
  emergenceThreshold: number;
  /** Interpolate the emergence step between measured steps (see stepsToThreshold). Default false. */
  interpolate?: boolean;
  /** Saturation is the first step at or above this fraction of the final value. Default 0.95. */
  saturationFraction?: number;
  /** The final value is the mean of this many last points (smooths a noisy end). Default 1. */
  finalPoints?: number;
}

export interface ClusterDynamics {
  /** First step at which the curve reaches emergenceThreshold; null if it never does. */
  emergenceStep: number | null;
  /**
   * First measured step whose value is >= saturationFraction · finalValue; null if none is (possible only
   * when finalValue < 0). For a curve that stays near 0 (layer 0) this is an early step and means little.
   */
  saturationStep: number | null;
  /** Mean of the last finalPoints values. */
  finalValue: number;
  /** Largest finite-difference slope (value change per step) between consecutive measured points. */
  steepestSlope: number;
  /** The steps the steepest slope lies between (the first such pair on ties). */
  steepestSlopeFrom: number;
  steepestSlopeTo: number;
}

/** Emergence, saturation and steepest rise of one curve; needs at least 2 points. */
export function clusterDynamics(curve: Curve, options: ClusterDynamicsOptions): ClusterDynamics {
  const {
    emergenceThreshold,
    interpolate = CLUSTER_DYNAMICS_DEFAULTS.interpolate,
    saturationFraction = CLUSTER_DYNAMICS_DEFAULTS.saturationFraction,
    finalPoints = CLUSTER_DYNAMICS_DEFAULTS.finalPoints,
  } = options;
  if (typeof emergenceThreshold !== 'number' || !Number.isFinite(emergenceThreshold)) {
    throw new RangeError(`emergenceThreshold: expected a finite number, got ${String(emergenceThreshold)}`);
  }
  if (typeof saturationFraction !== 'number' || !(saturationFraction > 0 && saturationFraction <= 1)) {
    throw new RangeError(`saturationFraction: expected a number in (0, 1], got ${String(saturationFraction)}`);
  }
  checkPositiveInteger(finalPoints, 'finalPoints');
  const checked = checkCurve(curve, 'curve', { nanPolicy: options.nanPolicy, minPoints: 2 });
  const { steps, values } = checked;
  const n = steps.length;
  if (finalPoints > n) throw new RangeError(`finalPoints: ${finalPoints} is more than the curve's ${n} points`);

  let finalSum = 0;
  for (let i = n - finalPoints; i < n; i++) finalSum += values[i];
  const finalValue = finalSum / finalPoints;

  let saturationStep: number | null = null;
  const saturationLevel = saturationFraction * finalValue;
  for (let i = 0; i < n; i++) {
    if (values[i] >= saturationLevel) {
      saturationStep = steps[i];
      break;
    }
  }

  let steepest = 0;
  let steepestSlope = -Infinity;
  for (let i = 0; i + 1 < n; i++) {
    const slope = (values[i + 1] - values[i]) / (steps[i + 1] - steps[i]);
    if (slope > steepestSlope) {
      steepestSlope = slope;
      steepest = i;
    }
  }

  return {
    emergenceStep: stepsToThresholdOf(checked, emergenceThreshold, interpolate),
    saturationStep,
    finalValue,
    steepestSlope,
    steepestSlopeFrom: steps[steepest],
    steepestSlopeTo: steps[steepest + 1],
  };
}
