import type { Split } from './config.js';

/** One measurement of a trial: a probe metric of one layer, or (layer null) a whole-model measure. */
export interface MetricRow {
  split: Split;
  /** Residual-stream layer (0 = embeddings), or null for accuracy and loss. */
  layer: number | null;
  step: number;
  metric: string;
  value: number;
}
