// One training step of a trial: inside the auxiliary loss's window the step descends the objective with it, outside
// (or without one) the plain language-model step.
import type { Gpt } from '@clusterlens/model';
import type { Instance } from '@clusterlens/tasks';

import type { TrialConfig } from '../config.js';
import { auxiliaryLossApplies } from './config.js';
import { auxiliaryObjective, type AuxiliaryStepValues } from './objective.js';

/**
 * Trains on one batch, `step` being the number of updates done before it. Returns the language-model loss and, on a
 * step inside the window, the (unweighted) auxiliary loss.
 */
export async function trainingStep(
  gpt: Gpt,
  batch: { tokens: Int32Array; labels: Int32Array; instances: readonly Instance[] },
  config: TrialConfig,
  step: number,
): Promise<{ loss: number; auxiliary?: number }> {
  const { training } = config;
  const options = { batch: batch.instances.length };
  const aux = training.auxiliaryLoss;
  if (!aux || !auxiliaryLossApplies(aux, training.steps, step)) {
    return { loss: await gpt.step(batch.tokens, batch.labels, options) };
  }
  let values: AuxiliaryStepValues | undefined;
  const position = aux.position ?? config.probe.position;
  const objective = auxiliaryObjective(aux, position, batch.instances, config.model.nEmbd, (v) => (values = v));
  await gpt.step(batch.tokens, batch.labels, { ...options, objective });
  return { loss: values!.languageModel, auxiliary: values!.auxiliary };
}
