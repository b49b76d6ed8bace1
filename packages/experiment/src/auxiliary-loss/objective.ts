// The auxiliary loss as a step objective of @clusterlens/model's Gpt.step: read the probe-position states of one
// residual layer from the step's own forward pass, and hand the loss's gradient back at that layer.
import type { StepObjective } from '@clusterlens/model';
import type { Instance } from '@clusterlens/tasks';

import { gatherRepresentations, scatterRepresentationGrad, type ProbePosition } from '../representations.js';
import { centreLoss } from './centre.js';
import type { AuxiliaryLossConfig } from './config.js';
import type { LabelledStates, StatesLoss } from './states.js';
import { supconLoss } from './supcon.js';

/** The loss function a config names, on labelled states. */
export function auxiliaryLossFunction(loss: AuxiliaryLossConfig): (input: LabelledStates) => StatesLoss {
  return loss.kind === 'supcon' ? (input) => supconLoss(input, loss.temperature) : centreLoss;
}

/** The two parts of a step's objective, as the trial records them. */
export interface AuxiliaryStepValues {
  /** The batch's language-model loss. */
  languageModel: number;
  /** The auxiliary loss, unweighted. */
  auxiliary: number;
}

/**
 * The objective language-model loss + weight * auxiliary loss on a batch of instances (in batch order, each
 * instance's task its label), the states taken at `position` (C wide) of residual layer loss.layer.
 * `onValues` gets both parts once the step's forward pass has computed them.
 */
export function auxiliaryObjective(
  loss: AuxiliaryLossConfig,
  position: ProbePosition,
  instances: readonly Instance[],
  C: number,
  onValues?: (values: AuxiliaryStepValues) => void,
): StepObjective {
  const lossOf = auxiliaryLossFunction(loss);
  const T = instances[0].tokens.length;
  return {
    hidden: [loss.layer],
    compute: ({ loss: languageModel, hidden }) => {
      const states = new Float32Array(instances.length * C);
      gatherRepresentations(states, 0, hidden.get(loss.layer)!, instances, T, C, position);
      const auxiliary = lossOf({ states, tasks: instances.map((instance) => instance.task), C });
      const grad = new Float32Array(instances.length * T * C);
      const weighted = auxiliary.grad.map((g) => g * loss.weight);
      scatterRepresentationGrad(grad, weighted, 0, instances, T, C, position);
      onValues?.({ languageModel, auxiliary: auxiliary.loss });
      return { loss: languageModel + loss.weight * auxiliary.loss, hiddenGrad: { layer: loss.layer, grad } };
    },
  };
}
