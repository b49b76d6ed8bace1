// writeReport writes every promised file: report.html, summary.md, each figure as SVG and PNG, each table as CSV
// and Parquet, under <sweep dir>/report by default.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { once, syntheticReport } from './support/report-fixture.js';

const FIGURES = ['ari-over-training-baseline', 'ari-over-training-aux-loss', 'final-ari-by-layer', 'intervention-iqm', 'probability-of-improvement'];
const TABLES = [
  'trials',
  'config-differences',
  'claims',
  'claim-tests',
  'claim-verdicts',
  'ari-curves',
  'final-ari-by-layer',
  'cluster-accuracy',
  'trial-outcomes',
  'intervention-iqm',
  'probability-of-improvement',
];

describe('writeReport files', () => {
  const reportOnce = once(() => syntheticReport({ withFailedTrial: true }));

  it('writes into <sweep dir>/report by default', async () => {
    const report = await reportOnce();
    expect(report.out).toBe(join(report.sweepDir, 'report'));
    expect(report.html).toBe(join(report.out, 'report.html'));
    expect(report.summary).toBe(join(report.out, 'summary.md'));
  });

  it('writes report.html and summary.md', async () => {
    const report = await reportOnce();
    expect(readFileSync(report.html, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(report.summary, 'utf8')).toMatch(/^# clusterlens report: sweep/);
  });

  it('writes every figure as SVG and PNG', async () => {
    const report = await reportOnce();
    for (const name of FIGURES) {
      for (const ext of ['svg', 'png']) {
        const file = join(report.out, 'figures', `${name}.${ext}`);
        expect(existsSync(file), file).toBe(true);
        expect(report.figures).toContain(file);
      }
    }
    const png = readFileSync(join(report.out, 'figures', 'final-ari-by-layer.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('writes every table as CSV and Parquet', async () => {
    const report = await reportOnce();
    for (const name of TABLES) {
      for (const ext of ['csv', 'parquet']) {
        const file = join(report.out, 'tables', `${name}.${ext}`);
        expect(existsSync(file), file).toBe(true);
        expect(report.tables).toContain(file);
      }
    }
  });

  it('links every PNG from summary.md, and every link resolves', async () => {
    const report = await reportOnce();
    const summary = readFileSync(report.summary, 'utf8');
    const linked = [...summary.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(linked.sort()).toEqual(FIGURES.map((n) => `figures/${n}.png`).sort());
    for (const link of linked) expect(existsSync(join(report.out, link))).toBe(true);
  });

  it('makes report.html self-contained: Vega inlined, no external script, style or image', async () => {
    const report = await reportOnce();
    const html = readFileSync(report.html, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/<img[^>]+src="https?:/i);
    expect(html).toContain('vega.View');
    expect(html.match(/class="chart" data-figure=/g)).toHaveLength(FIGURES.length);
  });

  it('describes the sweep: trials, seeds, interventions, config differences and the failed trial', async () => {
    const report = await reportOnce();
    const html = readFileSync(report.html, 'utf8');
    expect(html).toContain('11 trials (10 done, 1 failed); 2 intervention(s) (baseline, aux-loss)');
    expect(html).toContain('seeds 0, 1, 2, 3, 4');
    expect(html).toContain('<code>training.auxLoss.weight</code>');
    expect(html).toContain('baseline seed=99: out of memory');
  });
});
