// rliable's probability of improvement (claim C6): how likely a run of an intervention beats a run of the
// baseline on an outcome, with its stratified-bootstrap interval. 0.5 means no difference.
import type { Figure } from './figure.js';
import { outcomePanelsSpec, type OutcomeInterval } from './outcome-intervals.js';

export interface ImprovementFigureOptions {
  name?: string;
  baseline: string;
  outcomes?: readonly string[];
  conditions?: readonly string[];
}

export function probabilityOfImprovementFigure(rows: readonly OutcomeInterval[], options: ImprovementFigureOptions): Figure {
  const { name = 'probability-of-improvement', baseline } = options;
  if (rows.length === 0) throw new RangeError(`${name}: no intervals to plot`);
  const outcomes = options.outcomes ?? [...new Set(rows.map((r) => r.outcome))];
  const conditions = options.conditions ?? [...new Set(rows.map((r) => r.condition))];
  const title = `Probability of improvement over ${baseline}`;
  return {
    name,
    title,
    caption:
      `P(X > Y): the probability that a run of the condition scores better than a run of ${baseline} on the ` +
      'outcome (Mann-Whitney U / (n_x n_y), averaged over strata; for outcomes where lower is better, lower ' +
      'counts as better), with 95% stratified-bootstrap intervals. The dashed line at 0.5 is no difference.',
    spec: outcomePanelsSpec(rows, {
      title,
      subtitle: 'point: P(condition better than baseline); bar: 95% stratified-bootstrap interval',
      estimateLabel: 'P(improvement)',
      outcomes,
      conditions,
      xDomain: [0, 1],
      reference: 0.5,
    }),
  };
}
