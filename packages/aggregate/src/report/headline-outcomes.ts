// The outcomes interventions are compared on (PROTOCOL section 6: ARI trajectory, steps to 95% output accuracy,
// final accuracy on each split), one number per trial each.
import { pickOutcomes } from './pick-outcomes.js';
import type { OutcomeId, TrialOutcome } from './trial-outcomes.js';

export interface HeadlineOutcome {
  /** Display name, e.g. 'final ARI, top layer (train)'. */
  label: string;
  outcome: OutcomeId;
  split: string;
  layer: 'top' | null;
  /** Steps to a threshold are better when fewer. */
  higherIsBetter: boolean;
}

export function headlineOutcomes(outcomes: readonly TrialOutcome[], splits: readonly string[], threshold: number, accuracyThreshold: number): HeadlineOutcome[] {
  const candidates: HeadlineOutcome[] = [
    ...splits.map((split) => ({ label: `final ARI, top layer (${split})`, outcome: 'final-ari' as const, split, layer: 'top' as const, higherIsBetter: true })),
    ...splits.map((split) => ({ label: `final accuracy (${split})`, outcome: 'final-accuracy' as const, split, layer: null, higherIsBetter: true })),
    ...['train', 'validation'].map((split) => ({
      label: `steps to ARI ≥ ${threshold}, top layer (${split})`,
      outcome: 'steps-to-ari' as const,
      split,
      layer: 'top' as const,
      higherIsBetter: false,
    })),
    {
      label: `steps to ${Math.round(accuracyThreshold * 100)}% accuracy (train)`,
      outcome: 'steps-to-accuracy',
      split: 'train',
      layer: null,
      higherIsBetter: false,
    },
    { label: 'mean ARI over training, top layer (train)', outcome: 'ari-auc', split: 'train', layer: 'top', higherIsBetter: true },
  ];
  return candidates.filter((h) => pickOutcomes(outcomes, h).some((o) => Number.isFinite(o.value)));
}
