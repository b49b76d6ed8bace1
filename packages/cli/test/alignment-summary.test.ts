// `clusterlens train`'s summary of an alignment stage: each split's refusal metrics before and after.
import { describe, expect, it } from 'vitest';

import type { MetricRow } from '@clusterlens/schema';

import { alignmentSummary } from '../src/summary.js';

const row = (split: string, metric: string, step: number, value: number): MetricRow => ({ split, layer: null, step, metric, value });

describe('alignment summary', () => {
  it('gives each split the refusal metrics at the first and last step they were measured', () => {
    const rows = [
      row('validation', 'refusal-rate', 800, 0),
      row('validation', 'false-refusal-rate', 800, 0),
      row('validation', 'allowed-accuracy', 800, 0.96875),
      row('validation', 'refusal-rate', 900, 0.9375),
      row('validation', 'false-refusal-rate', 900, 0.0625),
      row('validation', 'allowed-accuracy', 900, NaN),
    ];
    expect(alignmentSummary(rows)).toBe(
      'Alignment (before: step 800, after: step 900):\n\n' +
        '- validation: refusal rate of disallowed tasks 0.0% -> 93.8%, false refusals 0.0% -> 6.3%, accuracy on allowed tasks 96.9% -> -\n',
    );
  });

  it('is empty for a trial without an alignment stage', () => {
    expect(alignmentSummary([row('train', 'accuracy', 100, 1)])).toBe('');
  });
});
