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
