// The claims decided on a synthetic sweep, by id, without writing a report (assessClaims): what the verdict-rule
// tests read.
import { join } from 'node:path';
import { assessClaims, type ClaimId, type ClaimResult, type VerdictThresholds } from '@clusterlens/report';

import { temporaryFolder } from './duckdb-files.js';
import { writeSyntheticSweep, type SyntheticSweepOptions } from './synthetic-sweep.js';

/** One baseline, five seeds, train and validation only: small and fast; options add what a test needs. */
export const SMALL_SWEEP: SyntheticSweepOptions = { interventions: ['baseline'], seeds: [0, 1, 2, 3, 4], splits: ['train', 'validation'] };

export async function claimsOf(sweep: SyntheticSweepOptions, thresholds: Partial<VerdictThresholds> = {}): Promise<Record<ClaimId, ClaimResult>> {
  const sweepDir = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'), { ...SMALL_SWEEP, ...sweep });
  const claims = await assessClaims(sweepDir, { seed: 0, nResamples: 100, thresholds });
  return Object.fromEntries(claims.map((c) => [c.id, c])) as Record<ClaimId, ClaimResult>;
}

/** [scope, verdict] of each finding of a claim. */
export function verdicts(claim: ClaimResult): [string, string][] {
  return claim.findings.map((f) => [f.scope, f.verdict]);
}
