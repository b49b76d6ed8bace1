// Hidden states at the probe position: one vector per instance.
import type { Instance } from '@clusterlens/tasks';

export const PROBE_POSITIONS = ['sep', 'ans', 'last-instruction-word', 'mean-instruction'] as const;
export type ProbePosition = (typeof PROBE_POSITIONS)[number];

/**
 * Positions whose hidden state, in the protocol's instruction-first order, depends on the instruction alone: there a
 * held-out pair of a trained instruction has a training instance's state (PROTOCOL section 4, revision 2).
 */
export const INSTRUCTION_ONLY_POSITIONS: readonly ProbePosition[] = ['sep', 'last-instruction-word', 'mean-instruction'];

/**
 * Copies, for each instance b of a batch, the hidden state (C) at its probe position out of hidden (B,T,C)
 * into out at rows offset + b. 'mean-instruction' averages the instruction tokens.
 */
export function gatherRepresentations(
  out: Float32Array,
  offset: number,
  hidden: Float32Array,
  instances: Instance[],
  T: number,
  C: number,
  position: ProbePosition,
): void {
  instances.forEach((instance, b) => {
    const row = out.subarray((offset + b) * C, (offset + b + 1) * C);
    const at = (t: number) => hidden.subarray((b * T + t) * C, (b * T + t + 1) * C);
    const p = instance.positions;
    switch (position) {
      case 'sep':
        row.set(at(p.sep));
        break;
      case 'ans':
        row.set(at(p.ans));
        break;
      case 'last-instruction-word':
        row.set(at(p.lastInstructionWord));
        break;
      case 'mean-instruction': {
        row.fill(0);
        const count = p.instructionEnd - p.instructionStart;
        for (let t = p.instructionStart; t < p.instructionEnd; t++) {
          const h = at(t);
          for (let c = 0; c < C; c++) row[c] += h[c] / count;
        }
        break;
      }
    }
  });
}
