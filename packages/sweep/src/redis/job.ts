// What travels through the queue. Errors travel as values so their name and retryability survive.
import type { JsonMetricRow } from '@clusterlens/schema';

export const JOB_NAME = 'trial';
export const DEFAULT_QUEUE = 'clusterlens';

export interface TrialJobData {
  trialId: string;
  /** The registered trial function's name; each worker resolves it in its own registry. */
  trialFunction: string;
  /** Set for an ensemble job: the registration's ensemble export (config is then an EnsembleConfig). */
  ensemble?: boolean;
  config: unknown;
}

/** An ensemble member's rows as they travel (JSON). */
export interface JsonMemberRows {
  trialId: string;
  rows: JsonMetricRow[];
}

export type TrialJobResult =
  // BullMQ stores return values as JSON: rows travel with their non-finite values by name.
  | { ok: true; rows: JsonMetricRow[]; members?: JsonMemberRows[]; host: string }
  | { ok: false; error: { name: string; message: string; retryable: boolean }; host: string };
