// Intervention comparisons the rliable way (Agarwal et al., 2021; claim C6): the interquartile mean of each
// condition on each outcome with its stratified-bootstrap interval.
import type { Figure } from './figure.js';
import { outcomePanelsSpec, type OutcomeInterval } from './outcome-intervals.js';

export interface IqmFigureOptions {
  name?: string;
  outcomes?: readonly string[];
  conditions?: readonly string[];
}

export function interventionIqmFigure(rows: readonly OutcomeInterval[], options: IqmFigureOptions = {}): Figure {
  const { name = 'intervention-iqm' } = options;
  if (rows.length === 0) throw new RangeError(`${name}: no intervals to plot`);
  const outcomes = options.outcomes ?? [...new Set(rows.map((r) => r.outcome))];
  const conditions = options.conditions ?? [...new Set(rows.map((r) => r.condition))];
  const title = 'Interquartile mean by intervention';
  return {
    name,
    title,
    caption:
      'Interquartile mean (IQM: mean of the middle half of all runs, pooled over strata) of each outcome per ' +
      'condition, with 95% stratified-bootstrap percentile intervals (runs resampled within each stratum). ' +
      'Each panel has its own scale; drag or scroll to zoom.',
    spec: outcomePanelsSpec(rows, {
      title,
      subtitle: 'point: IQM across seeds; bar: 95% stratified-bootstrap interval',
      estimateLabel: 'IQM',
      outcomes,
      conditions,
    }),
  };
}
