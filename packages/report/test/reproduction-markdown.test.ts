// The reproduction document: each claim from the sweep run for it, its status read from the verdicts, its figures.
import { describe, expect, it } from 'vitest';

import { figuresForClaims, renderReproductionMarkdown, type ClaimResult, type ReproductionRun } from '@clusterlens/report';

function claim(id: ClaimResult['id'], verdicts: string[], findings = verdicts.length): ClaimResult {
  return {
    id,
    statement: `statement of ${id}`,
    rule: `rule of ${id}`,
    findings: Array.from({ length: findings }, (_, i) => ({
      condition: `condition-${i}`,
      scope: 'train',
      text: `estimate ${i} [low, high]`,
      verdict: (verdicts[i] ?? 'positive') as ClaimResult['findings'][number]['verdict'],
      comparisons: [],
      statistics: [],
    })),
    verdicts: verdicts.map((verdict, i) => ({ condition: `condition-${i}`, verdict: verdict as ClaimResult['verdicts'][number]['verdict'], comparisons: 2, tested: 2, significant: 1 })),
    notAssessed: findings === 0 ? 'no trials of that kind' : undefined,
  };
}

function run(results: ClaimResult[]): ReproductionRun {
  return {
    scale: 'small',
    date: '2026-11-30',
    machine: 'two test cores',
    clusterlensVersion: '0.0.0',
    concurrency: 2,
    threadsPerTrial: 1,
    sweeps: [
      { name: 'dynamics', spec: 'small/dynamics.yaml', claims: ['C1', 'C2', 'C3', 'C4'], results, figures: { C1: ['reproduction-figures/dynamics-ari.png'] }, seconds: 125, trials: 5 },
      { name: 'alignment', spec: 'small/alignment.yaml', claims: ['C7'], results, figures: {}, seconds: 30, trials: 10 },
    ],
  };
}

describe('renderReproductionMarkdown', () => {
  const results = [
    claim('C1', ['supported']),
    claim('C2', ['supported', 'partly supported']),
    claim('C3', ['not supported']),
    claim('C4', []),
    claim('C7', [], 1),
    claim('C6', ['supported']),
  ];
  const markdown = renderReproductionMarkdown(run(results));

  it('reads a claim supported in every condition as held', () => {
    expect(markdown).toContain('| C1 | held | dynamics |');
  });

  it('reads a claim supported in some conditions only as partly held', () => {
    expect(markdown).toContain('| C2 | partly held | dynamics |');
  });

  it('reads a claim supported nowhere as not held', () => {
    expect(markdown).toContain('| C3 | did not hold | dynamics |');
  });

  it('says why a claim without findings was not assessed', () => {
    expect(markdown).toContain('| C4 | not assessed | dynamics |');
    expect(markdown).toContain('Not assessed: no trials of that kind.');
  });

  it('lists a comparison claim by the directions it found', () => {
    expect(markdown).toContain('| C7 | compared (positive) | alignment |');
  });

  it('shows only the claims each sweep was run for', () => {
    expect(markdown).not.toContain('| C6 |');
  });

  it('prints each finding with its verdict and each figure of its claim', () => {
    expect(markdown).toContain('- **condition-1**, train: estimate 1 [low, high] **partly supported**');
    expect(markdown).toContain('![C1: reproduction-figures/dynamics-ari.png](reproduction-figures/dynamics-ari.png)');
  });

  it('does not repeat a scope that the finding text opens with', () => {
    const scoped = claim('C1', ['supported']);
    scoped.findings[0] = { ...scoped.findings[0], scope: 'validation', text: 'validation: top-layer ARI rises' };
    const text = renderReproductionMarkdown(run([scoped]));
    expect(text).toContain('- **condition-0**, validation: top-layer ARI rises **supported**');
  });

  it('states the wall time of every sweep and in all', () => {
    expect(markdown).toContain('Wall time: 2 min 35 s in all (dynamics 2 min 5 s, 5 trials; alignment 30 s, 10 trials)');
  });
});

describe('figuresForClaims', () => {
  it('gives each claim the report figures that show it, PNGs only', () => {
    const figures = figuresForClaims(['ari-over-training.png', 'ari-over-training.svg', 'final-ari-by-layer.png', 'intervention-iqm.png']);
    expect(figures.C1).toEqual(['ari-over-training.png']);
    expect(figures.C2).toEqual(['final-ari-by-layer.png']);
    expect(figures.C6).toEqual(['intervention-iqm.png']);
    expect(figures.C4).toEqual([]);
  });
});
