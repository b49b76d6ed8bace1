// A condition is what seeds are repeats of: one intervention at one point of the swept axes. Statistics
// across seeds are computed per condition, never across conditions.
import type { TrialInfo } from './read-trials.js';

function formatAxisValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** 'output' or 'output optimizer.lr=0.002': the trial's label without its seed. */
export function conditionOf(trial: Pick<TrialInfo, 'intervention' | 'axes'>): string {
  const axes = Object.entries(trial.axes).map(([path, value]) => `${path}=${formatAxisValue(value)}`);
  return [trial.intervention, ...axes].join(' ');
}

/** Interventions in the order the sweep added them. */
export function interventionsOf(trials: readonly TrialInfo[]): string[] {
  return [...new Set(trials.map((t) => t.intervention))];
}

/** Conditions in the order the sweep added them. */
export function conditionsOf(trials: readonly TrialInfo[]): string[] {
  return [...new Set(trials.map(conditionOf))];
}

/** Names that mean "no intervention", in order of preference, when the user names no baseline. */
export const BASELINE_NAMES = ['baseline', 'none', 'control', 'default'];

/** The baseline intervention: the one asked for, else a conventional name, else the first the sweep added. */
export function chooseBaseline(interventions: readonly string[], requested?: string): string {
  if (requested !== undefined) {
    if (!interventions.includes(requested)) {
      throw new RangeError(`baseline: no intervention named '${requested}' in this sweep (it has ${interventions.join(', ')})`);
    }
    return requested;
  }
  return BASELINE_NAMES.find((name) => interventions.includes(name)) ?? interventions[0];
}
