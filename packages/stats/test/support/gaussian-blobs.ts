// Gaussian blobs: points gathered around one centre per task, for the principal-component tests here and the
// pictures of hidden states in @clusterlens/report's tests.
import { Random } from '@clusterlens/schema';

/** k tasks, each centred on its own axis at distance `separation`, unit Gaussian noise; seeded. */
export function gaussianBlobs(n: number, dim: number, k: number, separation: number, seed: number): { points: Float32Array; tasks: Int32Array } {
  const random = new Random(seed);
  // Box-Muller; 1 - float() lies in (0, 1], so the logarithm is finite.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.float())) * Math.cos(2 * Math.PI * random.float());
  const points = new Float32Array(n * dim);
  const tasks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    tasks[i] = i % k;
    for (let d = 0; d < dim; d++) points[i * dim + d] = gaussian() + (d === tasks[i] % dim ? separation : 0);
  }
  return { points, tasks };
}
