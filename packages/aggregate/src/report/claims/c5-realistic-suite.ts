// C5: the realistic (natural-language) suite shows C1-C2. The trials whose config says data.kind: natural are
// read with the C1 and C2 measurements.
import type { ClaimResult, Finding } from './claim.js';
import { riseAndSaturation } from './c1-rise-and-saturation.js';
import { depthProfile } from './c2-depth.js';
import { seenSplits, type ReportContext } from './report-context.js';
import { conditionOf } from '../conditions.js';

export const C5_STATEMENT = 'The realistic suite shows C1-C2.';

export function naturalConditions(context: ReportContext): string[] {
  const natural = new Set(context.sweep.done.filter((t) => t.config['data.kind'] === 'natural').map(conditionOf));
  return context.conditions.filter((c) => natural.has(c));
}

export function claimC5(context: ReportContext): ClaimResult {
  const conditions = naturalConditions(context);
  const splits = seenSplits(context);
  const findings: Finding[] = [];
  for (const condition of conditions) {
    for (const split of splits) {
      const c1 = riseAndSaturation(context, condition, split);
      if (c1) findings.push({ ...c1, scope: `C1, ${c1.scope}` });
      const c2 = depthProfile(context, condition, split);
      if (c2) findings.push({ ...c2, scope: `C2, ${c2.scope}` });
    }
  }
  return {
    id: 'C5',
    statement: C5_STATEMENT,
    rule: 'The C1 and C2 measurements and rules, on the trials with data.kind: natural.',
    findings,
    notAssessed:
      findings.length === 0
        ? 'no finished trials with data.kind: natural in this sweep; run one with `base: { data: { kind: natural } }` (or an intervention that sets it)'
        : undefined,
  };
}
