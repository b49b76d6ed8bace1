// PLACEHOLDER until the `dpo` branch is merged, which replaces this file with the real DPO step. It exports exactly
// that branch's interface so the alignment stage's dpo dispatch compiles; calling it fails with a clear message.
import type { Gpt } from '@clusterlens/model';

export interface PreferenceBatch {
  tokens: Int32Array;
  labels: Int32Array;
  pairs: number;
} // rows 0..P-1 chosen, P..2P-1 rejected; HF labels, -100 outside the response

export async function dpoStep(
  _policy: Gpt,
  _reference: Gpt,
  _batch: PreferenceBatch,
  _beta: number,
): Promise<{ loss: number; rewardMargin: number; accuracy: number }> {
  throw new Error('DPO is not merged yet');
}
