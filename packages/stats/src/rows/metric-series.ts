// Rows pivoted into curves: one metric over steps per combination of keys (e.g. ARI vs step per
// (split, layer, seed)).
import type { Curve } from '../curve.js';
import { groupBy } from './group-by.js';
import { describeKey } from './key-values.js';
import type { Cell, Row } from './row.js';

export interface Series extends Curve {
  /** The keys' values for this curve. */
  key: Record<string, Cell>;
  steps: number[];
  values: number[];
}

export interface MetricSeriesOptions {
  /** Keep only rows of this metric (matched against the `metric` field). Omit when rows are already one metric. */
  metric?: string;
  /** The fields that tell curves apart, e.g. ['split', 'layer', 'seed']. */
  keys: readonly string[];
}

/**
 * One curve per combination of `keys`, points sorted by step. Two rows with the same key and step mean a
 * key is missing (two seeds or interventions mixed into one curve), which is an error naming the key.
 */
export function metricSeries(rows: readonly Row[], { metric, keys }: MetricSeriesOptions): Series[] {
  const selected = metric === undefined ? rows : rows.filter((row) => row.metric === metric);
  return groupBy(selected, keys).map(({ key, rows: groupRows }) => {
    const points = groupRows.map((row, i) => {
      const { step, value } = row;
      if (typeof step !== 'number' || !Number.isFinite(step)) {
        throw new TypeError(`row ${describeKey(key)} #${i}: step must be a finite number, got ${String(step)}`);
      }
      if (typeof value !== 'number') {
        throw new TypeError(`row ${describeKey(key)} at step ${step}: value must be a number, got ${String(value)}`);
      }
      return { step, value };
    });
    points.sort((a, b) => a.step - b.step);
    for (let i = 1; i < points.length; i++) {
      if (points[i].step === points[i - 1].step) {
        throw new RangeError(
          `series ${describeKey(key)}${metric === undefined ? '' : ` of ${metric}`} has two rows at step ${points[i].step}: ` +
            'add the field that tells them apart (e.g. seed, trial, split or metric) to keys',
        );
      }
    }
    return { key, steps: points.map((p) => p.step), values: points.map((p) => p.value) };
  });
}
