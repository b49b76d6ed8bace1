// Where a sweep run as independent tasks stands, read from its plan and its trials' folders (no coordinator, no store).
import { mkdir, writeFile } from 'node:fs/promises';

import { beforeAll, describe, expect, it } from 'vitest';

import { metricsLogLines } from '@clusterlens/schema';
import { plan, readTaskSweepStatus, runSweepTask, trialFolder, type SweepSpecInput } from '@clusterlens/sweep';

import { registerFixtures, tempDir } from './support/fixtures.js';

beforeAll(() => registerFixtures());

const spec: SweepSpecInput = { name: 'tasks', trial: 'noop', interventions: { a: { x: 1 }, b: { x: 2 } }, seeds: [0, 1] };

describe('readTaskSweepStatus', () => {
  it('reads done trials from result.json, started ones from their live rows, the rest as pending', async () => {
    const dir = await tempDir();
    const trials = plan(spec, { codeVersion: 'fixtures-1' });
    await runSweepTask(spec, { dir, task: 0, trialsPerTask: 1 });
    // A trial whose task has evaluated twice and not finished: live rows, no result.json.
    const started = trialFolder(dir, trials[2]!.id);
    await mkdir(started, { recursive: true });
    const rows = [0, 10].map((step) => ({ split: 'train', layer: 1, step, metric: 'ari', value: step / 100 }));
    await writeFile(`${started}/metrics.jsonl`, metricsLogLines(rows, trials[2]!.id));

    const view = await readTaskSweepStatus(spec, dir);
    expect(view.source).toBe('tasks');
    expect(view.trials.map((t) => t.status)).toEqual(['done', 'pending', 'running', 'pending']);
    expect(view.trials[0]).toMatchObject({ id: trials[0]!.id, attempts: 1, error: null, codeVersion: 'fixtures-1' });
    expect(view.running).toEqual([{ id: trials[2]!.id, label: trials[2]!.label, latest: [{ trial: trials[2]!.id, ...rows[1]! }] }]);
  });
});
