import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runTrial } from '@clusterlens/experiment';
import { readSafetensors } from '@clusterlens/model';

import { SMALL_TRIAL } from './support/small-trial.js';

describe('saved representations', () => {
  it('a trial saves the training split at its deepest layer at the first and the last evaluation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clusterlens-representations-'));
    const result = await runTrial(SMALL_TRIAL, { checkpointDir: dir });
    result.model.dispose();
    const folder = join(dir, 'representations');
    expect(readdirSync(folder).sort()).toEqual(['train-layer2-step0.safetensors', 'train-layer2-step120.safetensors']);
    const { tensors, metadata } = await readSafetensors(join(folder, 'train-layer2-step120.safetensors'));
    expect(tensors.get('hidden')!.shape).toEqual([48, 32]);
    expect(tensors.get('tasks')!.shape).toEqual([48]);
    expect(metadata).toMatchObject({ split: 'train', layer: '2', step: '120' });
    expect(JSON.parse(metadata.task_names)).toHaveLength(new Set(tensors.get('tasks')!.data as Int32Array).size);
  });
});

describe('representations at chosen steps', () => {
  it('saves them at the listed steps, adding steps the schedule lacks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clusterlens-representations-'));
    const result = await runTrial({ ...SMALL_TRIAL, probe: { representationSteps: [40, 100] } }, { checkpointDir: dir });
    result.model.dispose();
    expect(readdirSync(join(dir, 'representations')).sort()).toEqual(['train-layer2-step100.safetensors', 'train-layer2-step40.safetensors']);
    expect(result.rows.some((r) => r.step === 100 && r.metric === 'ari')).toBe(true);
  });

  it('rejects a step after the end of training, naming it', () => {
    return expect(runTrial({ ...SMALL_TRIAL, probe: { representationSteps: [500] } })).rejects.toThrow(/probe\.representationSteps\[0\]: step 500 is after the last training step 120/);
  });
});
