import type { StoredMetricRow } from '@clusterlens/schema';
import { SweepStore, type TrialRecord } from '@clusterlens/sweep';

export async function readStore(dir: string): Promise<{ trials: TrialRecord[]; metrics: StoredMetricRow[] }> {
  const store = await SweepStore.open(dir, { readOnly: true });
  try {
    return { trials: await store.trials(), metrics: await store.metrics() };
  } finally {
    await store.close();
  }
}

/** Each stored (trial, split, layer, step, metric) appears once. */
export function duplicateMetricKeys(metrics: StoredMetricRow[]): number {
  const keys = new Set(metrics.map((m) => `${m.trial}|${m.split}|${m.layer}|${m.step}|${m.metric}`));
  return metrics.length - keys.size;
}
