// clusterlens train <config.yaml> --out <dir>: one trial with a progress bar, metrics tables and checkpoints.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { stringify } from 'yaml';

import { parseTrialYaml, runTrial, saveTrialModel, TrialAbortedError } from '@clusterlens/experiment';
import { METRICS_LOG_FILE } from '@clusterlens/schema';

import { writeMetricsCsv, writeMetricsParquet } from '../metrics-files.js';
import { TrialProgressBar } from '../progress.js';
import { accuracySummary, alignmentSummary, ariSummary } from '../summary.js';

export interface TrainOptions {
  out: string;
  set: string[];
  threads?: number;
  progress: boolean;
}

export async function trainCommand(configFile: string, options: TrainOptions): Promise<number> {
  const config = parseTrialYaml(await readFile(configFile, 'utf8'), options.set, configFile);
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'config.yaml'), stringify(config));

  const bar = options.progress ? new TrialProgressBar('train') : undefined;
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);  // a second Ctrl-C does not wait for the checkpoint
    process.stderr.write('\nstopping after this step (Ctrl-C again to quit at once)...\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await runTrial(config, {
      threads: options.threads,
      checkpointDir: join(out, 'checkpoints'),
      signal: abort.signal,
      metricsLog: { file: join(out, METRICS_LOG_FILE) },
      onProgress: (p) => bar?.update(p),
    });
    bar?.stop();
    await writeMetricsCsv(join(out, 'metrics.csv'), result.rows);
    await writeMetricsParquet(join(out, 'metrics.parquet'), result.rows);
    await saveTrialModel(result.model, result.config, join(out, 'model'));
    const summary = [`# Trial ${configFile}`, '', ariSummary(result.rows), accuracySummary(result.rows), alignmentSummary(result.rows)].join('\n');
    await writeFile(join(out, 'summary.md'), summary);
    process.stdout.write(summary);
    process.stdout.write(`\nWrote ${out}/metrics.csv, metrics.parquet, metrics.jsonl, summary.md, model/ and checkpoints/\n`);
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof TrialAbortedError) {
      process.stderr.write(`Stopped after step ${error.step}; the checkpoint is in ${out}/checkpoints. Run the same command to resume.\n`);
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
