// Lloyd iteration time of the native k-means against ml-kmeans (pure JavaScript), on the same
// points from the same initial centroids, measured in the same run so the ratio is meaningful on a
// noisy machine; the absolute numbers depend on the machine and are not goals.
//
// Per-iteration time of the native kernel is a difference: (time of A + B iterations - time of A
// iterations) / B, both from the same initial centroids with tol 0, so the fixed costs of a call
// (copying the data in, the final relabelling and inertia) cancel. ml-kmeans is timed per step
// through its generator (each step = one assignment and centroid update), median over the steps.
import { performance } from 'node:perf_hooks';

import { Random } from '@clusterlens/schema';

import { median } from './median.js';
import { printTable, type ResultRow } from './table.js';

const N = 100_000;
const DIM = 128;
const K = 8;
const SEED = 0;
// Blob centres this close (in units of the noise) overlap heavily: Lloyd keeps moving for ~200
// iterations instead of converging in a handful, so both sides run the same iteration count.
const CENTRE_SPREAD = 0.1;
const BASE_ITERATIONS = 5;
const TIMED_ITERATIONS = 20;
const REPEATS = 3;
const THREAD_COUNTS = [1, 2];

// (N, DIM) points, point i around centre i % K, unit Gaussian noise; K distinct points as the start.
function makeProblem(): { data: Float32Array; init: Float32Array } {
  const random = new Random(SEED);
  const centres = Float64Array.from({ length: K * DIM }, () => CENTRE_SPREAD * random.normal());
  const data = new Float32Array(N * DIM);
  for (let i = 0; i < N; i++) {
    const c = i % K;
    for (let d = 0; d < DIM; d++) data[i * DIM + d] = centres[c * DIM + d]! + random.normal();
  }
  const init = new Float32Array(K * DIM);
  const chosen = new Set<number>();
  while (chosen.size < K) chosen.add(random.int(N));
  [...chosen].forEach((row, c) => init.set(data.subarray(row * DIM, (row + 1) * DIM), c * DIM));
  return { data, init };
}

interface NativeTiming {
  msPerIteration: number;
  labels: Int32Array;
  iterations: number;
}

async function measureNative(data: Float32Array, init: Float32Array, threads: number): Promise<NativeTiming> {
  // Imported here, not at the top, so the other benchmarks still run when the engine is not built.
  const { kmeans } = await import('@clusterlens/native');
  const run = async (maxIter: number) => {
    const start = performance.now();
    const result = await kmeans(data, { n: N, dim: DIM, k: K, seed: SEED, tol: 0, maxIter, init, threads });
    return { ms: performance.now() - start, result };
  };
  await run(2); // warm-up: page in the data, start the thread pool
  const base: number[] = [];
  const long: number[] = [];
  let last: Awaited<ReturnType<typeof run>> | undefined;
  for (let r = 0; r < REPEATS; r++) {
    const a = await run(BASE_ITERATIONS);
    last = await run(BASE_ITERATIONS + TIMED_ITERATIONS);
    const extra = last.result.iterations - a.result.iterations;
    if (extra !== TIMED_ITERATIONS) {
      throw new Error(`native k-means converged after ${last.result.iterations} iterations; the data must keep it moving`);
    }
    base.push(a.ms);
    long.push(last.ms);
  }
  return {
    msPerIteration: (median(long) - median(base)) / TIMED_ITERATIONS,
    labels: last!.result.labels,
    iterations: last!.result.iterations,
  };
}

interface JsTiming {
  msPerIteration: number;
  labels: Int32Array;
  iterations: number;
}

async function measureMlKmeans(data: Float32Array, init: Float32Array): Promise<JsTiming> {
  const { kmeansGenerator } = await import('ml-kmeans');
  const points: number[][] = Array.from({ length: N }, (_, i) => Array.from(data.subarray(i * DIM, (i + 1) * DIM)));
  const initialization: number[][] = Array.from({ length: K }, (_, c) => Array.from(init.subarray(c * DIM, (c + 1) * DIM)));
  const stepMs: number[] = [];
  let clusters: number[] = [];
  let iterations = 0;
  const steps = kmeansGenerator(points, K, {
    initialization,
    maxIterations: BASE_ITERATIONS + TIMED_ITERATIONS,
    tolerance: 0,
  });
  for (;;) {
    const start = performance.now();
    const next = steps.next();
    if (next.done) break;
    stepMs.push(performance.now() - start);
    clusters = next.value.clusters;
    iterations = next.value.iterations;
  }
  // skip the first steps (JIT warm-up), as the native side skips its base iterations
  return { msPerIteration: median(stepMs.slice(BASE_ITERATIONS)), labels: Int32Array.from(clusters), iterations };
}

export async function benchKmeans(): Promise<void> {
  console.log(
    `k-means, ${N.toLocaleString('en-US')} x ${DIM} points, k = ${K}, same initial centroids, tol 0; ` +
      `native: ${TIMED_ITERATIONS} iterations by difference, median of ${REPEATS}; ml-kmeans: median step`,
  );
  const { data, init } = makeProblem();
  const js = await measureMlKmeans(data, init);
  const rows: ResultRow[] = [];
  let agreement: number | undefined;
  for (const threads of THREAD_COUNTS) {
    const native = await measureNative(data, init, threads);
    rows.push({
      name: `native, ${threads} thread${threads === 1 ? '' : 's'}`,
      value: native.msPerIteration,
      unit: 'ms/iter',
      ratio: js.msPerIteration / native.msPerIteration,
    });
    if (agreement === undefined && native.iterations === js.iterations) {
      let same = 0;
      for (let i = 0; i < N; i++) if (native.labels[i] === js.labels[i]) same++;
      agreement = same / N;
    }
  }
  rows.push({ name: 'ml-kmeans 7 (JavaScript)', value: js.msPerIteration, unit: 'ms/iter' });
  printTable('Lloyd iteration (ratio = ml-kmeans / native)', rows);
  if (agreement !== undefined) {
    // Overlapping blobs: points near a boundary can go either way with float (native) or double
    // (ml-kmeans) distances, and the runs drift apart slowly; a sanity check, not an accuracy measure.
    console.log(`  labels after ${js.iterations} iterations: ${(100 * agreement).toFixed(2)}% identical to ml-kmeans`);
  }
}
