// A trial's seed tree: every random choice of a trial descends from its seed through one named branch, so the same
// seed draws the same choices in a trial, in `clusterlens probe --seed`, and on any machine.
import { Random, type SplitName } from '@clusterlens/schema';
import { evalSet, type Instance, type Suite } from '@clusterlens/tasks';

export class TrialSeeds {
  readonly #root: Random;

  constructor(readonly seed: number) {
    this.#root = new Random(seed);
  }

  /** The engine's parameter initialisation (an integer: the C++ engine seeds its own generator with it). */
  get init(): number {
    return this.#root.fork('init').seed();
  }

  /** The order of training batches. */
  get sampler(): Random {
    return this.#root.fork('sampler');
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
