import { range, SPLIT_NAMES, type Random, type SplitName } from '@clusterlens/schema';

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
 * How many (instruction, input) pairs of one trained distribution `heldout-pairs` takes: round(fraction x pairs),
 * at most all inputs but one of each instruction, so that every held-out pair's instruction is still trained.
 */
export function heldOutPairCount(trainSamples: number, trainInputs: number, fraction: number): number {
  return Math.min(Math.round(fraction * trainSamples * trainInputs), trainSamples * Math.max(trainInputs - 1, 0));
}

/**
 * Assigns every instance to exactly one split (PROTOCOL section 4, revision 2), so that nothing held out leaks into
 * training and no split whose instructions are all trained is mistaken for new instructions:
 * - train and heldout-pairs: trained distributions x the first `trainSamples` instructions x train inputs. Per (task,
 *   distribution), `heldOutPairCount` of these (instruction, input) pairs form `heldout-pairs`: each instruction keeps
 *   one of its inputs, drawn at random, in `train`, and the held-out pairs are drawn at random from the others. The
 *   rest form `train`.
 * - validation: trained distributions x the remaining (never trained) instructions x train inputs.
 * - unseen-distribution: held-out distributions x all their instructions x train inputs.
 * - unseen-inputs: trained distributions x the first `trainSamples` instructions x held-out inputs.
 * Within a split, instances are ordered by (task, distribution, sample, input).
 */
export function assignSplits(
  plans: readonly SplitPlan[],
  trainSamples: number,
  heldOutPairFraction: number,
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
    const inputs = plan.trainInputs.length;
    for (let distribution = 0; distribution < plan.numDistributions; distribution++) {
      const key = (sample: number, input: number): InstanceKey => ({ task, distribution, sample, input });
      if (heldOut.has(distribution)) {
        for (let sample = 0; sample < plan.samplesPerDistribution; sample++) {
          for (const input of plan.trainInputs) splits['unseen-distribution'].push(key(sample, input));
        }
        continue;
      }
      const held = heldOutPairs(trainSamples, inputs, heldOutPairFraction, random.fork(`heldout-pairs/${task}/${distribution}`));
      for (let sample = 0; sample < trainSamples; sample++) {
        plan.trainInputs.forEach((input, i) => {
          splits[held.has(sample * inputs + i) ? 'heldout-pairs' : 'train'].push(key(sample, input));
        });
      }
      for (let sample = trainSamples; sample < plan.samplesPerDistribution; sample++) {
        for (const input of plan.trainInputs) splits.validation.push(key(sample, input));
      }
      for (let sample = 0; sample < trainSamples; sample++) {
        for (const input of plan.heldOutInputs) splits['unseen-inputs'].push(key(sample, input));
      }
    }
  });
  return splits;
}

/** The held-out pairs of one distribution, as indices sample x inputs + input index. */
function heldOutPairs(samples: number, inputs: number, fraction: number, random: Random): Set<number> {
  const count = heldOutPairCount(samples, inputs, fraction);
  if (count === 0) return new Set();
  // Each instruction keeps one input in training; the held-out pairs come from the rest.
  const candidates = range(samples).flatMap((sample) => {
    const kept = random.fork('kept', sample).int(inputs);
    return range(inputs).filter((i) => i !== kept).map((i) => sample * inputs + i);
  });
  return new Set(random.fork('held').sample(candidates, count));
}
