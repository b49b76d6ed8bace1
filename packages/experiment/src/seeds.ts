// A trial's seed tree: every random choice of a trial descends from its seed through one named branch, so the same
// seed draws the same choices in a trial, in `clusterlens probe --seed`, and on any machine.
import { Random, type SplitName } from '@clusterlens/schema';
import { buildSuite, evalSet, type AnySuite, type Instance, type Seeded, type Suite, type SuiteConfig } from '@clusterlens/tasks';

export class TrialSeeds {
  readonly #root: Random;

  constructor(readonly seed: number) {
    this.#root = new Random(seed);
  }

  /**
   * The seed of the trial's task suite when its config leaves `data.seed` out (the default): each trial seed then
   * draws its own suite, so results across seeds cover the suite's randomness too (PROTOCOL section 7, revision 2).
   */
  get suite(): number {
    return this.#root.fork('suite').seed();
  }

  /** The engine's parameter initialisation (an integer: the C++ engine seeds its own generator with it). */
  get init(): number {
    return this.#root.fork('init').seed();
  }

  /** The order of training batches. */
  get sampler(): Random {
    return this.#root.fork('sampler');
  }

  /** Which training sequences carry their task's token (training.taskTokens), forked by step. */
  get taskTokens(): Random {
    return this.#root.fork('task-tokens');
  }

  /** Which instances each split's evaluation set holds. */
  get eval(): Random {
    return this.#root.fork('eval');
  }

  /** The per-layer probe at one evaluation step (k-means restarts, silhouette subsample). */
  probe(step: number): Random {
    return this.#root.fork('probe', step);
  }

  /** The k-means fit of one layer's training states that unseen instances are assigned to (an integer for the engine). */
  clusterFit(step: number, layer: number): number {
    return this.#root.fork('cluster-fit', step, layer).seed();
  }

  /** Alignment (docs/PROTOCOL.md section 6): which tasks a count of `alignment.disallowed` makes disallowed. */
  get disallowed(): Random {
    return this.#root.fork('disallowed');
  }

  /** Alignment: the candidate pool of training instances and the examples chosen from it (k-means seed included). */
  get alignmentSelection(): Random {
    return this.#root.fork('alignment-selection');
  }

  /** Alignment: the order of the alignment batches. */
  get alignmentBatches(): Random {
    return this.#root.fork('alignment-batches');
  }
}

/** The evaluation set of each split that has instances: at most `perSplit` each, drawn from the trial's `eval` branch. */
export function evaluationSets(suite: Suite, splits: readonly SplitName[], perSplit: number, seeds: TrialSeeds): Map<SplitName, Instance[]> {
  const sets = new Map<SplitName, Instance[]>();
  for (const split of splits) {
    const set = evalSet(suite, split, perSplit, seeds.eval);
    if (set.length > 0) sets.set(split, set);
  }
  return sets;
}

/**
 * The suite config a trial builds: `data` with its seed decided, `data.seed` when the config fixes it, else the
 * trial's `suite` branch. The trial config itself keeps `data.seed` absent, so a stored config tells a suite per seed
 * from a fixed suite.
 */
export function trialSuiteConfig(data: SuiteConfig, seeds: TrialSeeds): Seeded<SuiteConfig> {
  return { ...data, seed: data.seed ?? seeds.suite };
}

/** The task suite of a trial with this seed tree: what `runTrial`, its plan-time check and `clusterlens probe` build. */
export function trialSuite(data: SuiteConfig, seeds: TrialSeeds): AnySuite {
  return buildSuite(trialSuiteConfig(data, seeds));
}
