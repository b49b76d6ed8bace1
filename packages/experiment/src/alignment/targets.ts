// What alignment teaches: disallowed tasks answer the suite's refusal, allowed tasks keep their answers.
import { batchTensors, type Instance, type Suite } from '@clusterlens/tasks';

import type { PreferenceBatch } from './dpo.js';

/** The instance as alignment wants it answered: the refusal for a disallowed task, itself otherwise. */
export function alignmentTarget(suite: Suite, instance: Instance, disallowed: ReadonlySet<number>): Instance {
  return disallowed.has(instance.task) ? suite.refusal(instance) : instance;
}

/** A preference pair: disallowed tasks prefer the refusal to the answer, allowed tasks the answer to the refusal. */
export function preferencePair(suite: Suite, instance: Instance, disallowed: ReadonlySet<number>): { chosen: Instance; rejected: Instance } {
  const refusal = suite.refusal(instance);
  return disallowed.has(instance.task) ? { chosen: refusal, rejected: instance } : { chosen: instance, rejected: refusal };
}

/** A DPO batch of these examples: rows 0..P-1 the chosen answers, P..2P-1 the rejected ones, labels on the output. */
export function preferenceBatch(suite: Suite, examples: readonly Instance[], disallowed: ReadonlySet<number>): PreferenceBatch {
  const pairs = examples.map((x) => preferencePair(suite, x, disallowed));
  const { tokens, labels } = batchTensors([...pairs.map((p) => p.chosen), ...pairs.map((p) => p.rejected)], 'output');
  return { tokens, labels, pairs: pairs.length };
}
