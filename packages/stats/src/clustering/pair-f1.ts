// F1 of pair-counting precision and recall.
import { contingency } from './contingency.js';
import type { Labels } from './labels.js';
import { pairConfusion } from './pair-confusion.js';

/**
 * F1 of pair-counting precision tp / (tp + fp) and recall tp / (tp + fn), with the counts of
 * scikit-learn's pair_confusion_matrix(labelsTrue, labelsPred): 2 tp / (2 tp + fp + fn), and 0 when
 * no pair is together in both labelings (including when precision or recall is 0 / 0).
 */
export function pairF1(labelsTrue: Labels, labelsPred: Labels): number {
  const { tp, fp, fn } = pairConfusion(contingency(labelsTrue, labelsPred));
  if (tp === 0n) return 0;
  return Number(2n * tp) / Number(2n * tp + fp + fn);
}
