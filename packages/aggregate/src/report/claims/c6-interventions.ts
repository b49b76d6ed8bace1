// C6: each pre-training intervention is compared with the baseline with a bootstrap confidence interval on the
// difference; the result may be positive, null or negative. Paired on the seed (and on the swept axes, so an
// intervention is only compared with the baseline at the same axis values).
import { groupBy } from '../../rows/group-by.js';
import { conditionOf } from '../conditions.js';
import type { HeadlineOutcome } from '../headline-outcomes.js';
import { outcomeRowsWithConfig } from '../outcome-rows-with-config.js';
import { pickOutcomes } from '../pick-outcomes.js';
import { withBootstrapInterval, type ClaimResult, type Finding } from './claim.js';
import { pairedStatistic } from './paired-statistic.js';
import type { ReportContext } from './report-context.js';
import { differenceDirection } from './verdict-rules.js';

export const C6_STATEMENT =
  'Each pre-training intervention is compared with the baseline with a bootstrap confidence interval on the difference (positive, null or negative: reported, not assumed).';

function betterOrWorse(direction: string, higherIsBetter: boolean): string {
  if (direction === 'positive') return higherIsBetter ? 'better' : 'worse';
  if (direction === 'negative') return higherIsBetter ? 'worse' : 'better';
  return direction === 'null' ? 'no difference shown' : 'undetermined';
}

/** Findings of one outcome: every intervention against the baseline at every axis point. */
export function compareWithBaseline(context: ReportContext, headline: HeadlineOutcome): Finding[] {
  const { sweep, baseline } = context;
  const picked = pickOutcomes(context.outcomes, headline);
  const rows = outcomeRowsWithConfig(sweep, picked, sweep.axisPaths);
  const findings: Finding[] = [];
  for (const { key, rows: point } of groupBy(rows, sweep.axisPaths)) {
    for (const intervention of sweep.interventions) {
      if (intervention === baseline) continue;
      const paired = pairedStatistic(
        `${headline.label}: ${intervention} - ${baseline}`,
        point,
        { by: 'intervention', treatment: intervention, control: baseline, match: ['seed'] },
        context.statistics,
      );
      const s = paired.statistic;
      if (!s) continue;
      const axes = Object.fromEntries(sweep.axisPaths.map((p) => [p, key[p]]));
      const treated = conditionOf({ intervention, axes: Object.fromEntries(Object.entries(axes).filter(([, v]) => v !== null)) });
      const control = conditionOf({ intervention: baseline, axes: Object.fromEntries(Object.entries(axes).filter(([, v]) => v !== null)) });
      const censored = point.filter((r) => r.censored === 'true' && (r.intervention === intervention || r.intervention === baseline)).length;
      const direction = differenceDirection(s.bootstrapLow, s.bootstrapHigh);
      const level = Math.round(context.statistics.confidenceLevel * 100);
      findings.push({
        condition: `${treated} vs ${control}`,
        scope: headline.label,
        text:
          `${headline.label}: ${treated} - ${control} = ${withBootstrapInterval(s, { signed: true, digits: headline.higherIsBetter ? 3 : 1 })} (${level}% BCa bootstrap, n=${s.n} seed pairs` +
          `${censored > 0 ? `, ${censored} run(s) never reached the threshold, counted at their last step` : ''}` +
          `${paired.undefinedPairs > 0 ? `, ${paired.undefinedPairs} undefined pair(s) left out` : ''}): ` +
          `${direction} (${betterOrWorse(direction, headline.higherIsBetter)})`,
        verdict: direction,
        ...(direction === 'positive' || direction === 'negative' ? { assessment: (direction === 'positive') === headline.higherIsBetter ? 'better' : 'worse' } : {}),
        statistics: [s],
      });
    }
  }
  return findings;
}

export function claimC6(context: ReportContext, headlines: readonly HeadlineOutcome[]): ClaimResult {
  const level = Math.round(context.statistics.confidenceLevel * 100);
  const findings = context.sweep.interventions.length > 1 ? headlines.flatMap((h) => compareWithBaseline(context, h)) : [];
  return {
    id: 'C6',
    statement: C6_STATEMENT,
    rule:
      `Per seed: the outcome of the intervention minus the baseline's (${context.baseline}), same seed and same axis values. ` +
      `Positive / negative: the ${level}% BCa bootstrap interval of the mean difference lies above / below 0; null: it ` +
      'contains 0. Better or worse follows the outcome (fewer steps to a threshold is better). The rliable figures show ' +
      'the IQM of each condition and the probability of improvement over the baseline.',
    findings,
    notAssessed:
      findings.length === 0
        ? context.sweep.interventions.length > 1
          ? 'no intervention shares seeds with the baseline; give every intervention the same seeds'
          : 'this sweep has a single intervention; add interventions to the sweep spec to compare them with the baseline'
        : undefined,
  };
}
