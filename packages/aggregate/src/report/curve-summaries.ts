// Mean curves and final values across seeds, per condition: the data of the main figures and their tables.
import { groupBy } from '../rows/group-by.js';
import type { Row } from '../rows/row.js';
import { meanTInterval } from '../stats/t-interval.js';
import { outcomesAsRows, type TrialOutcome } from './trial-outcomes.js';

export interface MeanWithInterval {
  n: number;
  mean: number;
  sd: number | null;
  /** Student-t interval of the mean; null with fewer than 2 seeds. */
  low: number | null;
  high: number | null;
}

/** Mean and t interval of finite values (NaN left out); null when there are none. */
export function meanWithInterval(values: readonly number[], confidenceLevel: number): MeanWithInterval | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  if (finite.length === 1) return { n: 1, mean: finite[0], sd: null, low: null, high: null };
  const t = meanTInterval(finite, { confidenceLevel });
  return { n: t.n, mean: t.mean, sd: t.sd, low: t.low, high: t.high };
}

export interface CurveSummary extends MeanWithInterval {
  condition: string;
  split: string;
  layer: number;
  step: number;
}

/** Per (condition, split, layer, step): the metric across the condition's seeds. */
export function meanCurves(rows: readonly Row[], metric: string, confidenceLevel: number): CurveSummary[] {
  const selected = rows.filter((row) => row.metric === metric && row.layer !== null);
  const summaries: CurveSummary[] = [];
  for (const { key, rows: group } of groupBy(selected, ['condition', 'split', 'layer', 'step'])) {
    const summary = meanWithInterval(group.map((row) => row.value as number), confidenceLevel);
    if (!summary) continue;
    summaries.push({
      condition: key.condition as string,
      split: key.split as string,
      layer: key.layer as number,
      step: key.step as number,
      ...summary,
    });
  }
  return summaries;
}

export interface LayerFinal extends MeanWithInterval {
  condition: string;
  split: string;
  layer: number;
  /** Mean of the first measured value across the same seeds. */
  initialMean: number | null;
}

/** Per (condition, split, layer): the final ARI across seeds, with the initial value beside it. */
export function finalByLayer(outcomes: readonly TrialOutcome[], confidenceLevel: number): LayerFinal[] {
  const relevant = outcomes.filter((o) => o.outcome === 'final-ari' || o.outcome === 'initial-ari');
  const result: LayerFinal[] = [];
  for (const { key, rows: group } of groupBy(outcomesAsRows(relevant), ['condition', 'split', 'layer'])) {
    const finals = group.filter((o) => o.outcome === 'final-ari').map((o) => o.value as number);
    const initials = group.filter((o) => o.outcome === 'initial-ari').map((o) => o.value as number);
    const summary = meanWithInterval(finals, confidenceLevel);
    if (!summary) continue;
    result.push({
      condition: key.condition as string,
      split: key.split as string,
      layer: key.layer as number,
      ...summary,
      initialMean: meanWithInterval(initials, confidenceLevel)?.mean ?? null,
    });
  }
  return result;
}
