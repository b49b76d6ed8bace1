import { describe, expect, it } from 'vitest';

import type { Instance } from '@clusterlens/tasks';

import { gatherRepresentations, PROBE_POSITIONS, scatterRepresentationGrad } from '../src/representations.js';

// Two instances, T = 4, C = 2; hidden[b, t] = [10 b + t, -(10 b + t)].
const T = 4;
const C = 2;
const hidden = Float32Array.from({ length: 2 * T * C }, (_, i) => {
  const bt = Math.floor(i / C);
  const value = 10 * Math.floor(bt / T) + (bt % T);
  return i % C === 0 ? value : -value;
});
const positions = (sep: number, ans: number) =>
  ({ sep, ans, output: ans + 1, eos: ans + 2, lastInstructionWord: sep - 1, instructionStart: 1, instructionEnd: sep }) as Instance['positions'];
const instances = [{ positions: positions(2, 3) }, { positions: positions(3, 3) }] as Instance[];

function gather(position: Parameters<typeof gatherRepresentations>[6]): number[] {
  const out = new Float32Array(2 * C);
  gatherRepresentations(out, 0, hidden, instances, T, C, position);
  return [...out];
}

describe('probe-position representations', () => {
  it('sep takes the hidden state at each instance own SEP position', () => {
    expect(gather('sep')).toEqual([2, -2, 13, -13]);
  });

  it('ans takes the hidden state at ANS', () => {
    expect(gather('ans')).toEqual([3, -3, 13, -13]);
  });

  it('last-instruction-word takes the token before SEP', () => {
    expect(gather('last-instruction-word')).toEqual([1, -1, 12, -12]);
  });

  it('mean-instruction averages the instruction tokens', () => {
    expect(gather('mean-instruction')).toEqual([1, -1, 11.5, -11.5]);
  });
});

describe('scatterRepresentationGrad, the adjoint of gatherRepresentations', () => {
  // <gather(hidden), rowGrad> = <hidden, scatter(rowGrad)> for every hidden and rowGrad: checked on a basis of rowGrad.
  it.each(PROBE_POSITIONS)('at %s, sends each row gradient to the states its row was read from', (position) => {
    for (let k = 0; k < 2 * C; k++) {
      const rowGrad = Float32Array.from({ length: 2 * C }, (_, i) => (i === k ? 1 : 0));
      const hiddenGrad = new Float32Array(2 * T * C);
      scatterRepresentationGrad(hiddenGrad, rowGrad, 0, instances, T, C, position);
      const rows = new Float32Array(2 * C);
      gatherRepresentations(rows, 0, hidden, instances, T, C, position);
      const read = hidden.reduce((sum, h, i) => sum + h * hiddenGrad[i], 0);
      expect(read).toBeCloseTo(rows[k], 6);
    }
  });

  it('spreads a mean-instruction gradient 1/count over the instruction tokens and adds to what is there', () => {
    const hiddenGrad = new Float32Array(2 * T * C).fill(1);
    scatterRepresentationGrad(hiddenGrad, [4, 8, 2, 6], 0, instances, T, C, 'mean-instruction');
    // Instance 0: instruction token 1 only; instance 1: tokens 1 and 2.
    expect([...hiddenGrad]).toEqual([1, 1, 5, 9, 1, 1, 1, 1, 1, 1, 2, 4, 2, 4, 1, 1]);
  });
});
