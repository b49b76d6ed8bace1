// The claims on a synthetic sweep built to show them (support/synthetic-sweep.ts): ARI rises and saturates,
// deeper layers higher, layer 0 flat, validation a little below train, in-cluster instances answered better,
// and 'aux-loss' clusters higher and faster than the baseline at the same accuracy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClaimResult } from '@clusterlens/report';

import { once, syntheticReport } from './support/report-fixture.js';

describe('claims on a synthetic sweep', () => {
  const load = once(async () => {
    const report = await syntheticReport();
    return {
      claims: Object.fromEntries(report.claims.map((c) => [c.id, c])) as Record<string, ClaimResult>,
      html: readFileSync(report.html, 'utf8'),
      summary: readFileSync(report.summary, 'utf8'),
      findings: report.findings,
    };
  });

  it('C1: supported for each condition on train and validation, with the rise and its interval', async () => {
    const { claims } = await load();
    expect(claims.C1.findings.map((f) => [f.condition, f.scope, f.verdict])).toEqual([
      ['baseline', 'train', 'supported'],
      ['baseline', 'validation', 'supported'],
      ['aux-loss', 'train', 'supported'],
      ['aux-loss', 'validation', 'supported'],
    ]);
    const rise = claims.C1.findings[0].statistics.find((s) => s.statistic.startsWith('rise'))!;
    // The synthetic top layer goes from 0.05 to about 0.05 + 0.85 · (1 - e^(-800/140)) ≈ 0.90.
    expect(rise.n).toBe(5);
    expect(rise.estimate).toBeGreaterThan(0.8);
    expect(rise.tLow).toBeLessThan(rise.estimate);
    expect(rise.tHigh).toBeGreaterThan(rise.estimate);
  });

  it('C2: final ARI increases with depth and layer 0 stays flat', async () => {
    const { claims } = await load();
    for (const f of claims.C2.findings) expect(f.verdict).toBe('supported');
    const slope = claims.C2.findings[0].statistics.find((s) => s.statistic.startsWith('depth slope'))!;
    expect(slope.tLow).toBeGreaterThan(0.2);
  });

  it('C3: validation tracks training, a little lower', async () => {
    const { claims } = await load();
    for (const f of claims.C3.findings) {
      expect(f.verdict).toBe('supported');
      expect(f.text).toContain('validation lower');
    }
  });

  it('C4: in-cluster instances answered better, the seed with none out of cluster left out and counted', async () => {
    const { claims } = await load();
    expect(claims.C4.findings.map((f) => [f.scope, f.verdict])).toEqual([
      ['unseen-samples, top layer', 'supported'],
      ['unseen-samples, top layer', 'supported'],
    ]);
    const gap = claims.C4.findings[0].statistics.find((s) => s.statistic.startsWith('in - out'))!;
    expect(gap.n).toBe(4);
    expect(claims.C4.findings[0].text).toContain('1 seed(s) left out');
  });

  it('C5 and C7: not assessed, saying what sweep would assess them', async () => {
    const { claims } = await load();
    expect(claims.C5.findings).toEqual([]);
    expect(claims.C5.notAssessed).toContain('data.kind: natural');
    expect(claims.C7.findings).toEqual([]);
    expect(claims.C7.notAssessed).toContain('alignment.selection');
  });

  it('C6: reports the sign of each difference from its bootstrap interval, not an assumed direction', async () => {
    const { claims } = await load();
    const verdict = (scope: string) => claims.C6.findings.find((f) => f.scope === scope)!.verdict;
    expect(verdict('final ARI, top layer (train)')).toBe('positive');
    expect(verdict('steps to ARI ≥ 0.5, top layer (train)')).toBe('negative');
    expect(claims.C6.findings.find((f) => f.scope === 'steps to ARI ≥ 0.5, top layer (train)')!.text).toContain('(better)');
    // Accuracy is the same by construction: whatever the interval says is reported, and it says 'null' here.
    expect(verdict('final accuracy (validation)')).toBe('null');
  });

  it('puts every finding line in report.html and summary.md', async () => {
    const { claims, html, summary, findings } = await load();
    expect(findings.length).toBeGreaterThan(10);
    for (const claim of Object.values(claims)) {
      for (const f of claim.findings) {
        expect(summary).toContain(f.text);
        expect(html).toContain(f.text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
      }
    }
  });
});
