// The trial's live metrics file: what a reader of a running trial sees, and what it sees after a resume.
import { readFileSync } from 'node:fs';
import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { runTrial, TrialAbortedError } from '@clusterlens/experiment';
import { metricsLogLines, parseMetricsLog, type TrialMetricRow } from '@clusterlens/schema';

import { SMALL_TRIAL } from './support/small-trial.js';

let uninterrupted: TrialMetricRow[];

beforeAll(async () => {
  const result = await runTrial(SMALL_TRIAL);
  uninterrupted = result.rows;
  result.model.dispose();
});

const logged = async (file: string) => parseMetricsLog(await readFile(file, 'utf8'), file);

describe('live metrics file', () => {
  it('holds every row of the trial, in the order the trial reports them', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'clusterlens-live-')), 'metrics.jsonl');
    const result = await runTrial(SMALL_TRIAL, { metricsLog: { file, trial: 'x1' } });
    result.model.dispose();
    expect(await logged(file)).toEqual(uninterrupted.map((row) => ({ trial: 'x1', ...row })));
  });

  it('has each evaluation on disk before the trial moves on', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'clusterlens-live-')), 'metrics.jsonl');
    const seen: number[] = [];
    const result = await runTrial(SMALL_TRIAL, {
      metricsLog: { file },
      onRows: (rows) => void seen.push(rows[0]!.step),
      onProgress: (p) => {
        // The first training step after an evaluation: that evaluation's rows are in the file.
        if (p.phase === 'train' && seen.length > 0 && p.step === seen[seen.length - 1]! + 1) {
          expect(readStepsSync(file)).toContain(seen[seen.length - 1]);
        }
      },
    });
    result.model.dispose();
    expect(seen.length).toBeGreaterThan(2);
  });

  it('after a resume holds each row once, even rows computed after the checkpoint before the stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clusterlens-live-'));
    const file = join(dir, 'metrics.jsonl');
    const abort = new AbortController();
    const stopped = runTrial(SMALL_TRIAL, { checkpointDir: dir, metricsLog: { file }, signal: abort.signal, onProgress: (p) => void (p.step === 55 && abort.abort()) });
    await expect(stopped).rejects.toBeInstanceOf(TrialAbortedError);
    // A process killed after an evaluation but before its next checkpoint leaves rows the checkpoint does not have.
    await appendFile(file, metricsLogLines(uninterrupted.filter((r) => r.step > 55)));
    const resumed = await runTrial(SMALL_TRIAL, { checkpointDir: dir, metricsLog: { file } });
    resumed.model.dispose();
    expect(resumed.resumedFrom).toBe(55);
    expect(await logged(file)).toEqual(uninterrupted);
  });
});

function readStepsSync(file: string): number[] {
  return parseMetricsLog(readFileSync(file, 'utf8')).map((r) => r.step);
}
