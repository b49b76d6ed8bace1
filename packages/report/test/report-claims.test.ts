// The claims on a synthetic sweep built to show them (support/synthetic-sweep.ts): ARI rises and saturates,
// deeper layers higher, layer 0 flat, validation a little below train, in-cluster instances answered better,
// and 'aux-loss' clusters higher and faster than the baseline at the same accuracy. What each rule says when the
// data do not show a claim is in verdict-rules-*.test.ts.
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
    expect(claims.C1.verdicts.map((v) => [v.condition, v.verdict, v.significant, v.comparisons])).toEqual([
      ['baseline', 'supported', 4, 4],
      ['aux-loss', 'supported', 4, 4],
    ]);
    // Two tests per split, Holm over the condition's four, thresholds printed with the verdict.
    expect(claims.C1.findings[0].comparisons.map((c) => [c.hypothesis, c.test, c.familySize])).toEqual([
      ['rise > 0.2', 'greater', 4],
      ['|late change| < 0.05', 'within', 4],
    ]);
    expect(claims.C1.findings[0].text).toContain('[tests at α = 0.05, Holm over 4 comparisons: rise > 0.2: p < 0.0001');
  });

  it('C2: final ARI increases with depth over layers 1..3, layer 0 flat and reported apart', async () => {
    const { claims } = await load();
    for (const f of claims.C2.findings) expect(f.verdict).toBe('supported');
    const slope = claims.C2.findings[0].statistics.find((s) => s.statistic.startsWith('depth slope over layers 1..3'))!;
    // Synthetic ceilings 0.6, 0.75, 0.9 at layers 1-3: 0.15 ARI per layer.
    expect(slope.estimate).toBeCloseTo(0.15, 1);
    expect(slope.tLow).toBeGreaterThan(0.1);
    expect(claims.C2.findings[0].text).toContain('layer 0 (sanity check, not in the verdict): change');
    expect(claims.C2.findings[0].comparisons.map((c) => c.hypothesis)).toEqual(['slope over layers 1..3 > 0', 'layer 3 - layer 1 > 0.05']);
  });

  it('C3: validation tracks training, a little lower', async () => {
    const { claims } = await load();
    for (const f of claims.C3.findings) {
      expect(f.verdict).toBe('supported');
      expect(f.text).toContain('validation lower');
    }
  });

  it('C4: the within-task gap exceeds 0.2 on every unseen split; the seed whose gap is undefined is named with its counts', async () => {
    const { claims } = await load();
    expect(claims.C4.findings.map((f) => [f.condition, f.scope, f.verdict])).toEqual([
      ['baseline', 'validation, top layer', 'supported'],
      ['baseline', 'unseen-distribution, top layer', 'supported'],
      ['aux-loss', 'validation, top layer', 'supported'],
      ['aux-loss', 'unseen-distribution, top layer', 'supported'],
    ]);
    const gap = claims.C4.findings[0].statistics.find((s) => s.statistic.startsWith('within-task gap'))!;
    expect(gap.n).toBe(4);
    expect(gap.estimate).toBeGreaterThan(0.4);
    const text = claims.C4.findings[0].text;
    expect(text).toContain('seed 0 512/0 undefined');
    expect(text).toContain('gap undefined for seed 0 (no task with instances both in and out of its cluster)');
    expect(text).toMatch(/seed 1 \d+\/\d+ 0\.\d\d/);
    expect(text).toContain('within-task gap > 0.2: p = ');
  });

  it('describes the suites (per seed: data.seed absent) and the evaluation sizes', async () => {
    const { html, summary } = await load();
    for (const page of [html, summary]) {
      expect(page).toContain('Task suites: per seed (data.seed absent: each trial seed draws its own suite');
      expect(page).toContain('Evaluation set sizes (instances per split): train 512, validation 512, heldout-pairs 512, unseen-distribution 512.');
    }
  });

  it('prints every threshold with its flag, value and default, and the verdict per condition', async () => {
    const { html, summary } = await load();
    expect(summary).toContain('| c4MinGap | `--c4-min-gap` | 0.2 | 0.2 | C4 |');
    expect(summary).toContain('| alpha | `--alpha` | 0.05 | 0.05 | all |');
    expect(summary).toContain('- **baseline**: **supported (4 of 4 comparisons significant after Holm)**');
    expect(html).toContain('<code>--c1-late-change</code>');
    expect(html).toContain('Verdict of C2 per condition:');
  });

  it('Holm decides: a comparison significant alone but not after the correction reads null', async () => {
    const { claims } = await load();
    const all = Object.values(claims).flatMap((c) => c.findings.flatMap((f) => f.comparisons.map((comparison) => ({ f, comparison }))));
    for (const { comparison } of all.filter((x) => x.comparison.pValue !== null)) {
      expect(comparison.holmPValue!).toBeGreaterThanOrEqual(comparison.pValue!);
      expect(comparison.significant).toBe(comparison.holmPValue! <= 0.05);
    }
    const rescued = all.filter(({ comparison }) => comparison.pValue! <= 0.05 && comparison.holmPValue! > 0.05);
    expect(rescued.length).toBeGreaterThan(0);
    for (const { f } of rescued) expect(['null', 'partly supported', 'not supported']).toContain(f.verdict);
  });

  it('C5 and C7: not assessed, saying what sweep would assess them', async () => {
    const { claims } = await load();
    expect(claims.C5.findings).toEqual([]);
    expect(claims.C5.notAssessed).toContain('data.kind: natural');
    expect(claims.C7.findings).toEqual([]);
    expect(claims.C7.notAssessed).toContain('alignment.selection');
  });

  it('C6: reports the sign of each difference from its t-test (Holm over the outcomes), not an assumed direction', async () => {
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
