export { centreLoss } from './centre.js';
export { supconLoss } from './supcon.js';
export { auxiliaryLossApplies, auxiliaryLossSchema, auxiliaryLossWindow, type AuxiliaryLossConfig } from './config.js';
export { auxiliaryLossFunction, auxiliaryObjective, type AuxiliaryStepValues } from './objective.js';
export { trainingStep } from './training-step.js';
export type { LabelledStates, StatesLoss } from './states.js';
