import { describe, expect, it } from 'vitest';

import { buildSuite } from '@clusterlens/tasks';

const decode = (suite: ReturnType<typeof buildSuite>, tokens: Int32Array) => suite.tokenizer.decode([...tokens]).split(' ');

describe('sequence order', () => {
  it('instruction-first lays out BOS instruction SEP input ANS output EOS (the default)', () => {
    const suite = buildSuite({ kind: 'synthetic' });
    const x = suite.split('train')[0];
    const words = decode(suite, x.tokens);
    expect(words.slice(0, x.words.length + 2)).toEqual(['BOS', ...x.words, 'SEP']);
    expect(x.positions.sep).toBe(x.words.length + 1);
    expect(words[x.positions.sep + 1]).toMatch(/^x\d+$/);
    expect(words[x.positions.ans]).toBe('ANS');
  });

  it('input-first puts the input before SEP and the instruction between SEP and ANS, with positions to match', () => {
    const suite = buildSuite({ kind: 'synthetic', order: 'input-first' });
    const x = suite.split('train')[0];
    const words = decode(suite, x.tokens);
    expect(words[1]).toMatch(/^x\d+$/);
    expect(words[x.positions.sep]).toBe('SEP');
    expect(words.slice(x.positions.instructionStart, x.positions.instructionEnd)).toEqual(x.words);
    expect(x.positions.instructionStart).toBe(x.positions.sep + 1);
    expect(words[x.positions.lastInstructionWord]).toBe(x.words[x.words.length - 1]);
    expect(words[x.positions.ans]).toBe('ANS');
    expect(words[x.positions.output]).toMatch(/^y\d+$/);
    expect(words[x.positions.eos]).toBe('EOS');
  });

  it('the order does not change which instances exist', () => {
    const a = buildSuite({ kind: 'synthetic' });
    const b = buildSuite({ kind: 'synthetic', order: 'input-first' });
    const key = (s: typeof a) => s.split('validation').map((x) => [x.task, x.distribution, x.sample, x.input].join(','));
    expect(key(b)).toEqual(key(a));
  });
});
