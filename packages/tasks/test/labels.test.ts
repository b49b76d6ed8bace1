import { describe, expect, it } from 'vitest';

import { batchTensors, buildSuite, IGNORE_LABEL, labelsFor } from '@clusterlens/tasks';

describe('Hugging Face labels', () => {
  const suite = buildSuite({ kind: 'synthetic', seed: 1 });
  const instance = suite.split('train')[0];
  const { positions, tokens } = instance;

  it("'output' labels only the output token and EOS, with the token at that position", () => {
    const labels = labelsFor(instance, 'output');
    const expected = new Int32Array(32).fill(IGNORE_LABEL);
    expected[positions.output] = tokens[positions.output];
    expected[positions.eos] = suite.vocabulary.eos;
    expect(labels).toEqual(expected);
    expect(IGNORE_LABEL).toBe(-100);
  });

  it("'all' labels every non-PAD position except BOS", () => {
    const labels = labelsFor(instance, 'all');
    for (let t = 0; t < 32; t++) {
      const labelled = t > 0 && tokens[t] !== suite.vocabulary.pad;
      expect(labels[t]).toBe(labelled ? tokens[t] : IGNORE_LABEL);
    }
  });

  it('batchTensors concatenates rows of tokens and labels (B,T)', () => {
    const batch = suite.split('train').slice(0, 3);
    const { tokens: bt, labels: bl } = batchTensors(batch, 'output');
    expect(bt).toHaveLength(3 * 32);
    expect(bl).toHaveLength(3 * 32);
    batch.forEach((row, b) => {
      expect(bt.subarray(b * 32, (b + 1) * 32)).toEqual(row.tokens);
      expect(bl.subarray(b * 32, (b + 1) * 32)).toEqual(labelsFor(row, 'output'));
    });
  });

  it('rejects an empty batch and an unknown loss', () => {
    expect(() => batchTensors([], 'all')).toThrow(/empty/);
    expect(() => labelsFor(instance, 'none' as 'all')).toThrow(/'none' is not 'output' or 'all'/);
  });
});
