// Saved hidden states become 2-D figures in the report; without them the report says how to get them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepresentations, readRepresentation, writeReport } from '@clusterlens/report';

import { temporaryFolder } from './support/duckdb-files.js';
import { gaussianBlobs } from '../../stats/test/support/gaussian-blobs.js';
import { writeRepresentationFile, writeSyntheticSweep } from './support/synthetic-sweep.js';

describe('representations in the report', () => {
  it('reads the saved format back: points, tasks and metadata', async () => {
    const { points, tasks } = gaussianBlobs(40, 5, 2, 3, 1);
    const file = join(temporaryFolder(), 'r.safetensors');
    writeRepresentationFile(file, points, 40, 5, tasks, { split: 'train', layer: '2', task_names: '["a","b"]' });
    const r = await readRepresentation(file);
    expect([r.n, r.dim]).toEqual([40, 5]);
    expect(r.points).toEqual(points);
    expect(r.tasks).toEqual(tasks);
    expect(r.taskNames).toEqual(['a', 'b']);
    expect(r.metadata.layer).toBe('2');
  });

  it('draws one PCA figure per file and lists it in a table', async () => {
    const sweepDir = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'));
    for (const step of [10, 800]) {
      const { points, tasks } = gaussianBlobs(200, 16, 4, step === 10 ? 0.5 : 6, step);
      writeRepresentationFile(join(sweepDir, 'representations', `train-layer3-step${step}.safetensors`), points, 200, 16, tasks, { split: 'train', layer: '3', step: String(step) });
    }
    const report = await writeReport(sweepDir, { seed: 0, nResamples: 500 });
    expect(report.figures).toContain(join(report.out, 'figures', 'pca-train-layer3-step800.png'));
    expect(report.figures).toContain(join(report.out, 'figures', 'pca-train-layer3-step10.svg'));
    const html = readFileSync(report.html, 'utf8');
    expect(html).toContain('data-figure="pca-train-layer3-step800"');
    expect(html).toContain('train, layer 3, step 800');
    const table = readFileSync(join(report.out, 'tables', 'pca-projections.csv'), 'utf8');
    expect(table.split('\n')[0]).toBe('figure,file,split,layer,step,n,dim,explainedPc1,explainedPc2');
    expect(table).toContain('pca-train-layer3-step10,representations/train-layer3-step10.safetensors,train,3,10,200,16,');
  });

  it('says how to get representations when the sweep folder has none', async () => {
    const sweepDir = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'));
    const report = await writeReport(sweepDir, { seed: 0, nResamples: 500 });
    const html = readFileSync(report.html, 'utf8');
    expect(html).toContain('No saved hidden states in this sweep folder');
    expect(html).toContain('representations/&lt;name&gt;.safetensors');
    expect(html).toContain('probe.saveRepresentations');
    expect(readFileSync(report.summary, 'utf8')).toContain('No saved hidden states');
  });
});

describe('representations saved by trials', () => {
  it('are found beside the first trial checkpoints when the sweep has no representations folder', async () => {
    const sweepDir = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'));
    const points = new Float32Array(40 * 3).map((_, i) => (i % 7) - 3);
    const tasks = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    for (const trial of ['b-trial', 'a-trial']) {
      writeRepresentationFile(join(sweepDir, 'checkpoints', trial, 'representations', 'train-layer3-step0.safetensors'), points, 40, 3, tasks, { split: 'train' });
    }
    const found = await findRepresentations(sweepDir);
    expect(found).toEqual([join(sweepDir, 'checkpoints', 'a-trial', 'representations', 'train-layer3-step0.safetensors')]);
  });
});
