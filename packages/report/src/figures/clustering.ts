// How hidden states cluster by task, in pictures: a clustering metric over training by layer (the paper's main
// figure, claim C1), its final value by depth (claim C2), and the hidden states themselves projected on their first
// two principal components (PROTOCOL section 3).
import type { TopLevelSpec } from 'vega-lite';

import { orderSplits, principalComponents, type PrincipalComponents } from '@clusterlens/stats';

import { CATEGORY_SCHEME, FIGURE_CONFIG, ORDERED_SCHEME, specNumber, VEGA_LITE_SCHEMA, wrapColumns, type Figure } from './render.js';

// ------------------------------------------------------------------------------------------------ means with intervals

// The value axis of the figures with intervals: it spans the means, not the intervals. With few seeds a t-interval
// can run far outside a metric's range (ARI <= 1) and squash every curve into a thin strip; the marks that draw
// intervals are clipped to the plotted range instead.

/**
 * [min(0, lowest mean), highest mean + 5% of the range]: 0 included so that small values read as small, and a
 * little headroom so the highest curve does not run along the frame.
 */
function meanDomain(means: readonly number[]): [number, number] {
  const finite = means.filter((m) => Number.isFinite(m));
  const low = Math.min(0, ...finite);
  const highest = Math.max(...finite, low + 1e-9);
  return [specNumber(low)!, specNumber(highest + 0.05 * (highest - low))!];
}

/** Tooltip fields of a mean with its interval: the mean under `meanTitle`, the interval's ends, the number of seeds. */
function intervalTooltip(meanTitle: string, level: string) {
  return [
    { field: 'mean', type: 'quantitative', title: meanTitle, format: '.3f' },
    { field: 'low', type: 'quantitative', title: `${level} low`, format: '.3f' },
    { field: 'high', type: 'quantitative', title: `${level} high`, format: '.3f' },
    { field: 'n', type: 'quantitative', title: 'seeds' },
  ] as const;
}

// ------------------------------------------------------------------------------------------------ over training

// The paper's main figure (PROTOCOL section 3, claim C1): a clustering metric against training step, one line per
// layer, mean across seeds with its confidence band, one panel per split.

/** One point of a mean curve: the metric at one step, across seeds. */
export interface CurvePoint {
  split: string;
  layer: number;
  step: number;
  /** Seeds averaged. */
  n: number;
  mean: number;
  /** Confidence band; null where it cannot be computed (a single seed). */
  low: number | null;
  high: number | null;
}

export interface CurveFigureOptions {
  /** File stem (default 'ari-over-training'). */
  name?: string;
  /** Axis title of the metric (default 'ARI'). */
  metricLabel?: string;
  /** Shown in the title, e.g. the intervention. */
  condition?: string;
  /** Level of the band, for the subtitle (default 0.95). */
  confidenceLevel?: number;
  /** Panels per row (default 3). */
  columns?: number;
}

export function ariOverTrainingFigure(points: readonly CurvePoint[], options: CurveFigureOptions = {}): Figure {
  const { name = 'ari-over-training', metricLabel = 'ARI', condition, confidenceLevel = 0.95, columns = 3 } = options;
  if (points.length === 0) throw new RangeError(`${name}: no curve points to plot`);
  const splits = orderSplits(points.map((p) => p.split));
  const level = `${Math.round(confidenceLevel * 100)}%`;
  const title = `${metricLabel} over training by layer${condition ? ` — ${condition}` : ''}`;
  const values = points.map((p) => ({
    split: p.split,
    layer: p.layer,
    step: p.step,
    n: p.n,
    mean: specNumber(p.mean),
    low: specNumber(p.low),
    high: specNumber(p.high),
  }));

  const x = { field: 'step', type: 'quantitative', title: 'training step' } as const;
  // The axis spans the means (and 0), not the bands: with few seeds a t-interval can run far outside the metric's
  // range (ARI <= 1) and squash the curves; bands are clipped to the plotted range instead.
  const y = { type: 'quantitative', title: metricLabel, scale: { domain: meanDomain(points.map((p) => p.mean)), nice: true } } as const;
  const color = {
    field: 'layer',
    type: 'ordinal',
    title: 'layer',
    // Dark for shallow, light for deep, stopping before viridis' pale yellow, which vanishes on white.
    scale: { scheme: ORDERED_SCHEME, extent: [0, 0.85] },
    // Both layers feed one legend; without this its symbols take the bands' pale fill.
    legend: { symbolOpacity: 1, symbolType: 'stroke', symbolStrokeWidth: 3 },
  } as const;
  // Layers not picked in the legend fade out; with nothing picked every layer is drawn.
  const fade = { param: 'pickedLayers', value: 1, empty: true } as const;

  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: `mean across seeds; band: ${level} t-interval of the mean` },
    data: { values },
    facet: { field: 'split', type: 'nominal', sort: splits, title: null, header: { labelFontWeight: 'bold' } },
    columns: wrapColumns(splits.length, 240, { preferred: columns }),
    spec: {
      width: 240,
      height: 170,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
          mark: { type: 'area', opacity: 0.18, clip: true },
          encoding: {
            x,
            y: { ...y, field: 'low' },
            y2: { field: 'high' },
            color,
            opacity: { condition: { ...fade, value: 0.18 }, value: 0.03 },
          },
        },
        {
          params: [
            { name: 'pickedLayers', select: { type: 'point', fields: ['layer'] }, bind: 'legend' },
            { name: 'zoom', select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales' },
          ],
          mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.8 },
          encoding: {
            x,
            y: { ...y, field: 'mean' },
            color,
            opacity: { condition: fade, value: 0.12 },
            tooltip: [
              { field: 'split', type: 'nominal' },
              { field: 'layer', type: 'ordinal' },
              { field: 'step', type: 'quantitative' },
              ...intervalTooltip(`mean ${metricLabel}`, level),
            ],
          },
        },
      ],
    },
    config: FIGURE_CONFIG,
  };
  return {
    name,
    title,
    caption:
      `${metricLabel} of each layer's hidden states against the task labels, over training, one panel per split ` +
      `(layer 0 = embeddings). Lines: mean across seeds; bands: ${level} Student-t interval of the mean (cut at the plotted range). Click the legend to pick layers; drag or scroll to zoom.`,
    spec,
  };
}

