// C4: unseen instances that land in their task's cluster are answered correctly far more often than those that
// do not (PROTOCOL section 4). Per seed at the top layer and the last step: accuracy in cluster minus accuracy
// out of cluster, paired on the trial.
import { pickOutcomes } from '../pick-outcomes.js';
import { outcomesAsRows } from '../trial-outcomes.js';
import { statisticOf, withTInterval, type ClaimResult, type Finding, type StatisticRow } from './claim.js';
import { pairedStatistic } from './paired-statistic.js';
import type { ReportContext } from './report-context.js';

export const C4_STATEMENT =
  "Unseen instances that land in their task's cluster are answered correctly far more often than those that do not.";

export function clusterAccuracyGap(context: ReportContext, condition: string, split: string): Finding | null {
  const where = { condition, split, layer: 'top' as const };
  const inside = pickOutcomes(context.outcomes, { ...where, outcome: 'final-accuracy-in-cluster' });
  const outside = pickOutcomes(context.outcomes, { ...where, outcome: 'final-accuracy-out-of-cluster' });
  if (inside.length === 0 || outside.length === 0) return null;
  const o = context.statistics;
  const fraction = pickOutcomes(context.outcomes, { ...where, outcome: 'final-in-cluster-fraction' });
  const inStat = statisticOf('accuracy in own cluster (top layer, last step)', inside.map((x) => x.value), o);
  const outStat = statisticOf('accuracy out of own cluster (top layer, last step)', outside.map((x) => x.value), o);
  const fractionStat = statisticOf('fraction in own cluster', fraction.map((x) => x.value), o);
  const paired = pairedStatistic(
    'in - out of cluster accuracy (paired by trial)',
    outcomesAsRows([...inside, ...outside]),
    { by: 'outcome', treatment: 'final-accuracy-in-cluster', control: 'final-accuracy-out-of-cluster', match: ['trial'] },
    o,
  );
  const gap = paired.statistic;
  const statistics = [inStat, outStat, fractionStat, gap].filter((s): s is StatisticRow => s !== null);
  const undefinedNote = paired.undefinedPairs > 0 ? `; ${paired.undefinedPairs} seed(s) left out: no instance on one side` : '';
  if (!gap) {
    return {
      condition,
      scope: `${split}, top layer`,
      text: `${split}: no seed has instances both in and out of their cluster${undefinedNote}`,
      verdict: 'not assessed',
      statistics,
    };
  }
  const enough = gap.tLow !== null;
  const holds = enough && gap.tLow! > 0;
  return {
    condition,
    scope: `${split}, top layer`,
    text:
      `${split}: accuracy in cluster ${inStat ? withTInterval(inStat) : 'n/a'} vs out of cluster ${outStat ? withTInterval(outStat) : 'n/a'}; ` +
      `difference ${withTInterval(gap, { signed: true })} (n=${gap.n}${undefinedNote}); ` +
      `${fractionStat ? `${withTInterval(fractionStat)} of instances in their own cluster` : ''}` +
      `: ${enough ? (holds ? 'in-cluster instances answered better' : 'no advantage shown') : 'fewer than 2 seeds'}`,
    verdict: enough ? (holds ? 'supported' : 'not supported') : 'not enough seeds',
    statistics,
  };
}

export function claimC4(context: ReportContext, conditions: readonly string[] = context.conditions): ClaimResult {
  const splits = context.sweep.splits.filter((s) => s.startsWith('unseen'));
  const findings = conditions.flatMap((c) => splits.map((s) => clusterAccuracyGap(context, c, s))).filter((f): f is Finding => f !== null);
  const level = Math.round(context.statistics.confidenceLevel * 100);
  return {
    id: 'C4',
    statement: C4_STATEMENT,
    rule:
      `k-means fit on training hidden states; each unseen instance assigned to its nearest centroid. Per seed at the top ` +
      `layer and last step: accuracy of instances in their own task's cluster minus accuracy of the others. Supported: ` +
      `the difference's ${level}% t-interval lies above 0. Seeds with no instance on one side are left out and counted.`,
    findings,
    notAssessed:
      findings.length === 0
        ? 'no accuracy-in-cluster / accuracy-out-of-cluster metrics: add an unseen split (unseen-samples, unseen-distribution, unseen-inputs) to evaluation.splits'
        : undefined,
  };
}
