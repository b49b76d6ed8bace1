// C7: cluster-guided alignment is compared with random selection at equal budget, with a bootstrap interval on
// the difference. Trials say which by their config: alignment.selection 'cluster' or 'random'; they are paired
// on the seed and on every other alignment.* setting (method, budget), so budgets are equal by construction.
import { groupBy } from '../../rows/group-by.js';
import type { OutcomeId } from '../trial-outcomes.js';
import { outcomeRowsWithConfig } from '../outcome-rows-with-config.js';
import { withBootstrapInterval, type ClaimResult, type Finding } from './claim.js';
import { pairedStatistic } from './paired-statistic.js';
import type { ReportContext } from './report-context.js';
import { differenceDirection } from './verdict-rules.js';

export const C7_STATEMENT = 'Cluster-guided alignment is compared with random selection at equal budget, likewise.';
export const SELECTION_FIELD = 'alignment.selection';

/** Whole-model metrics at each trial's last step, per split: accuracy and whatever alignment adds (refusal rate). */
function finalWholeModelOutcomes(context: ReportContext) {
  const finals = new Map<string, { trial: string; metric: string; split: string; step: number; value: number }>();
  for (const row of context.sweep.rows) {
    if (row.layer !== null || row.metric === 'train-loss') continue;
    const key = JSON.stringify([row.trial, row.metric, row.split]);
    const seen = finals.get(key);
    if (!seen || row.step > seen.step) finals.set(key, { trial: row.trial, metric: row.metric, split: row.split, step: row.step, value: row.value });
  }
  return [...finals.values()];
}

export function claimC7(context: ReportContext): ClaimResult {
  const { sweep } = context;
  const selections = new Set(sweep.done.map((t) => t.config[SELECTION_FIELD]));
  const base: Omit<ClaimResult, 'findings'> = {
    id: 'C7',
    statement: C7_STATEMENT,
    rule:
      `Per seed: the outcome with ${SELECTION_FIELD}: cluster minus the one with random, same seed and same other alignment ` +
      'settings. Positive / negative / null as for C6 (BCa bootstrap interval of the mean difference).',
  };
  if (!selections.has('cluster') || !selections.has('random')) {
    return {
      ...base,
      findings: [],
      notAssessed: `no alignment trials with both ${SELECTION_FIELD}: cluster and random in this sweep; run an alignment sweep with the two selections at the same budget and seeds`,
    };
  }
  const alignmentFields = [...new Set(sweep.done.flatMap((t) => Object.keys(t.config)))].filter((f) => f.startsWith('alignment.') && f !== SELECTION_FIELD).sort();
  const trialsById = new Map(sweep.done.map((t) => [t.id, t]));
  const outcomes = finalWholeModelOutcomes(context).map((f) => {
    const trial = trialsById.get(f.trial)!;
    return {
      trial: f.trial,
      condition: '',
      intervention: trial.intervention,
      seed: trial.seed,
      outcome: 'final-accuracy' as OutcomeId,
      split: f.split,
      layer: null,
      topLayer: -1,
      value: f.value,
      censored: false,
      metric: f.metric,
    };
  });
  const rows = outcomeRowsWithConfig(sweep, outcomes, [SELECTION_FIELD, ...alignmentFields]);
  const findings: Finding[] = [];
  for (const { key, rows: group } of groupBy(rows, ['metric', 'split', ...alignmentFields])) {
    const setting = alignmentFields.map((f) => `${f}=${key[f]}`).join(' ');
    const label = `final ${key.metric} (${key.split})`;
    const paired = pairedStatistic(`${label}: cluster - random`, group, { by: SELECTION_FIELD, treatment: 'cluster', control: 'random', match: ['seed'] }, context.statistics);
    const s = paired.statistic;
    if (!s) continue;
    const direction = differenceDirection(s.bootstrapLow, s.bootstrapHigh);
    findings.push({
      condition: `cluster vs random${setting ? ` (${setting})` : ''}`,
      scope: label,
      text: `${label}: cluster - random = ${withBootstrapInterval(s, { signed: true })} (BCa bootstrap, n=${s.n} seed pairs): ${direction}`,
      verdict: direction,
      statistics: [s],
    });
  }
  return { ...base, findings, notAssessed: findings.length === 0 ? 'the cluster and random alignment trials share no seeds' : undefined };
}
