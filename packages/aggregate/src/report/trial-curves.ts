// Each trial's curves (one metric of one split and layer over steps), looked up by name. Points whose value is
// NaN (a metric undefined at that step) are left out, as the NaN policy 'omit' does.
import type { Row } from '../rows/row.js';
import { metricSeries } from '../rows/metric-series.js';
import type { CheckedCurve } from '../stats/curve.js';

export class TrialCurves {
  readonly #curves = new Map<string, CheckedCurve>();
  readonly #lastValues = new Map<string, number>();

  constructor(rows: readonly Row[], metrics: readonly string[]) {
    const wanted = new Set(metrics);
    const selected = rows.filter((row) => wanted.has(row.metric as string));
    for (const series of metricSeries(selected, { keys: ['trial', 'metric', 'split', 'layer'] })) {
      const steps: number[] = [];
      const values: number[] = [];
      series.values.forEach((value, i) => {
        if (Number.isNaN(value)) return;
        steps.push(series.steps[i]);
        values.push(value);
      });
      const { trial, metric, split, layer } = series.key;
      const key = TrialCurves.#key(trial as string, metric as string, split as string, layer as number | null);
      this.#lastValues.set(key, series.values[series.values.length - 1]);
      if (steps.length === 0) continue;
      this.#curves.set(key, { steps: Float64Array.from(steps), values: Float64Array.from(values) });
    }
  }

  static #key(trial: string, metric: string, split: string, layer: number | null): string {
    return JSON.stringify([trial, metric, split, layer]);
  }

  /** The curve without its NaN points; undefined when nothing was measured. */
  get(trial: string, metric: string, split: string, layer: number | null): CheckedCurve | undefined {
    return this.#curves.get(TrialCurves.#key(trial, metric, split, layer));
  }

  /**
   * The value at the last measured step, NaN included: an outcome "at the end of training" must not fall back to
   * an earlier step when the metric is undefined at the last one.
   */
  lastValue(trial: string, metric: string, split: string, layer: number | null): number | undefined {
    return this.#lastValues.get(TrialCurves.#key(trial, metric, split, layer));
  }
}

/** The value at the curve's last step. */
export function finalValue(curve: CheckedCurve): number {
  return curve.values[curve.values.length - 1];
}

/** The value at the curve's first step. */
export function initialValue(curve: CheckedCurve): number {
  return curve.values[0];
}

/**
 * The value at the last measured step no later than `fraction` of the way from the first step to the last:
 * with 0.75, where the curve stood when three quarters of training were done.
 */
export function valueAtFraction(curve: CheckedCurve, fraction: number): number {
  const { steps, values } = curve;
  const at = steps[0] + fraction * (steps[steps.length - 1] - steps[0]);
  let i = 0;
  while (i + 1 < steps.length && steps[i + 1] <= at) i++;
  return values[i];
}
