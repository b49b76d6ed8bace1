// Intervention comparisons the rliable way (Agarwal et al., 2021; claim C6): one interval per (outcome, condition),
// one panel per outcome, for the interquartile mean of each condition and for the probability that a condition's run
// beats a baseline run.
import type { TopLevelSpec } from 'vega-lite';

import { CATEGORY_SCHEME, FIGURE_CONFIG, specNumber, VEGA_LITE_SCHEMA, wrapColumns, type Figure } from './render.js';

// ------------------------------------------------------------------------------------------------ panels

/** An estimate with its interval for one condition on one outcome. */
export interface OutcomeInterval {
  outcome: string;
  condition: string;
  estimate: number;
  low: number;
  high: number;
  /** Runs behind the estimate (over all strata). */
  n: number;
}

interface OutcomePanelsOptions {
  title: string;
  subtitle: string;
  estimateLabel: string;
  outcomes: readonly string[];
  conditions: readonly string[];
  /** Shared x scale (probabilities) or one per panel (outcomes in different units). */
  xDomain?: [number, number];
  /** A dashed reference line (0.5 for probability of improvement). */
  reference?: number;
}

/** Width of one outcome's panel, without its axis of condition names. */
const PANEL_WIDTH = 380;

function outcomePanelsSpec(rows: readonly OutcomeInterval[], options: OutcomePanelsOptions): TopLevelSpec {
  const { title, subtitle, estimateLabel, outcomes, conditions, xDomain, reference } = options;
  const values = rows.map((r) => ({
    outcome: r.outcome,
    condition: r.condition,
    n: r.n,
    estimate: specNumber(r.estimate),
    low: specNumber(r.low),
    high: specNumber(r.high),
  }));
  // Padding (pixels) keeps estimates at the ends of the domain (P = 1, identical step counts) off the frame.
  const scale = xDomain ? { domain: xDomain, padding: 10 } : { zero: false, padding: 10 };
  // Few ticks, dropped where they would collide: step counts and 3-decimal ranges otherwise run together.
  const axis = { tickCount: 5, labelOverlap: 'greedy' as const };
  const y = { field: 'condition', type: 'nominal', sort: [...conditions], title: null } as const;
  const color = { field: 'condition', type: 'nominal', sort: [...conditions], scale: { scheme: CATEGORY_SCHEME }, legend: null } as const;
  const referenceLayer =
    reference === undefined
      ? []
      : [{ mark: { type: 'rule' as const, strokeDash: [4, 3], color: '#888888' }, encoding: { x: { datum: reference, type: 'quantitative' as const, scale } } }];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle },
    data: { values },
    facet: {
      field: 'outcome',
      type: 'nominal',
      sort: [...outcomes],
      title: null,
      header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold', labelLimit: 600 },
    },
    // Each panel carries its own axis of condition names (up to 180 units): wrapped as fits.
    columns: wrapColumns(outcomes.length, PANEL_WIDTH, { panelMargin: 220 }),
    spec: {
      width: PANEL_WIDTH,
      height: { step: 22 },
      layer: [
        ...referenceLayer,
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: { x: { field: 'low', type: 'quantitative', title: estimateLabel, scale, axis }, x2: { field: 'high' }, y, color },
        },
        {
          params: [{ name: 'zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
          mark: { type: 'point', filled: true, size: 60 },
          encoding: {
            x: { field: 'estimate', type: 'quantitative', title: estimateLabel, scale, axis },
            y,
            color,
            tooltip: [
              { field: 'outcome', type: 'nominal' },
              { field: 'condition', type: 'nominal' },
              { field: 'estimate', type: 'quantitative', title: estimateLabel, format: '.3~f' },
              { field: 'low', type: 'quantitative', title: '95% low', format: '.3~f' },
              { field: 'high', type: 'quantitative', title: '95% high', format: '.3~f' },
              { field: 'n', type: 'quantitative', title: 'runs' },
            ],
          },
        },
      ],
    },
    resolve: xDomain ? undefined : { scale: { x: 'independent' }, axis: { x: 'independent' } },
    config: FIGURE_CONFIG,
  };
}

// ------------------------------------------------------------------------------------------------ interquartile mean

// The interquartile mean of each condition on each outcome, with its stratified-bootstrap interval.

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

// ------------------------------------------------------------------------------------------------ probability of improvement

// How likely a run of an intervention beats a run of the baseline on an outcome, with its stratified-bootstrap
// interval. 0.5 means no difference.

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
