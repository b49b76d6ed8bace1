import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { appendMetricsLog, metricsLogLines, parseMetricsLog, writeMetricsLog, type MetricRow } from '@clusterlens/schema';

const ROWS: MetricRow[] = [
  { split: 'train', layer: 2, step: 0, metric: 'ari', value: 0.25 },
  { split: 'train', layer: null, step: 0, metric: 'accuracy', value: 1 },
  { split: 'validation', layer: 1, step: 10, metric: 'silhouette', value: Number.NaN },
];

describe('metrics log', () => {
  it('writes one JSON object per row, with the trial id when given', () => {
    const lines = metricsLogLines(ROWS.slice(0, 1), 'abc').split('\n');
    expect(lines).toEqual(['{"trial":"abc","split":"train","layer":2,"step":0,"metric":"ari","value":0.25}', '']);
  });

  it('writes an undefined metric as null, which reads back as NaN', () => {
    expect(metricsLogLines(ROWS.slice(2))).toContain('"value":null');
    expect(parseMetricsLog(metricsLogLines(ROWS))).toEqual(ROWS);
  });

  it('leaves out a last line that is still being written', () => {
    const text = metricsLogLines(ROWS) + '{"split":"train","lay';
    expect(parseMetricsLog(text)).toEqual(ROWS);
  });

  it('names the file and line of a row that is not a metric row', () => {
    const text = metricsLogLines(ROWS.slice(0, 1)) + '{"split":"train","layer":1.5,"step":0,"metric":"ari","value":1}\n';
    expect(() => parseMetricsLog(text, 'm.jsonl')).toThrow('m.jsonl:2: layer: expected an integer or null, got 1.5');
  });

  it('rewrites the whole file, then appends after it', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'clusterlens-log-')), 'metrics.jsonl');
    await appendFile(file, metricsLogLines(ROWS));
    await writeMetricsLog(file, ROWS.slice(0, 1), 't');
    await appendMetricsLog(file, ROWS.slice(1, 2), 't');
    expect(parseMetricsLog(await readFile(file, 'utf8'))).toEqual(ROWS.slice(0, 2).map((row) => ({ trial: 't', ...row })));
  });
});