// ------------------------------------------------------------------------------------------------ by layer

// Claim C2 in one picture: the final value of a clustering metric by depth, mean across seeds with its interval.
// One condition: one panel per split. Several: one panel per condition, the splits side by side in colour, the
// panels wrapped into rows, so the figure's width does not grow with the number of conditions.

/** One layer's final value across seeds. */
export interface LayerSummary {
  condition: string;
  split: string;
  layer: number;
  n: number;
  mean: number;
  low: number | null;
  high: number | null;
}

export interface LayerFigureOptions {
  name?: string;
  metricLabel?: string;
  confidenceLevel?: number;
  /** Order of the conditions' panels (default: as they first appear). */
  conditions?: readonly string[];
  /** Most panels per row (default: as many as fit in MAX_FIGURE_WIDTH). */
  columns?: number;
}

export function finalAriByLayerFigure(rows: readonly LayerSummary[], options: LayerFigureOptions = {}): Figure {
  const { name = 'final-ari-by-layer', metricLabel = 'ARI', confidenceLevel = 0.95, columns } = options;
  if (rows.length === 0) throw new RangeError(`${name}: no layer summaries to plot`);
  const conditions = (options.conditions ?? [...new Set(rows.map((r) => r.condition))]).filter((c) => rows.some((r) => r.condition === c));
  const splits = orderSplits(rows.map((r) => r.split));
  const layers = new Set(rows.map((r) => r.layer)).size;
  const level = `${Math.round(confidenceLevel * 100)}%`;
  const several = conditions.length > 1;
  const title = `Final ${metricLabel} by layer`;
  const values = rows.map((r) => ({
    condition: r.condition,
    split: r.split,
    layer: r.layer,
    n: r.n,
    mean: specNumber(r.mean),
    low: specNumber(r.low),
    high: specNumber(r.high),
  }));

  const x = { field: 'layer', type: 'ordinal', title: 'layer (0 = embeddings)', axis: { labelAngle: 0 } } as const;
  // As in the curves figure: the axis spans the means, intervals are clipped (few seeds give very wide ones).
  const y = { type: 'quantitative', title: `final ${metricLabel}`, scale: { domain: meanDomain(rows.map((r) => r.mean)), nice: true } } as const;
  // Several conditions: a panel each, splits in colour side by side within a layer; one condition: a panel per split.
  const sideBySide = several && splits.length > 1;
  const color = several
    ? ({ field: 'split', type: 'nominal', title: 'split', sort: splits, scale: { scheme: CATEGORY_SCHEME } } as const)
    : ({ value: '#3a6ea5' } as const);
  const xOffset = sideBySide ? { xOffset: { field: 'split', type: 'nominal', sort: splits } as const } : {};
  const fade = several ? { opacity: { condition: { param: 'pickedSplits', value: 1, empty: true }, value: 0.15 } } : {};
  const params = several ? [{ name: 'pickedSplits', select: { type: 'point' as const, fields: ['split'] }, bind: 'legend' as const }] : [];
  const step = sideBySide ? 12 * splits.length + 10 : 30;
  const panelWidth = several ? step * layers : 200;
  const panels = several ? conditions.length : splits.length;
  const facet = several
    ? { field: 'condition', type: 'nominal', sort: [...conditions], title: null, header: { labelFontWeight: 'bold', labelLimit: Math.max(panelWidth, 160) } }
    : { field: 'split', type: 'nominal', sort: splits, title: null, header: { labelFontWeight: 'bold' } };

  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: `value at each trial's last step; point: mean across seeds; bar: ${level} t-interval` },
    data: { values },
    facet: facet as never,
    columns: wrapColumns(panels, panelWidth, { preferred: columns ?? (several ? Infinity : 3) }),
    spec: {
      width: panelWidth,
      height: 170,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
          mark: { type: 'rule', strokeWidth: 1.5, clip: true },
          encoding: { x, ...xOffset, y: { ...y, field: 'low' }, y2: { field: 'high' }, color, ...fade },
        },
        {
          params: [...params],
          mark: { type: 'point', filled: true, size: 45 },
          encoding: {
            x,
            ...xOffset,
            y: { ...y, field: 'mean' },
            color,
            ...fade,
            tooltip: [
              { field: 'condition', type: 'nominal' },
              { field: 'split', type: 'nominal' },
              { field: 'layer', type: 'ordinal' },
              ...intervalTooltip(`mean final ${metricLabel}`, level),
            ],
          },
        },
      ],
    },
    config: FIGURE_CONFIG,
  };
  return {
    name,
    title,
    caption:
      `${metricLabel} at the end of training for each layer (0 = embeddings), ` +
      (several ? 'one panel per condition, splits in colour (click the legend to pick some). ' : 'one panel per split. ') +
      `Points: mean across seeds; bars: ${level} Student-t interval of the mean (cut at the plotted range).`,
    spec,
  };
}

