// Intervention minus baseline, paired seed by seed.
import { describe, expect, it } from 'vitest';
import { meanTInterval, pairedDifferences, summarizePairedDifferences, type Row } from '@clusterlens/stats';

const rows: Row[] = [
  { intervention: 'none', seed: 1, value: 0.6 },
  { intervention: 'aux', seed: 1, value: 0.7 },
  { intervention: 'none', seed: 2, value: 0.5 },
  { intervention: 'aux', seed: 2, value: 0.65 },
  { intervention: 'aux', seed: 3, value: 0.9 },
  { intervention: 'none', seed: 4, value: 0.55 },
  { intervention: 'aux', seed: 4, value: 0.6 },
  { intervention: 'tokens', seed: 1, value: 0.1 },
];
const spec = { by: 'intervention', treatment: 'aux', control: 'none', match: ['seed'] };

describe('pairedDifferences', () => {
  it('pairs treatment and control rows with the same match key, sorted by it', () => {
    const { pairs } = pairedDifferences(rows, spec);
    expect(pairs.map((p) => p.key)).toEqual([{ seed: 1 }, { seed: 2 }, { seed: 4 }]);
    expect(pairs.map((p) => p.difference)).toEqual([0.7 - 0.6, 0.65 - 0.5, 0.6 - 0.55]);
  });

  it('reports keys present in only one arm and ignores other arms', () => {
    const { unmatchedTreatment, unmatchedControl } = pairedDifferences(rows, spec);
    expect(unmatchedTreatment).toEqual([{ seed: 3 }]);
    expect(unmatchedControl).toEqual([]);
  });

  it('does not depend on the order of the rows', () => {
    expect(pairedDifferences([...rows].reverse(), spec)).toEqual(pairedDifferences(rows, spec));
  });

  it('rejects two rows of one arm with the same key', () => {
    const duplicated = [...rows, { intervention: 'aux', seed: 2, value: 0.1 }];
    expect(() => pairedDifferences(duplicated, spec)).toThrow(/2 rows with intervention = "aux" and \{seed: 2\}/);
  });

  it('summarises the differences with the t and bootstrap intervals of their mean', () => {
    const result = summarizePairedDifferences(rows, { ...spec, seed: 9, nResamples: 2000 });
    const differences = result.pairs.map((p) => p.difference);
    expect(result.summary.mean).toBeCloseTo((0.1 + 0.15 + 0.05) / 3, 15);
    expect(result.summary.tInterval.low).toBe(meanTInterval(differences).low);
    expect(result.summary.bootstrap.estimate).toBe(result.summary.mean);
  });

  it('needs at least two pairs to summarise', () => {
    expect(() => summarizePairedDifferences(rows.slice(0, 2), { ...spec, seed: 1 })).toThrow(/1 matched pair\(s\)/);
  });
});
