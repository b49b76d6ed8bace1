// The trial config's `training.auxiliaryLoss`: an auxiliary clustering loss on one layer's probe-position states.
import { z } from 'zod';

import { PROBE_POSITIONS } from '../representations.js';

const common = {
  /** lambda: the step descends language-model loss + weight * auxiliary loss. */
  weight: z.number().positive(),
  /** The residual layer whose states it acts on: 1..nLayer (l = output of block l-1). */
  layer: z.number().int().min(1),
  /** Absent: the trial's probe.position. */
  position: z.enum(PROBE_POSITIONS).optional(),
  /** It applies while training goes from step fromStep to step untilStep: the updates that make steps
   * fromStep+1..untilStep. Absent: 0 and training.steps, the whole training. */
  fromStep: z.number().int().min(0).optional(),
  untilStep: z.number().int().min(1).optional(),
};

/**
 * No default is written for the section: configs without it resolve, and hash to trial ids, as before it existed.
 * Inside it only `temperature` (supcon) has a written default; `position` and the window stay absent when left out.
 */
export const auxiliaryLossSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('supcon'), ...common, temperature: z.number().positive().default(0.1) }),
  z.strictObject({ kind: z.literal('centre'), ...common }),
]);

export type AuxiliaryLossConfig = z.output<typeof auxiliaryLossSchema>;

/** The steps (the update count before an update) on which the auxiliary loss applies: [from, until). */
export function auxiliaryLossWindow(loss: AuxiliaryLossConfig, trainingSteps: number): { from: number; until: number } {
  return { from: loss.fromStep ?? 0, until: loss.untilStep ?? trainingSteps };
}

/** Whether the update after `step` updates descends the auxiliary loss. */
export function auxiliaryLossApplies(loss: AuxiliaryLossConfig, trainingSteps: number, step: number): boolean {
  const { from, until } = auxiliaryLossWindow(loss, trainingSteps);
  return step >= from && step < until;
}

type Issue = { code: 'custom'; path: (string | number)[]; message: string };

/** What the schema alone cannot check: the layer against the model's depth and the window against training.steps. */
export function checkAuxiliaryLoss(
  config: { model: { nLayer: number }; training: { steps: number; auxiliaryLoss?: AuxiliaryLossConfig } },
  addIssue: (issue: Issue) => void,
): void {
  const loss = config.training.auxiliaryLoss;
  if (!loss) return;
  const path = (key: string) => ['training', 'auxiliaryLoss', key];
  const { nLayer } = config.model;
  if (loss.layer > nLayer) {
    addIssue({ code: 'custom', path: path('layer'), message: `layer ${loss.layer} does not exist; the auxiliary loss takes a residual layer 1..${nLayer} (model.nLayer)` });
  }
  const { steps } = config.training;
  const { from, until } = auxiliaryLossWindow(loss, steps);
  if (loss.untilStep !== undefined && until > steps) {
    addIssue({ code: 'custom', path: path('untilStep'), message: `step ${until} is after the last training step ${steps}` });
  }
  if (from >= Math.min(until, steps)) {
    const message = `the window [${from}, ${until}) holds no training step; fromStep must be below untilStep and training.steps ${steps}`;
    addIssue({ code: 'custom', path: path('fromStep'), message });
  }
}