// ------------------------------------------------------------------------------------------------ PCA projection

// Hidden states in two dimensions (PROTOCOL section 3): the first two principal components, coloured by task,
// so a reader sees the clusters the ARI counts.

export interface PcaFigureOptions {
  /** File stem (default 'pca-projection'). */
  name?: string;
  /** Title, e.g. 'train, layer 5, step 3000' (default 'Hidden states'). */
  title?: string;
  /** Display names of the task ids (taskNames[id]); default 'task <id>'. */
  taskNames?: readonly string[];
  /** Seeds the principal-component iteration (default 0). */
  seed?: number;
}

export interface PcaFigure extends Figure {
  pca: PrincipalComponents;
  /** Fraction of the total variance along PC1 and PC2. */
  explained: [number, number];
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** points (n, dim) row-major, tasks (n) task ids -> a scatter of PC1 against PC2 coloured by task. */
export function pcaProjectionFigure(
  points: Float32Array,
  n: number,
  dim: number,
  tasks: Int32Array,
  options: PcaFigureOptions = {},
): PcaFigure {
  const { name = 'pca-projection', title = 'Hidden states', taskNames, seed = 0 } = options;
  if (!(tasks instanceof Int32Array) || tasks.length !== n) throw new RangeError(`tasks: expected an Int32Array of n = ${n} task ids`);
  const pca = principalComponents(points, n, dim, { components: Math.min(2, dim), seed });
  const k = pca.variances.length;
  const total = pca.totalVariance > 0 ? pca.totalVariance : 1;
  const explained: [number, number] = [pca.variances[0] / total, k > 1 ? pca.variances[1] / total : 0];
  const taskName = (id: number) => taskNames?.[id] ?? `task ${id}`;
  const taskOrder = [...new Set(Array.from(tasks))].sort((a, b) => a - b).map(taskName);
  const values = Array.from({ length: n }, (_, i) => ({
    pc1: specNumber(pca.projections[i * k]),
    pc2: k > 1 ? specNumber(pca.projections[i * k + 1]) : 0,
    task: taskName(tasks[i]),
  }));
  const color = {
    field: 'task',
    type: 'nominal',
    sort: taskOrder,
    title: 'task',
    scale: { scheme: taskOrder.length > 10 ? 'category20' : 'tableau10' },
  } as const;

  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: `${n} points in ${dim} dimensions; PC1 and PC2: ${percent(explained[0])} and ${percent(explained[1])} of the variance` },
    data: { values },
    width: 320,
    height: 280,
    params: [
      { name: 'pickedTasks', select: { type: 'point', fields: ['task'] }, bind: 'legend' },
      { name: 'zoom', select: 'interval', bind: 'scales' },
    ],
    mark: { type: 'circle', size: 22 },
    encoding: {
      x: { field: 'pc1', type: 'quantitative', title: `PC1 (${percent(explained[0])})`, scale: { zero: false } },
      y: { field: 'pc2', type: 'quantitative', title: `PC2 (${percent(explained[1])})`, scale: { zero: false } },
      color,
      opacity: { condition: { param: 'pickedTasks', value: 0.75, empty: true }, value: 0.06 },
      tooltip: [
        { field: 'task', type: 'nominal' },
        { field: 'pc1', type: 'quantitative', format: '.3f' },
        { field: 'pc2', type: 'quantitative', format: '.3f' },
      ],
    },
    config: FIGURE_CONFIG,
  };
  return {
    name,
    title,
    caption:
      'Each point is one instance\'s hidden state at the probe position, projected on the first two principal ' +
      'components of all the points shown; colours are the true tasks (never seen by the model). Separate ' +
      'colour groups are task clusters. Click the legend to pick tasks; drag or scroll to zoom.',
    spec,
    pca,
    explained,
  };
}
