// Hidden states at the probe position: one vector per instance, and the adjoint that takes a gradient on those vectors
// back to the (B,T,C) states they were read from.
import type { Instance } from '@clusterlens/tasks';

export const PROBE_POSITIONS = ['sep', 'ans', 'last-instruction-word', 'mean-instruction'] as const;
export type ProbePosition = (typeof PROBE_POSITIONS)[number];

/**
 * Positions whose hidden state, in the protocol's instruction-first order, depends on the instruction alone: there a
 * held-out pair of a trained instruction has a training instance's state (PROTOCOL section 4, revision 2).
 */
export const INSTRUCTION_ONLY_POSITIONS: readonly ProbePosition[] = ['sep', 'last-instruction-word', 'mean-instruction'];

/** The token positions whose states, averaged, are an instance's representation at `position`. */
export function probeTokens(positions: Instance['positions'], position: ProbePosition): number[] {
  switch (position) {
    case 'sep':
      return [positions.sep];
    case 'ans':
      return [positions.ans];
    case 'last-instruction-word':
      return [positions.lastInstructionWord];
    case 'mean-instruction':
      return Array.from({ length: positions.instructionEnd - positions.instructionStart }, (_, i) => positions.instructionStart + i);
  }
}

/**
 * Copies, for each instance b of a batch, the hidden state (C) at its probe position out of hidden (B,T,C)
 * into out at rows offset + b. 'mean-instruction' averages the instruction tokens.
 */
export function gatherRepresentations(
  out: Float32Array,
  offset: number,
  hidden: Float32Array,
  instances: readonly Instance[],
  T: number,
  C: number,
  position: ProbePosition,
): void {
  instances.forEach((instance, b) => {
    const row = out.subarray((offset + b) * C, (offset + b + 1) * C);
    const tokens = probeTokens(instance.positions, position);
    const at = (t: number) => hidden.subarray((b * T + t) * C, (b * T + t + 1) * C);
    if (tokens.length === 1) {
      row.set(at(tokens[0]));
      return;
    }
    row.fill(0);
    for (const t of tokens) {
      const h = at(t);
      for (let c = 0; c < C; c++) row[c] += h[c] / tokens.length;
    }
  });
}

/**
 * The adjoint of gatherRepresentations: adds each instance's gradient (rows offset + b of grad, N x C) into
 * hiddenGrad (B,T,C) at the tokens its representation was read from, 1/count to each of an average's tokens.
 */
export function scatterRepresentationGrad(
  hiddenGrad: Float32Array,
  grad: ArrayLike<number>,
  offset: number,
  instances: readonly Instance[],
  T: number,
  C: number,
  position: ProbePosition,
): void {
  instances.forEach((instance, b) => {
    const tokens = probeTokens(instance.positions, position);
    for (const t of tokens) {
      const base = (b * T + t) * C;
      for (let c = 0; c < C; c++) hiddenGrad[base + c] += grad[(offset + b) * C + c] / tokens.length;
    }
  });
}
