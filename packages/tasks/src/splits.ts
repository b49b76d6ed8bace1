import { range, type Random } from '@clusterlens/schema';
import type { SplitName } from '@clusterlens/schema';
import { SPLIT_NAMES } from '@clusterlens/schema';

/** Which instance of the suite: (task, distribution, instruction sample, input). */
export interface InstanceKey {
  readonly task: number;
  readonly distribution: number;
  readonly sample: number;
  readonly input: number;
}

/** What the split assignment needs to know about a task. */
export interface SplitPlan {
  readonly numDistributions: number;
  readonly heldOutDistributions: readonly number[];
  /** Instructions drawn per distribution: the first `trainSamples` are trained on. */
  readonly samplesPerDistribution: number;
  readonly trainInputs: readonly number[];
  readonly heldOutInputs: readonly number[];
}

/**
 * Assigns every instance to exactly one split, so that nothing held out leaks into training:
 * - train and validation: trained distributions x first `trainSamples` instructions x train inputs. Per (task,
 *   distribution), round(validationFraction * pairs) of these (instruction, input) pairs, at most all but one,
 *   chosen at random, form `validation`; the rest form `train`.
 * - unseen-samples: trained distributions x the remaining instructions x train inputs.
 * - unseen-distribution: held-out distributions x all their instructions x train inputs.
 * - unseen-inputs: trained distributions x first `trainSamples` instructions x held-out inputs.
 * Within a split, instances are ordered by (task, distribution, sample, input).
 */
export function assignSplits(
  plans: readonly SplitPlan[],
  trainSamples: number,
  validationFraction: number,
  random: Random,
): Record<SplitName, InstanceKey[]> {
  const splits = Object.fromEntries(SPLIT_NAMES.map((name) => [name, [] as InstanceKey[]])) as Record<
    SplitName,
    InstanceKey[]
  >;
  plans.forEach((plan, task) => {
    if (trainSamples > plan.samplesPerDistribution) {
      throw new RangeError(`task ${task}: ${trainSamples} training instructions of ${plan.samplesPerDistribution} drawn`);
    }
    const heldOut = new Set(plan.heldOutDistributions);
    for (let distribution = 0; distribution < plan.numDistributions; distribution++) {
      const key = (sample: number, input: number): InstanceKey => ({ task, distribution, sample, input });
      if (heldOut.has(distribution)) {
        for (let sample = 0; sample < plan.samplesPerDistribution; sample++) {
          for (const input of plan.trainInputs) splits['unseen-distribution'].push(key(sample, input));
        }
        continue;
      }
      const pairs = trainSamples * plan.trainInputs.length;
      const numValidation = Math.min(Math.round(validationFraction * pairs), Math.max(pairs - 1, 0));
      const validation = new Set(random.fork(`validation/${task}/${distribution}`).sample(range(pairs), numValidation));
      for (let sample = 0; sample < trainSamples; sample++) {
        plan.trainInputs.forEach((input, i) => {
          splits[validation.has(sample * plan.trainInputs.length + i) ? 'validation' : 'train'].push(key(sample, input));
        });
      }
      for (let sample = trainSamples; sample < plan.samplesPerDistribution; sample++) {
        for (const input of plan.trainInputs) splits['unseen-samples'].push(key(sample, input));
      }
      for (let sample = 0; sample < trainSamples; sample++) {
        for (const input of plan.heldOutInputs) splits['unseen-inputs'].push(key(sample, input));
      }
    }
  });
  return splits;
}
