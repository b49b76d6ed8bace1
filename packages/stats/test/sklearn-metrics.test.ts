// Every metric of every scikit-learn fixture case (test/fixtures/sklearn-metrics.json, scikit-learn 1.2.1).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adjustedMutualInfo, adjustedRandIndex, normalizedMutualInfo, pairF1 } from '@clusterlens/stats';

interface Case {
  labels_true: number[];
  labels_pred: number[];
  ari: number;
  ami: number;
  nmi: number;
  pair_f1: number;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn-metrics.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

describe('metrics against scikit-learn', () => {
  it('has cases', () => expect(fixture.cases.length).toBeGreaterThan(10));

  fixture.cases.forEach((c, i) => {
    it(`case ${i} (n = ${c.labels_true.length})`, () => {
      for (const [a, b] of [
        [c.labels_true, c.labels_pred],
        [Int32Array.from(c.labels_true), Int32Array.from(c.labels_pred)],
      ] as const) {
        expect(Math.abs(adjustedRandIndex(a, b) - c.ari)).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(adjustedMutualInfo(a, b) - c.ami)).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(normalizedMutualInfo(a, b) - c.nmi)).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(pairF1(a, b) - c.pair_f1)).toBeLessThanOrEqual(1e-9);
      }
    });
  });
});
