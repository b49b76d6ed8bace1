export { centreLoss } from './centre.js';
export { supconLoss } from './supcon.js';
export type { LabelledStates, StatesLoss } from './states.js';
