// What travels through the queue. Errors travel as values so their name and retryability survive.
import type { JsonMetricRow } from '@clusterlens/schema';

export const JOB_NAME = 'trial';
export const DEFAULT_QUEUE = 'clusterlens';

export interface TrialJobData {
  trialId: string;
  /** The registered trial function's name; each worker resolves it in its own registry. */
  trialFunction: string;
  config: unknown;
}

export type TrialJobResult =
  // BullMQ stores return values as JSON: rows travel with their non-finite values by name.
  | { ok: true; rows: JsonMetricRow[]; host: string }
  | { ok: false; error: { name: string; message: string; retryable: boolean }; host: string };
