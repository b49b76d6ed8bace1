// `clusterlens reproduce`: the paper's sweeps run, each reported, and one document of every claim written from the
// reports; a second run resumes instead of training again. Tiny specs stand in for examples/paper/ (whose plans are
// checked by test/paper-specs.test.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from './support/cli.js';

const TINY_BASE = `
  data: { kind: synthetic, numTasks: 3, distributionsPerTask: 2, contextLength: 24 }
  model: { nLayer: 2, nHead: 2, nEmbd: 16 }
  optimizer: { lr: 0.003, warmupSteps: 5 }
  training: { steps: 40, batchSize: 16 }
  evaluation: { every: 20, early: 0, instancesPerSplit: 48, splits: [train, validation, unseen-distribution], kmeans: { nInit: 1 } }
  checkpoint: { every: 40 }`;

function spec(name: string, interventions: string, data = ''): string {
  return `name: ${name}\nbase:${TINY_BASE}\n${data}interventions:\n${interventions}\nseeds: [0, 1]\nconcurrency: 2\nthreadsPerTrial: 1\n`;
}

describe('clusterlens reproduce', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'clusterlens-reproduce-'));
  const specs = join(scratch, 'paper');
  const out = join(scratch, 'out');
  const docs = join(scratch, 'docs', 'REPRODUCTION.md');
  let first: ReturnType<typeof runCli>;

  beforeAll(() => {
    mkdirSync(join(specs, 'small'), { recursive: true });
    writeFileSync(join(specs, 'small', 'dynamics.yaml'), spec('dynamics', '  positive-control: {}'));
    // natural: a synthetic stand-in keeps the test small; C5 then reads "not assessed", which the document must say
    writeFileSync(join(specs, 'small', 'natural.yaml'), spec('natural', '  natural: {}'));
    writeFileSync(join(specs, 'small', 'pretraining.yaml'), spec('pretraining', '  baseline: {}\n  faster: { optimizer: { lr: 0.006 } }'));
    writeFileSync(join(specs, 'small', 'alignment.yaml'), spec('alignment', '  baseline: {}'));
    first = runCli(['reproduce', '--specs', specs, '--out', out, '--docs', docs, '--no-progress'], { timeoutMs: 600_000 });
  }, 660_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs every sweep and writes the document where it says', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Reproduction: ${join(out, 'REPRODUCTION.md')}`);
    for (const sweep of ['dynamics', 'natural', 'pretraining', 'alignment']) {
      expect(existsSync(join(out, sweep, 'sweep.duckdb')), sweep).toBe(true);
      expect(existsSync(join(out, sweep, 'report', 'report.html')), sweep).toBe(true);
    }
  });

  it('gives every claim a status and the sweep it comes from', () => {
    const markdown = readFileSync(join(out, 'REPRODUCTION.md'), 'utf8');
    for (const [claim, sweep] of [['C1', 'dynamics'], ['C2', 'dynamics'], ['C3', 'dynamics'], ['C4', 'dynamics'], ['C5', 'natural'], ['C6', 'pretraining'], ['C7', 'alignment']]) {
      expect(markdown).toMatch(new RegExp(`^\\| ${claim} \\| (held|partly held|did not hold|not assessed|compared \\(.*\\)) \\| ${sweep} \\|$`, 'm'));
    }
    expect(markdown).toMatch(/^## C5: not assessed$/m);
    expect(markdown).toMatch(/^## C6: compared \(/m);
  });

  it('links figures that exist next to the document, in the output and in --docs', () => {
    for (const file of [join(out, 'REPRODUCTION.md'), docs]) {
      const markdown = readFileSync(file, 'utf8');
      const links = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(existsSync(join(file, '..', link)), link).toBe(true);
    }
  });

  it('states the machine and the wall time of each sweep', () => {
    const markdown = readFileSync(docs, 'utf8');
    expect(markdown).toMatch(/^- Machine: .+hardware threads/m);
    expect(markdown).toMatch(/^- Wall time: .+ in all \(dynamics .+, 2 trials; natural .+, 2 trials; pretraining .+, 4 trials; alignment .+, 2 trials\)$/m);
  });

  it('resumes on a second run: no trial runs again and the document is written anew', () => {
    const second = runCli(['reproduce', '--specs', specs, '--out', out, '--no-progress'], { timeoutMs: 300_000 });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/0 trials done in .* 2 already done before/);
    expect(second.stdout).not.toMatch(/[1-9]\d* trials? done in/);
  });

  it('names --specs when the specs are not there', () => {
    const result = runCli(['reproduce', '--specs', join(scratch, 'nowhere'), '--out', out]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/--specs: dynamics\.yaml, .* not found in .*nowhere/);
  });
});
