/**
 * The steps at which a trial evaluates: step 0 (initialisation), `early` log-spaced steps below `every`
 * (clusters form fast, so the first hundred steps need a closer look), then every `every` steps, and the last step.
 */
export function evaluationSteps(steps: number, every: number, early: number): number[] {
  const chosen = new Set<number>([0, steps]);
  for (let i = 1; i <= early; i++) {
    const step = Math.round(every ** (i / (early + 1)));
    if (step < every && step <= steps) chosen.add(step);
  }
  for (let step = every; step <= steps; step += every) chosen.add(step);
  return [...chosen].sort((a, b) => a - b);
}
