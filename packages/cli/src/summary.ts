// A short Markdown summary of a trial: ARI per layer at the first and the last evaluation.
import type { MetricRow } from '@clusterlens/schema';

export function ariSummary(rows: MetricRow[]): string {
  const ari = rows.filter((r) => r.metric === 'ari' && r.layer !== null);
  if (ari.length === 0) return 'No ARI was measured.\n';
  const steps = [...new Set(ari.map((r) => r.step))].sort((a, b) => a - b);
  const first = steps[0];
  const last = steps[steps.length - 1];
  const splits = [...new Set(ari.map((r) => r.split))];
  const layers = [...new Set(ari.map((r) => r.layer!))].sort((a, b) => a - b);
  const value = (split: string, layer: number, step: number) =>
    ari.find((r) => r.split === split && r.layer === layer && r.step === step)?.value.toFixed(3) ?? '-';
  const header = `| split | ${layers.map((l) => `layer ${l}`).join(' | ')} |`;
  const rule = `|---|${layers.map(() => '---:').join('|')}|`;
  // A probe-only trial (training.steps 0) has one step: one line per split.
  const shown = first === last ? [first] : [first, last];
  const lines = splits.flatMap((split) => shown.map((step) => `| ${split}, step ${step} | ${layers.map((l) => value(split, l, step)).join(' | ')} |`));
  return ['ARI of k-means clusters against task identity, per layer (layer 0 = embeddings):', '', header, rule, ...lines, ''].join('\n');
}

export function accuracySummary(rows: MetricRow[]): string {
  const last = Math.max(...rows.map((r) => r.step));
  const acc = rows.filter((r) => r.metric === 'accuracy' && r.step === last);
  return acc.map((r) => `- ${r.split}: output accuracy ${(100 * r.value).toFixed(1)}% at step ${last}`).join('\n') + '\n';
}

/** For a trial with an alignment stage: per split, the refusal metrics before and after alignment; '' otherwise. */
export function alignmentSummary(rows: MetricRow[]): string {
  const refusal = rows.filter((r) => r.metric === 'refusal-rate');
  if (refusal.length === 0) return '';
  const steps = [...new Set(refusal.map((r) => r.step))].sort((a, b) => a - b);
  const [before, after] = [steps[0], steps[steps.length - 1]];
  const percent = (split: string, metric: string, step: number) => {
    const row = rows.find((r) => r.split === split && r.metric === metric && r.layer === null && r.step === step);
    return row === undefined || Number.isNaN(row.value) ? '-' : `${(100 * row.value).toFixed(1)}%`;
  };
  const change = (split: string, metric: string) => `${percent(split, metric, before)} -> ${percent(split, metric, after)}`;
  const lines = [...new Set(refusal.map((r) => r.split))].map(
    (split) =>
      `- ${split}: refusal rate of disallowed tasks ${change(split, 'refusal-rate')}, false refusals ${change(split, 'false-refusal-rate')}, ` +
      `accuracy on allowed tasks ${change(split, 'allowed-accuracy')}`,
  );
  return [`Alignment (before: step ${before}, after: step ${after}):`, '', ...lines, ''].join('\n');
}
