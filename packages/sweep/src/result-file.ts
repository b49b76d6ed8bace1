// result.json: a trial's outcome written next to its checkpoint by a trial run outside the coordinator (a Slurm
// array task), for `collectSweep` to record in the store. The file is written to a temporary name and renamed, so
// a reader never sees half of one.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { metricRowsFromJson, metricRowsToJson, type JsonMetricRow, type MetricRow } from '@clusterlens/schema';

export const RESULT_FILE = 'result.json';

/** A trial's folder in a sweep folder: its checkpoint, its live metrics and its result.json. */
export function trialFolder(sweepDir: string, trialId: string): string {
  return join(sweepDir, 'checkpoints', trialId);
}

interface TrialOutcomeBase {
  id: string;
  label: string;
  host: string;
  /** ISO 8601, UTC. */
  startedAt: string;
  finishedAt: string;
  seconds: number;
  /** The code version of the trial's id. */
  codeVersion: string;
}

export interface TrialDoneFile extends TrialOutcomeBase {
  status: 'done';
  rows: MetricRow[];
}

export interface TrialFailedFile extends TrialOutcomeBase {
  status: 'failed';
  error: string;
  /** Attempts the task made before giving up. */
  attempts: number;
}

export type TrialResultFile = TrialDoneFile | TrialFailedFile;

/** Writes `<folder>/result.json` through a temporary file in the same folder (a rename is atomic there). */
export async function writeTrialResult(folder: string, result: TrialResultFile): Promise<void> {
  await mkdir(folder, { recursive: true });
  const file = join(folder, RESULT_FILE);
  const tmp = `${file}.${randomUUID()}.tmp`;
  const json = result.status === 'done' ? { ...result, rows: metricRowsToJson(result.rows) } : result;
  try {
    await writeFile(tmp, `${JSON.stringify(json)}\n`);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** The trial's result.json, or undefined when there is none yet; a malformed one is an error naming the file. */
export async function readTrialResult(folder: string): Promise<TrialResultFile | undefined> {
  const file = join(folder, RESULT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message}); delete it and run the trial's task again`);
  }
  return checkResult(value, file);
}

function checkResult(value: unknown, file: string): TrialResultFile {
  const bad = (field: string, expected: string): never => {
    throw new Error(`${file}: '${field}' must be ${expected}; delete the file and run the trial's task again`);
  };
  if (typeof value !== 'object' || value === null) return bad('(root)', 'an object');
  const record = value as Record<string, unknown>;
  for (const field of ['id', 'label', 'host', 'startedAt', 'finishedAt', 'codeVersion'] as const) {
    if (typeof record[field] !== 'string') bad(field, 'a string');
  }
  if (typeof record.seconds !== 'number') bad('seconds', 'a number');
  if (record.status === 'done') {
    if (!Array.isArray(record.rows)) bad('rows', 'an array of metric rows');
    return { ...(record as unknown as TrialDoneFile), rows: metricRowsFromJson(record.rows as JsonMetricRow[]) };
  }
  if (record.status === 'failed') {
    if (typeof record.error !== 'string') bad('error', 'a string');
    if (typeof record.attempts !== 'number') bad('attempts', 'a number');
    return record as unknown as TrialFailedFile;
  }
  return bad('status', "'done' or 'failed'");
}
