// End to end: a small real sweep (two interventions, two seeds) through the CLI, then its report.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';

import { runCli } from './support/cli.js';

const SPEC = `name: real
base:
  model: { nLayer: 2, nHead: 2, nEmbd: 32 }
  optimizer: { lr: 0.003, warmupSteps: 10 }
  training: { steps: 150, batchSize: 16 }
  evaluation: { every: 50, early: 2, instancesPerSplit: 64, splits: [train, heldout-pairs, validation], kmeans: { nInit: 2 } }
interventions:
  baseline: { training: { loss: output } }
  all-tokens: { training: { loss: all } }
seeds: [0, 1]
`;

let work: string;
let report: ReturnType<typeof runCli>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'clusterlens-report-e2e-'));
  await writeFile(join(work, 'spec.yaml'), SPEC);
  const sweep = runCli(['sweep', 'run', 'spec.yaml', '--out', 'sweep', '--concurrency', '2', '--threads', '1', '--no-progress'], { cwd: work });
  if (sweep.status !== 0) throw new Error(`the sweep failed:\n${sweep.stdout}\n${sweep.stderr}`);
  report = runCli(['report', 'sweep', '--seed', '1'], { cwd: work });
}, 300_000);

describe('report of a real sweep', () => {
  it('clusterlens report succeeds and prints a finding for every claim', () => {
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    for (const claim of ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']) expect(report.stdout).toContain(claim);
  });

  it('writes the HTML report, the Markdown summary and every table as CSV and Parquet', () => {
    const out = join(work, 'sweep', 'report');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/all-tokens/);
    for (const table of ['trials', 'claims', 'ari-curves', 'final-ari-by-layer']) {
      expect(existsSync(join(out, 'tables', `${table}.csv`)), table).toBe(true);
      expect(existsSync(join(out, 'tables', `${table}.parquet`)), table).toBe(true);
    }
  });

  it('draws the trials own hidden states, and the PNG figures carry rendered text', () => {
    const figures = join(work, 'sweep', 'report', 'figures');
    expect(existsSync(join(figures, 'pca-train-layer2-step150.png'))).toBe(true);
    // The same SVG rasterised with and without fonts: only with fonts do the title and labels put down ink.
    const svg = readFileSync(join(figures, 'final-ari-by-layer.svg'), 'utf8');
    const ink = (fonts: boolean) => {
      const pixels = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: fonts ? ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'] : [] } }).render().pixels;
      let dark = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && pixels[i] < 100) dark++;
      return dark;
    };
    expect(ink(true)).toBeGreaterThan(ink(false) + 500);
    const png = readFileSync(join(figures, 'final-ari-by-layer.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});
